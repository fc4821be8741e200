// NodeConfig: the parameters every node of a cluster shares (constant for a run). The simulator
// fills it from the scenario; defaults here are the scenario format's defaults.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dynamo/reconcile.h"
#include "dynamo/types.h"

namespace dynamo {

struct NodeConfig {
  // Quorum parameters (paper section 4.5). REQUIRES: 1 <= r, w <= n.
  size_t n = 3;
  size_t r = 2;
  size_t w = 2;
  // A coordinator gives up on replicas that have not answered by then.
  TimeUs request_timeout_us = 500'000;
  // After a get, write the reconciled versions back to replicas that answered with less.
  bool read_repair = true;
  ResolutionMode resolution = ResolutionMode::kVectorClock;
  // Vector clocks are truncated past this many entries (paper section 4.4).
  size_t vector_clock_max_entries = 10;
};

}  // namespace dynamo
