#include "sim/analysis/siblings_histogram.h"

#include <algorithm>

namespace sim {

SiblingsHistogram ComputeSiblingsHistogram(const History& history) {
  SiblingsHistogram histogram;
  for (const Op& op : history.ops()) {
    if (op.type != OpType::kGet || !op.ok()) continue;
    const int versions = static_cast<int>(op.read.size());
    ++histogram.gets_by_versions[versions];
    histogram.max_versions = std::max(histogram.max_versions, versions);
  }
  return histogram;
}

}  // namespace sim
