#!/bin/bash
# Coverage of the effects' intervals on generated organisations whose truth is known
# (docs/metrics.md, Effect: "How well this recovers known effects").
# For each seed, generates the organisation twice from the same seed (same people, teams,
# ambassadors and waves; the seed fixes the organisation before any draw depends on the
# effects): with the effects built in, and with `--no-effects`. Prints one line per seed,
# mode, lever and measure:
#   seed mode effect measure group_people comparison_people group_value comparison_value difference ci_low ci_high
# Summarise with scripts/effects_coverage.py. Sizes: seeds FIRST (1) to SEEDS (50), PEOPLE (1200),
# DAYS (240), BOOTSTRAP (500), ADJUST (wave,department,profile). With KEEP=dir, each
# seed's store and plan are kept in dir/SEED-MODE (the events file removed), so that
# another binary can be run on the same data: UPTAKE=... REUSE=dir scripts/effects_coverage.sh
B=${UPTAKE:-${CARGO_TARGET_DIR:-$HOME/.cache/uptake-target}/debug/uptake}
for seed in $(seq "${FIRST:-1}" "${SEEDS:-50}"); do
  for mode in effects none; do
    if [ -n "$REUSE" ]; then
      d=$REUSE/$seed-$mode; [ -f "$d/g/plan.toml" ] || continue; cd "$d" || exit 1
    else
      d=$(mktemp -d); cd "$d" || exit 1
      extra=""; [ $mode = none ] && extra="--no-effects"
      $B -q generate --people "${PEOPLE:-1200}" --days "${DAYS:-240}" --seed "$seed" --out g $extra >/dev/null
      $B -q ingest generic g/events.csv >/dev/null; $B -q roster import g/roster.csv >/dev/null
      rm -f g/events.csv
    fi
    $B effects --plan g/plan.toml --format json --bootstrap "${BOOTSTRAP:-500}" \
      --adjust-for "${ADJUST:-wave,department,profile}" > e.json
    python3 - "$seed" "$mode" <<'PY'
import json, sys
for r in json.load(open("e.json"))["rows"]:
    if r["effect"] in ("ambassadors", "managers") and r["difference"] is not None:
        print(sys.argv[1], sys.argv[2], r["effect"], r["measure"].replace(" ", "_"),
              r["group_people"], r["comparison_people"], *(round(r[k], 5) for k in
              ("group_value", "comparison_value", "difference", "ci_low", "ci_high")))
PY
    cd /
    if [ -n "$KEEP" ] && [ -z "$REUSE" ]; then mkdir -p "$KEEP"; mv "$d" "$KEEP/$seed-$mode"
    elif [ -z "$REUSE" ]; then rm -rf "$d"; fi
  done
done
