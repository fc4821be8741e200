// The page `dynamo-sim report SWEEP.jsonl` writes: one self-contained HTML file (inline CSS and
// SVG, no script, no network) across the seeds of a sweep: the verdict (seeds passed and
// failed), a table of each metric's mean, min and max with their seeds, how often each check
// failed, the distributions over seeds of get and put availability, stale-read fraction and lost
// writes (histograms), and every failing seed with its failed checks, the first failure's detail
// and its reproduce command. Input is the sweep's lines alone (sweep_line.h); the same lines
// give the same bytes.
#pragma once

#include <string>
#include <vector>

#include "tools/dynamo-sim/sweep_line.h"

namespace sim::cli {

// `lines` in seed order (at least one); `source` names the file they came from.
std::string RenderSweepReportHtml(const std::vector<SweepLine>& lines, const std::string& source);

}  // namespace sim::cli
