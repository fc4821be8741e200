// NodeConfig: the parameters every node of a cluster shares (constant for a run). The simulator
// fills it from the scenario; defaults here are the scenario format's defaults.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "dynamo/bugs.h"
#include "dynamo/reconcile.h"
#include "dynamo/ring.h"
#include "dynamo/types.h"

namespace dynamo {

struct NodeConfig {
  // Quorum parameters (paper section 4.5). REQUIRES: 1 <= r, w <= n.
  size_t n = 3;
  size_t r = 2;
  size_t w = 2;
  // Primary quorums (Riak's PR, PW): of the R (W) answers, at least pr (pw) come from top-N
  // owners, not stand-ins. 0 = any R (W) answers, as in the paper. REQUIRES: pr, pw <= n.
  size_t pr = 0;
  size_t pw = 0;
  // A coordinator gives up on replicas that have not answered by then.
  TimeUs request_timeout_us = 500'000;
  // After a get, write the reconciled versions back to replicas that answered with less.
  bool read_repair = true;
  ResolutionMode resolution = ResolutionMode::kVectorClock;
  // Vector clocks are truncated past this many entries (paper section 4.4).
  size_t vector_clock_max_entries = 10;
  // Merkle anti-entropy (paper section 4.7, anti_entropy.h): every range exchanged once per interval,
  // trees of merkle_depth levels. Off here, unlike the scenario format's default, so a node
  // wired by hand starts no background timer; the simulator sets it from the scenario.
  bool anti_entropy_enabled = false;
  TimeUs anti_entropy_interval_us = 10'000'000;
  int merkle_depth = 10;
  // Sloppy quorum (paper section 4.6): replace suspected top-N nodes by the next healthy nodes of
  // the preference list. false: strict quorum over the top N only.
  bool sloppy_quorum = true;
  // Hinted handoff: a stand-in delivers its hints to the intended owner every retry interval.
  bool hinted_handoff = true;
  TimeUs hint_retry_interval_us = 1'000'000;
  // Buffered writes (paper section 6.1): a replica acknowledges a write once it is in an in-memory
  // buffer, flushed to durable storage every flush interval; a crash loses the unflushed buffer.
  bool buffered_writes = false;
  TimeUs flush_interval_us = 1'000'000;
  // Local failure detection: a node that left a request unanswered is avoided this long.
  TimeUs suspect_after_us = 2'000'000;
  // Membership (membership.h, paper sections 4.8, 4.9): how rings are built, how many random
  // tokens a joining node takes (strategies 1 and 2), the seed nodes that serve membership
  // changes and that every node gossips with now and then, and the gossip round interval.
  RingParams ring_params;
  // Datacenters (paper section 4.6): every ring built from ring_params walks by this placement,
  // so every node (and a client library routing by a node's ring) agrees on preference lists.
  // Indexed by NodeId over every node of the run, joiners included; empty = no datacenters.
  DatacenterPlacement placement;
  size_t tokens_per_node = 8;
  std::vector<NodeId> seeds;
  TimeUs gossip_interval_us = 1'000'000;
  // Deliberate defects, all off by default (bugs.h).
  Bugs bugs;
};

}  // namespace dynamo
