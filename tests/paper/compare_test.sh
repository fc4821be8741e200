#!/usr/bin/env bash
# tools/paper/compare and tools/paper/readme on crafted report.json files (the few keys they
# read), with values worked out by hand. Usage: compare_test.sh SOURCE_DIR
set -euo pipefail
root="$1"
compare="$root/tools/paper/compare"
readme="$root/tools/paper/readme"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
# The README of compare's rows as tools/reproduce-papers would write it for one scenario.
readme_of() {  # ROWS SCENARIO SEEDS OUT
  jq -c --arg scenario "$2" --arg seeds "$3" '. + {scenario: $scenario, seeds: $seeds, source: "test"}' \
    "$1" >"$4.jsonl"
  "$readme" "$4.jsonl" >"$4"
}

# A report: P(seen at t) = saw/gets at t = 0, 1, 2 ms, and get/put p99.9 latencies.
report() {  # FILE SAW0 SAW1 SAW2 GETS GET_P999 PUT_P999
  jq -n --argjson s0 "$2" --argjson s1 "$3" --argjson s2 "$4" --argjson n "$5" \
     --argjson g "$6" --argjson p "$7" '
    {consistency: {t_visibility_at: [
       {t_ms: 0, gets_at: $n, saw_at: $s0}, {t_ms: 1, gets_at: $n, saw_at: $s1},
       {t_ms: 2, gets_at: $n, saw_at: $s2}]},
     ops: {get: {latency_ms: {p999: $g}}, put: {latency_ms: {p999: $p}}}}' >"$1"
}

cat >"$scratch/expected" <<'JSON'
{"scenario": "x.json", "source": "test", "seeds": [1, 2], "quantities": [
  {"name": "P0", "measure": "probability_at", "t_ms": 0, "published": 0.97},
  {"name": "t99", "measure": "t_for", "p": 0.99, "published": 1.0},
  {"name": "get p99.9", "measure": "latency", "op": "get", "stat": "p999", "published": 2.0},
  {"name": "exact", "measure": "probability_at", "t_ms": 2, "published": 1.0, "tolerance": 0}]}
JSON

# Two seeds pooled: P0 = (960 + 978) / 2000 = 0.969 (0.1 pp off); P(1 ms) = 1990/2000 = 0.995,
# P(2 ms) = 1 -> t for 99% = 1 ms; get p99.9 mean (1.9 + 2.1) / 2 = 2.0.
report "$scratch/a.json" 960 995 1000 1000 1.9 0.5
report "$scratch/b.json" 978 995 1000 1000 2.1 0.5
status=0
"$compare" "$scratch/expected" "$scratch/a.json" "$scratch/b.json" >"$scratch/rows" || status=$?
[ "$status" -eq 0 ] || fail "all within tolerance, but exit $status"
verdicts="$(jq -r -s 'map(.verdict) | join(",")' "$scratch/rows")"
[ "$verdicts" = "within,within,within,within" ] || fail "verdicts $verdicts"
ours="$(jq -r -s 'map(.ours | tostring) | join(",")' "$scratch/rows")"
[ "$ours" = "0.969,1,2,1" ] || fail "ours $ours"
gets="$(jq -r -s '.[0].gets' "$scratch/rows")"
[ "$gets" = "2000" ] || fail "pooled gets $gets"

# Outside: P0 = 948/1000 is 2.2 pp below 97%; get p99.9 2.25 is 12.5% above 2.0; one stale get at
# 2 ms breaks the exact quantity (t for 99% stays 1 ms: P(2 ms) = 0.999 is still >= 0.99).
report "$scratch/c.json" 948 995 999 1000 2.25 0.5
status=0
"$compare" "$scratch/expected" "$scratch/c.json" >"$scratch/rows" || status=$?
[ "$status" -eq 1 ] || fail "quantities outside tolerance, but exit $status"
verdicts="$(jq -r -s 'map(.verdict) | join(",")' "$scratch/rows")"
[ "$verdicts" = "outside,within,outside,outside" ] || fail "verdicts $verdicts"

