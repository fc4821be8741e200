// The workload key a Dynamo message concerns, for trace notes (sim/engine/trace.h): what lets
// `run --trace-key` keep a key's message events. Not part of the digest.
#pragma once

#include <cstdint>

#include "dynamo/message.h"

namespace sim {

// The message's key for client, coordination, replication, read-repair, hinted-handoff,
// anti-entropy repair_push and range_transfer messages; TraceNote::kNone for the Merkle exchanges
// (merkle_root, merkle_nodes, merkle_keys), which concern a key range rather than one key, and
// for membership messages (gossip, gossip_reply, membership_change, membership_reply).
uint64_t MessageTraceKey(const dynamo::Message& message);

}  // namespace sim
