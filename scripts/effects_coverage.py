#!/usr/bin/env python3
"""Summarises scripts/effects_coverage.sh: per lever, measure and mode, how often the
95 % interval covers the true difference, the mean bias, and how often the estimate lies
at or outside an edge of its own interval.

The true difference: with `--no-effects` the generator gives ambassadors and managers no
pull at all (crates/generate/src/simulate.rs, `pulls`/`pulled`), so it is 0. With the
effects built in, truth.json records only the hazard multipliers (1 + 1.5 when the
manager or an ambassador of the team is active), not a difference in shares; the same
seed gives the same organisation in both modes, so the effect the generator adds to the
comparison is taken as the mean over seeds of (group with - group without) - (comparison
with - comparison without) = mean difference with effects - mean difference without.
Usage: effects_coverage.py SWEEP_OUTPUT"""
import sys
from collections import defaultdict

rows = defaultdict(list)  # (effect, measure, mode) -> [(diff, lo, hi)]
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) != 11:
        continue
    seed, mode, effect, measure = f[:4]
    diff, lo, hi = map(float, f[8:11])
    rows[(effect, measure, mode)].append((int(seed), diff, lo, hi))

mean = lambda xs: sum(xs) / len(xs) if xs else float("nan")
print("| lever | measure | data | seeds | true difference | covered | mean bias | mean width | excludes 0 | estimate at/outside an edge |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for (effect, measure, mode) in sorted(rows, key=lambda k: (k[0], k[1], k[2] != "effects")):
    r = rows[(effect, measure, mode)]
    if mode == "none":
        truth = 0.0
    else:
        off = rows.get((effect, measure, "none"), [])
        truth = mean([x[1] for x in r]) - mean([x[1] for x in off])
    days = measure.startswith("median")
    scale, unit = (1, " d") if days else (100, " pts")
    covered = sum(lo <= truth <= hi for _, _, lo, hi in r)
    edge = sum(not (lo < d < hi) for _, d, lo, hi in r)
    excl = sum(lo > 0 or hi < 0 for _, _, lo, hi in r)
    print(f"| {effect} | {measure.replace('_', ' ')} | {'effects built in' if mode == 'effects' else '--no-effects'} "
          f"| {len(r)} | {truth * scale:+.1f}{unit} | {covered} of {len(r)} ({100 * covered / len(r):.0f} %) "
          f"| {(mean([d for _, d, _, _ in r]) - truth) * scale:+.1f}{unit} "
          f"| {mean([hi - lo for _, _, lo, hi in r]) * scale:.1f}{unit} | {excl} of {len(r)} | {edge} of {len(r)} |")