# Just inside and just outside the 10% time tolerance and the 1 pp probability tolerance.
report "$scratch/d.json" 960 995 1000 1000 2.2 0.5  # P0 0.96: exactly 1 pp; 2.2: exactly 10%
"$compare" "$scratch/expected" "$scratch/d.json" >"$scratch/rows" ||
  fail "values at the tolerance's edge count as within"
report "$scratch/e.json" 959 995 1000 1000 2.201 0.5
status=0
"$compare" "$scratch/expected" "$scratch/e.json" >"$scratch/rows" || status=$?
[ "$status" -eq 1 ] || fail "just past the edges, but exit $status"
verdicts="$(jq -r -s 'map(.verdict) | join(",")' "$scratch/rows")"
[ "$verdicts" = "outside,within,outside,within" ] || fail "edge verdicts $verdicts"

# A curve that never stays at p: t_for is not measured, hence outside.
report "$scratch/f.json" 960 980 985 1000 2.0 0.5
"$compare" "$scratch/expected" "$scratch/f.json" >"$scratch/rows" || true
t_for="$(jq -r -s '.[1] | "\(.ours) \(.verdict)"' "$scratch/rows")"
[ "$t_for" = "null outside" ] || fail "t_for without a crossing: $t_for"

# The README renders every row, the count line, and nothing hard-coded but the header.
readme_of "$scratch/rows" x 1 "$scratch/README.md"
grep -q '| x | 1 | P0 (1000 gets) | 97% | 96% | -1 pp | 1 pp | within |' "$scratch/README.md" ||
  fail "README row for P0: $(grep 'P0' "$scratch/README.md")"
grep -q '| x | 1 | t99 | 1 ms | not measured |  | 0.1 ms | outside |' "$scratch/README.md" ||
  fail "README row for t99: $(grep 't99' "$scratch/README.md")"
grep -q '^2 of 4 quantities within tolerance.$' "$scratch/README.md" || fail "README count line"

# latency_ratio: these runs' latency stat over the baseline's (each the mean over its seeds).
# Baseline p99.9 (60 + 80) / 2 = 70, ours 28: 0.4 against 0.44 (tolerance 10% = 0.044): within;
# means 1.0 / 4.0 = 0.25 against 0.4: outside.
latency_report() {  # FILE GET_P999 GET_MEAN
  jq -n --argjson p "$2" --argjson m "$3" '{ops: {get: {latency_ms: {p999: $p, mean: $m}}}}' >"$1"
}
cat >"$scratch/ratio.expected" <<'JSON'
{"scenario": "x.json", "source": "test", "baseline": "y", "seeds": [1, 2], "quantities": [
  {"name": "p99.9 ratio", "measure": "latency_ratio", "op": "get", "stat": "p999", "published": 0.44},
  {"name": "mean ratio", "measure": "latency_ratio", "op": "get", "stat": "mean", "published": 0.4}]}
JSON
latency_report "$scratch/base1.json" 60 4.0
latency_report "$scratch/base2.json" 80 4.0
latency_report "$scratch/ours1.json" 28 1.0
latency_report "$scratch/ours2.json" 28 1.0
status=0
"$compare" --baseline "$scratch/base1.json" --baseline "$scratch/base2.json" \
  "$scratch/ratio.expected" "$scratch/ours1.json" "$scratch/ours2.json" >"$scratch/rows" || status=$?
[ "$status" -eq 1 ] || fail "latency_ratio with one ratio outside, but exit $status"
ratios="$(jq -r -s 'map("\(.unit) \(.ours) \(.verdict)") | join(",")' "$scratch/rows")"
[ "$ratios" = "ratio 0.4 within,ratio 0.25 outside" ] || fail "latency_ratio rows: $ratios"
# Only the baseline's first seed: 28 / 60.
"$compare" --baseline "$scratch/base1.json" "$scratch/ratio.expected" "$scratch/ours1.json" \
  >"$scratch/rows" || true
