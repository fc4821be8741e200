// StampVersion: the version a write issues (paper section 4.4, with the dots of dotted version
// vectors, version.h). The node's coordinator stamps every put it coordinates with it
// (coordinator.h, NewVersion, which chooses the dot from its durable per-key counter); a client
// library that coordinates its own last-write-wins puts (the simulator's `client_library`
// coordination) stamps with it too, under its own actor id. Pure.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dynamo/reconcile.h"
#include "dynamo/types.h"
#include "dynamo/version.h"

namespace dynamo {

// The write of `value` from `context` as dot (actor, counter), `dot_past` being the actor's
// counter in the write's causal past, at the writer's wall-clock time `now_us`: its clock is the
// context's plus the dot (truncated to `max_clock_entries`), the context's loose dots become its
// extra_dots, and (now_us, writer) order it under last-write-wins. The caller checks that the dot
// is new (counter beyond the context's counter of `actor`).
Version StampVersion(const Value& value, const Context& context, NodeId actor, uint64_t counter,
                     uint64_t dot_past, TimeUs now_us, NodeId writer, size_t max_clock_entries);

}  // namespace dynamo
