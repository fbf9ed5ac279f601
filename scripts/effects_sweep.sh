#!/bin/bash
# Effects on generated data over seeds: stratified and crude, with and without effects.
# One line per seed, data, adjustment and lever: difference, interval, whether it
# excludes zero (docs/metrics.md, Effect). PEOPLE=2400 for a larger organisation.
B=${UPTAKE:-$HOME/.cache/uptake-target/debug/uptake}
for seed in 1 2 3 4 5 6 7 8 9 10; do
  for mode in effects none; do
    d=$(mktemp -d); cd $d
    extra=""; [ $mode = none ] && extra="--no-effects"
    $B -q generate --people ${PEOPLE:-1200} --days 240 --seed $seed --out g $extra >/dev/null
    $B -q ingest generic g/events.csv >/dev/null; $B -q roster import g/roster.csv >/dev/null
    for adj in "wave,department,profile" "none"; do
      $B effects --plan g/plan.toml --format json --adjust-for $adj > e.json
      python3 - "$seed" "$mode" "$adj" <<'PY'
import json,sys
d=json.load(open("e.json"))
for r in d["rows"]:
    if r["effect"] in ("ambassadors","managers") and r["measure"]=="activated by day 30":
        lo,hi=r["ci_low"],r["ci_high"]
        print(sys.argv[1],sys.argv[2],sys.argv[3],r["effect"],round(r["difference"],3),round(lo,3),round(hi,3),"excl0" if lo>0 or hi<0 else "incl0")
PY
    done
    cd /; rm -rf $d
  done
done