one="$(jq -r -s '.[0].ours * 60' "$scratch/rows")"
[ "$one" = "28" ] || fail "latency_ratio against one baseline seed: ours x 60 = $one"
# Without the baseline's reports the ratio cannot be measured: bad input, exit 2.
status=0
"$compare" "$scratch/ratio.expected" "$scratch/ours1.json" >/dev/null 2>&1 || status=$?
[ "$status" -eq 2 ] || fail "latency_ratio without --baseline: exit $status"
"$compare" --baseline "$scratch/base1.json" --baseline "$scratch/base2.json" \
  "$scratch/ratio.expected" "$scratch/ours1.json" "$scratch/ours2.json" >"$scratch/rows" || true
readme_of "$scratch/rows" r "1, 2" "$scratch/ratio.md"
grep -q '| r | 1, 2 | p99.9 ratio | 0.44 | 0.4 | -0.04 | 0.044 | within |' "$scratch/ratio.md" ||
  fail "README row for a ratio: $(grep 'p99.9 ratio' "$scratch/ratio.md")"

# tools/reproduce-papers end to end with a stand-in CLI that writes one crafted report.json per
# run: a scenario with a quantity outside its tolerance (pbs-lnkd-disk-n2: P(t=0) 50% against
# 57.5%) must not stop the others (jepsen-riak-vclock: 0 of 100 adds lost, within), the README
# lists both, and the exit status is 1.
cat >"$scratch/fake-cli" <<'SH'
#!/usr/bin/env bash
# dynamo-sim run SCENARIO --seed S --out DIR ...: writes DIR/report.json and logs the run.
# A scenario named *server* gets p99.9 70 ms and mean 4 ms, any other 28 ms and 1.6 ms.
scenario="$2"
echo "$*" >>"$(dirname "$0")/runs.log"
out=""
while [ $# -gt 0 ]; do
  if [ "$1" = "--out" ]; then out="$2"; shift; fi
  shift
done
mkdir -p "$out"
case "$scenario" in *server*) p999=70 mean=4 ;; *) p999=28 mean=1.6 ;; esac
cat >"$out/report.json" <<JSON
{"consistency": {"t_visibility_at": [{"t_ms": 0, "gets_at": 1000, "saw_at": 500}],
                 "lost_writes": 0, "acknowledged_puts": 100,
                 "siblings_histogram": {"0": 1, "1": 3, "2": 1}},
 "ops": {"get": {"latency_ms": {"p999": $p999, "mean": $mean}},
         "put": {"latency_ms": {"p999": $p999, "mean": $mean}}}}
JSON
SH
chmod +x "$scratch/fake-cli"
status=0
DYNAMO_SIM_CLI="$scratch/fake-cli" "$root/tools/reproduce-papers" --out "$scratch/paper" \
  pbs-lnkd-disk-n2 jepsen-riak-vclock 2>"$scratch/reproduce.err" || status=$?
[ "$status" -eq 1 ] || fail "reproduce-papers with one quantity outside: exit $status ($(cat "$scratch/reproduce.err"))"
grep -q '| pbs-lnkd-disk-n2 | 1 | P(consistent at t = 0) (1000 gets) | 57.5% | 50% |' \
  "$scratch/paper/README.md" || fail "reproduce-papers README lacks the outside row"
grep -q '| jepsen-riak-vclock | 1 | share of acknowledged adds lost | 0% | 0% |' \
  "$scratch/paper/README.md" || fail "reproduce-papers stopped after the outside scenario"
grep -q '^1 of 2 quantities within tolerance.$' "$scratch/paper/README.md" ||
  fail "reproduce-papers count line: $(tail -1 "$scratch/paper/README.md")"

# versions_share: pooled over the seeds, of the gets that returned a version (0 left out):
# 380 / 400 returned 1, 12 / 400 2, 3 / 400 3, 5 / 400 4 or more; published null: no verdict.
jq -n '{consistency: {siblings_histogram: {"0": 5, "1": 90, "2": 6, "3": 3, "5": 1}}}' >"$scratch/v1.json"
jq -n '{consistency: {siblings_histogram: {"1": 290, "2": 6, "4": 4}}}' >"$scratch/v2.json"
cat >"$scratch/versions.expected" <<'JSON'
{"scenario": "x.json", "source": "test", "seeds": [1, 2], "quantities": [
  {"name": "one", "measure": "versions_share", "versions": 1, "published": 0.95},
  {"name": "two", "measure": "versions_share", "versions": 2, "published": null},
  {"name": "three", "measure": "versions_share", "versions": 3, "published": null},
  {"name": "four+", "measure": "versions_share", "versions": 4, "at_least": true, "published": null}]}
