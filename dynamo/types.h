// The integer vocabulary of the node logic. dynamo/ may not include sim/, so it names its own
// types; the simulator converts at the boundary.
#pragma once

#include <cstdint>

namespace dynamo {

// Index into the cluster's node table (0..nodes-1); stable for the life of a run.
using NodeId = uint32_t;

// A workload key. Keys are integers 0..K-1; their ring position is KeyPosition(key) (md5.h).
using Key = uint64_t;

// A position on the consistent-hashing ring: the top 64 bits of the paper's 128-bit MD5 space.
using RingPosition = uint64_t;

// A point in time or a duration in microseconds.
using TimeUs = int64_t;

}  // namespace dynamo
