# The comparison step of tools/reproduce-papers: one scenario's expected quantities against its
# runs. Input: the expected file (scenarios/paper/NAME.expected, JSON). $reports: the report.json
# of each seed's run (jq --slurpfile); $baseline: those of the scenario named by the expected
# file's "baseline" (empty when it names none). Output: one object per quantity, the README's row:
# {name, unit, published, ours, difference, tolerance, verdict, detail}. Every "ours" is read from
# the reports; only "published" comes from the expected file.
#
# Measures (a quantity's "measure"):
#   probability_at  P(a get started exactly t_ms after the latest put's acknowledgement saw it),
#                   pooled over the seeds: sum of saw_at / sum of gets_at of
#                   consistency.t_visibility_at at t_ms (workload.reads_after_put starts the gets);
#   t_for           the smallest chosen t (checks.t_visibility.at) from which the pooled
#                   probability_at is >= p at that t and at every larger chosen t (ms);
#   latency         ops.OP.latency_ms.STAT (e.g. get, p999), the mean over the seeds (ms);
#   latency_ratio   latency(OP, STAT) of these runs / latency(OP, STAT) of the baseline's runs
#                   (e.g. client-driven p99.9 / server-driven p99.9, Dynamo Table 2): a ratio;
#   lost_share      the share of acknowledged puts (cart adds) lost, pooled over the seeds: sum
#                   of consistency.lost_writes / sum of consistency.acknowledged_puts;
#   versions_share  of the successful gets that returned at least one version, the share that
#                   returned exactly VERSIONS ("versions"), or VERSIONS or more with
#                   "at_least": true, pooled over the seeds (consistency.siblings_histogram);
#   load_balance_efficiency  mean load / max load over the nodes (Dynamo Fig. 8), a node's load
#                   being the get and put legs it served as a replica (node_load[].gets_as_replica
#                   + puts_as_replica): computed per run, then the mean over the seeds (each seed
#                   draws its own tokens, so per-node counts of different seeds are not pooled).
# Tolerance: "tolerance" of the quantity if given; else 0.01 absolute for probabilities (one
# percentage point) and 10% of the published value for times and ratios. Verdict "within" or
# "outside"; a measure the reports cannot give (no gets at t, the curve never reaches p) is
# "outside". "published": null is a figure the paper does not give for this setting: ours is
# shown with the verdict "no verdict" (neither within nor outside).

def pooled_at($t):
  [$reports[] | .consistency.t_visibility_at[] | select(.t_ms == $t)] as $points
  | {gets: ([$points[].gets_at] | add // 0), saw: ([$points[].saw_at] | add // 0)};

def probability_at($t):
  pooled_at($t) | if .gets > 0 then .saw / .gets else null end;

def chosen_ts: [$reports[0].consistency.t_visibility_at[].t_ms];

def t_for($p):
  [chosen_ts[] | {t: ., p: probability_at(.)}] as $curve
  | [range(0; $curve | length) as $i
     | select([$curve[$i:][] | (.p != null and .p >= $p)] | all) | $curve[$i].t]
  | first // null;

def latency_of($runs; $op; $stat):
  [$runs[] | .ops[$op].latency_ms[$stat]] as $values
  | if ($values | map(select(. != null)) | length) == ($runs | length) and ($values | length) > 0
    then ($values | add) / ($values | length) else null end;

def latency($op; $stat): latency_of($reports; $op; $stat);

def latency_ratio($op; $stat):
  if ($baseline | length) == 0 then error("measure latency_ratio needs the baseline's reports")
  else [latency($op; $stat), latency_of($baseline; $op; $stat)] as [$ours, $base]
  | if $ours != null and $base != null and $base > 0 then $ours / $base else null end end;

def lost_share:
  ([$reports[].consistency.acknowledged_puts] | add // 0) as $acked
  | if $acked > 0 then ([$reports[].consistency.lost_writes] | add) / $acked else null end;

def version_bins:  # successful gets by versions returned, pooled; gets that found none left out
  [$reports[] | (.consistency.siblings_histogram // {}) | to_entries[]
   | {versions: (.key | tonumber), gets: .value} | select(.versions >= 1)];

def versions_gets: [version_bins[].gets] | add // 0;

def versions_share($versions; $at_least):
  versions_gets as $all
  | ([version_bins[] | select(.versions == $versions or ($at_least and .versions > $versions))
      | .gets] | add // 0) as $some
  | if $all > 0 then $some / $all else null end;

def efficiency_of_run:  # one report: mean / max of the per-node replica legs served
  [.node_load[] | .gets_as_replica + .puts_as_replica] as $loads
  | ($loads | max) as $max
  | if ($loads | length) > 0 and $max > 0 then ($loads | add) / ($loads | length) / $max
    else null end;

def load_balance_efficiency:
  [$reports[] | efficiency_of_run] as $runs
  | if ($runs | length) > 0 and ($runs | all(. != null)) then ($runs | add) / ($runs | length)
    else null end;

def ours:
  if .measure == "probability_at" then probability_at(.t_ms)
  elif .measure == "t_for" then t_for(.p)
  elif .measure == "latency" then latency(.op; .stat)
  elif .measure == "latency_ratio" then latency_ratio(.op; .stat)
  elif .measure == "lost_share" then lost_share
  elif .measure == "versions_share" then versions_share(.versions; .at_least // false)
  elif .measure == "load_balance_efficiency" then load_balance_efficiency
  else error("unknown measure \(.measure)") end;

def unit:
  if .measure == "probability_at" or .measure == "lost_share" or .measure == "versions_share"
  then "probability"
  elif .measure == "latency_ratio" or .measure == "load_balance_efficiency" then "ratio"
  else "ms" end;

def tolerance:
  if .published == null then null
  elif has("tolerance") then .tolerance
  elif unit == "probability" then 0.01
  else 0.10 * .published end;

.quantities[]
| . as $q
| ($q | ours) as $ours
| ($q | tolerance) as $tol
| {name: $q.name, unit: ($q | unit), published: $q.published, ours: $ours,
   difference: (if $ours == null or $q.published == null then null else $ours - $q.published end),
   tolerance: $tol,
   gets: (if $q.measure == "probability_at" then pooled_at($q.t_ms).gets
          elif $q.measure == "versions_share" then versions_gets else null end),
   verdict: (if $q.published == null then "no verdict"
             elif $ours != null and (($ours - $q.published) | fabs) <= $tol + 1e-12
             then "within" else "outside" end)}