JSON
status=0
"$compare" "$scratch/versions.expected" "$scratch/v1.json" "$scratch/v2.json" >"$scratch/rows" ||
  status=$?
[ "$status" -eq 0 ] || fail "versions_share within or without verdict, but exit $status"
shares="$(jq -r -s 'map("\(.ours) \(.gets) \(.verdict)") | join(",")' "$scratch/rows")"
[ "$shares" = "0.95 400 within,0.03 400 no verdict,0.0075 400 no verdict,0.0125 400 no verdict" ] ||
  fail "versions_share rows: $shares"
readme_of "$scratch/rows" v "1, 2" "$scratch/versions.md"
grep -q '| v | 1, 2 | two (400 gets) | not given | 3% |  |  | no verdict |' "$scratch/versions.md" ||
  fail "README row without a published value: $(grep 'two' "$scratch/versions.md")"
grep -q '^1 of 1 quantities within tolerance.$' "$scratch/versions.md" ||
  fail "README count line with unjudged rows: $(grep 'within tolerance' "$scratch/versions.md")"
grep -q '^3 more rows show a figure the paper does not give for their setting (no verdict).$' \
  "$scratch/versions.md" || fail "README line for the unjudged rows"

# An expected file's "set" goes to every run as --set (dynamo-6.3-versions-w2: 3 seeds, 200
# clients at 200 ops/s); its rows have no verdict, so the exit status is 0.
rm -f "$scratch/runs.log"
status=0
DYNAMO_SIM_CLI="$scratch/fake-cli" "$root/tools/reproduce-papers" --out "$scratch/v" \
  dynamo-6.3-versions-w2 2>"$scratch/reproduce.err" || status=$?
[ "$status" -eq 0 ] || fail "reproduce-papers without verdicts: exit $status ($(cat "$scratch/reproduce.err"))"
[ "$(grep -c -- '--set workload.clients=200 --set workload.rate=200 ' "$scratch/runs.log")" -eq 3 ] ||
  fail "runs without the expected file's --set: $(cat "$scratch/runs.log")"
grep -q '| dynamo-6.3-versions-w2 | 1, 2, 3 | gets that saw 1 version (2 shoppers per cart; production: 99.94%) (12 gets) | not given | 75% |' \
  "$scratch/v/README.md" || fail "reproduce-papers versions row: $(grep '1 version' "$scratch/v/README.md")"

# A scenario with a baseline (dynamo-table2-client against dynamo-table2-server, 5 seeds each):
# the baseline runs once, before it, even when it is named too; ratios 28 / 70 = 0.4 and
# 1.6 / 4 = 0.4: within for p99.9 (0.441, 0.444) and mean read (0.397), outside for mean write
# (0.473, tolerance 0.047).
rm -f "$scratch/runs.log"
status=0
DYNAMO_SIM_CLI="$scratch/fake-cli" "$root/tools/reproduce-papers" --out "$scratch/t2" \
  dynamo-table2-client dynamo-table2-server 2>"$scratch/reproduce.err" || status=$?
[ "$status" -eq 1 ] || fail "reproduce-papers with a baseline: exit $status ($(cat "$scratch/reproduce.err"))"
[ "$(wc -l <"$scratch/runs.log")" -eq 10 ] || fail "baseline ran other than once: $(cat "$scratch/runs.log")"
[ "$(head -5 "$scratch/runs.log" | grep -c 'dynamo-table2-server.json')" -eq 5 ] ||
  fail "the baseline did not run first: $(cat "$scratch/runs.log")"
grep -q '| dynamo-table2-client | 1, 2, 3, 4, 5 | p99.9 read latency, client-driven / server-driven (30.4 / 68.9) | 0.441 | 0.4 | -0.041 | 0.044 | within |' \
  "$scratch/t2/README.md" || fail "reproduce-papers ratio row: $(grep 'p99.9 read' "$scratch/t2/README.md")"
