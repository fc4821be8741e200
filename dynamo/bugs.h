// Deliberate defects (`bugs` in a scenario; FoundationDB calls the idea buggify). Each is a
// one-line switch in the node logic that breaks a Dynamo mechanism the way real implementations
// have been broken, so tests can show that some checker catches it. All are off unless a
// scenario lists them; the registry below is the single list of names (the scenario loader
// accepts exactly these).
#pragma once

#include <array>
#include <string_view>

namespace dynamo {

struct Bugs {
  bool ack_before_write = false;
  bool read_repair_skips_siblings = false;
  bool merkle_skips_last_range = false;
  bool vclock_merge_drops_entry = false;
  bool hints_not_persisted = false;
  bool wipe_reuses_clock_actor = false;
  bool reuse_dot = false;
  bool forward_never_falls_back = false;
  bool hint_to_departed_node = false;
};

struct BugInfo {
  std::string_view name;
  bool Bugs::*flag;
  std::string_view symptom;  // what a user should see, and which checker sees it
};

inline constexpr std::array<BugInfo, 9> kBugRegistry = {{
    {"ack_before_write", &Bugs::ack_before_write,
     "the coordinator acknowledges a put as soon as it sends it, before any replica (itself "
     "included) has written it: gets that follow miss acknowledged puts (stale_reads)"},
    {"read_repair_skips_siblings", &Bugs::read_repair_skips_siblings,
     "read repair writes back only the first sibling, stamped with the merged clock of all of "
     "them, so the repaired replica discards the others: acknowledged cart items vanish "
     "(no_lost_writes)"},
    {"merkle_skips_last_range", &Bugs::merkle_skips_last_range,
     "anti-entropy never exchanges the ring's last range: a wiped replica of that range is never "
     "rebuilt when read repair does not reach it (convergence)"},
    {"vclock_merge_drops_entry", &Bugs::vclock_merge_drops_entry,
     "the context of a get drops the oldest entry of the merged vector clock, so a write made "
     "with it fails to supersede the version whose dot that entry held: siblings pile up, most "
     "of all when one node's wall clock is behind and its entries are always the oldest "
     "(max_siblings). It used to lose cart items too: a coordinator whose own entry was dropped "
     "took its next counter from the context and reissued a dot, which the durable dot counter "
     "now rules out"},
    {"hints_not_persisted", &Bugs::hints_not_persisted,
     "hints live in memory only: a stand-in that crashes before delivering them loses writes "
     "acknowledged by stand-ins alone (no_lost_writes)"},
    {"wipe_reuses_clock_actor", &Bugs::wipe_reuses_clock_actor,
     "vector-clock entries name the node, not its disk: a node whose disk was replaced reissues "
     "old dots, and replicas drop its new blind writes as already seen: gets miss them "
     "(stale_reads, registers)"},
    {"reuse_dot", &Bugs::reuse_dot,
     "a coordinator takes its next dot counter from the versions it stores, not from its durable "
     "counter: after its own version was superseded by one that names the dot only among its "
     "extra dots, it issues that dot again and replicas drop the new write as already seen: "
     "acknowledged cart items vanish (no_lost_writes)"},
    {"forward_never_falls_back", &Bugs::forward_never_falls_back,
     "a node outside a key's top N always forwards to the first of the top N and never tracks "
     "the forward: when that node is unreachable the forwarder never tries the next one, so in "
     "a lasting partition the reachable side's forwarded requests time out (availability)"},
    {"hint_to_departed_node", &Bugs::hint_to_departed_node,
     "range transfers and hints aimed at a node that has left are kept and resent to it forever: "
     "a leaving node that holds one never finishes its hand-off, and the hints never reach the "
     "key's current replicas (membership)"},
}};

}  // namespace dynamo
