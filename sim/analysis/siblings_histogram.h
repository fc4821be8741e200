// Divergence (paper section 6.3; design.md): how many versions each successful get returned. A
// get that found no version of its key returns 0 versions and counts under 0.
#pragma once

#include <cstdint>

#include "absl/container/btree_map.h"
#include "sim/history.h"

namespace sim {

struct SiblingsHistogram {
  absl::btree_map<int, uint64_t> gets_by_versions;  // versions returned -> successful gets
  int max_versions = 0;  // most versions any successful get returned; 0 when none succeeded
};

SiblingsHistogram ComputeSiblingsHistogram(const History& history);

}  // namespace sim