grep -q '| dynamo-table2-client | 1, 2, 3, 4, 5 | mean write latency, client-driven / server-driven (1.9 / 4.02) | 0.473 | 0.4 | -0.073 | 0.047 | outside |' \
  "$scratch/t2/README.md" || fail "reproduce-papers ratio row: $(grep 'mean write' "$scratch/t2/README.md")"
grep -q '^7 of 8 quantities within tolerance.$' "$scratch/t2/README.md" ||
  fail "reproduce-papers with a baseline, count line: $(tail -1 "$scratch/t2/README.md")"

# --reuse: every report is there, so nothing runs (a CLI that fails would stop it) and the
# README is the same.
cp "$scratch/t2/README.md" "$scratch/t2-first.md"
printf '#!/usr/bin/env bash\nexit 2\n' >"$scratch/failing-cli"
chmod +x "$scratch/failing-cli"
status=0
DYNAMO_SIM_CLI="$scratch/failing-cli" "$root/tools/reproduce-papers" --out "$scratch/t2" --reuse \
  dynamo-table2-client dynamo-table2-server 2>"$scratch/reproduce.err" || status=$?
[ "$status" -eq 1 ] || fail "reproduce-papers --reuse: exit $status ($(cat "$scratch/reproduce.err"))"
cmp -s "$scratch/t2/README.md" "$scratch/t2-first.md" || fail "reproduce-papers --reuse changed the README"

# load_balance_efficiency: a node's load is the get and put legs it served as a replica; mean /
# max per run, then the mean over the runs (not pooled per node: each seed has its own tokens).
# Run 1: loads 30+10, 20+20, 60+20 = 40, 40, 80: (160 / 3) / 80 = 2/3. Run 2: 100 each: 1.
# Mean 5/6 = 0.8333 (pooling the nodes would give 153.3 / 180 = 0.852; gets only, 0.681):
# within 0.03 of 0.85, outside 0.03 of 0.87. A run whose nodes served nothing: not measured.
node_loads() {  # FILE GETS,PUTS...
  local file="$1"
  shift
  printf '%s\n' "$@" | jq -R -s '{node_load: [split("\n")[] | select(. != "") | split(",")
    | {node: "n", gets_as_replica: (.[0] | tonumber), puts_as_replica: (.[1] | tonumber)}]}' >"$file"
}
node_loads "$scratch/l1.json" 30,10 20,20 60,20
node_loads "$scratch/l2.json" 50,50 100,0 75,25
node_loads "$scratch/l3.json" 0,0 0,0
cat >"$scratch/balance.expected" <<'JSON'
{"scenario": "x.json", "source": "test", "seeds": [1, 2], "quantities": [
  {"name": "near", "measure": "load_balance_efficiency", "published": 0.85, "tolerance": 0.03},
  {"name": "far", "measure": "load_balance_efficiency", "published": 0.87, "tolerance": 0.03}]}
JSON
status=0
"$compare" "$scratch/balance.expected" "$scratch/l1.json" "$scratch/l2.json" >"$scratch/rows" ||
  status=$?
[ "$status" -eq 1 ] || fail "load_balance_efficiency with one row outside, but exit $status"
balance="$(jq -r -s 'map("\(.ours * 10000 | round) \(.unit) \(.verdict)") | join(",")' "$scratch/rows")"
[ "$balance" = "8333 ratio within,8333 ratio outside" ] || fail "load_balance_efficiency rows: $balance"
readme_of "$scratch/rows" b "1, 2" "$scratch/balance.md"
grep -q '| b | 1, 2 | near | 0.85 | 0.833 | -0.017 | 0.03 | within |' "$scratch/balance.md" ||
  fail "README row for an efficiency: $(grep 'near' "$scratch/balance.md")"
"$compare" "$scratch/balance.expected" "$scratch/l3.json" >"$scratch/rows" || true
idle="$(jq -r -s '.[0] | "\(.ours) \(.verdict)"' "$scratch/rows")"
[ "$idle" = "null outside" ] || fail "load_balance_efficiency of idle nodes: $idle"

[ "$failures" -eq 0 ] && echo "compare_test: ok"
exit "$failures"
