#include "dynamo/get_round.h"

#include <type_traits>

#include "dynamo/check.h"

namespace dynamo {
namespace {

// The version every reply holds when each holds exactly that one version (the common case: a
// key with one version, on replicas that agree), else nullptr. Reconciling such replies gives
// that version alone in either mode (the first is kept; an equal one is the same write, and
// under LWW a tie keeps the current one), so neither needs copying them all nor reconciling.
const Version* OnlyVersionOfEveryReply(const GetRound& round) {
  if (round.replies.empty() || round.replies.front().second.size() != 1) return nullptr;
  const Version& first = round.replies.front().second.front();
  for (const auto& [node, versions] : round.replies) {
    if (versions.size() != 1 || !(versions.front() == first)) return nullptr;
  }
  return &first;
}

// Every reply's versions, reconciled the long way (callers try OnlyVersionOfEveryReply first).
Siblings ReconcileAllReplies(const GetRound& round, ResolutionMode mode) {
  absl::InlinedVector<Version, 3> all;  // one version from each of N = 3 replies: no allocation
  for (const auto& [node, versions] : round.replies) {
    all.insert(all.end(), versions.begin(), versions.end());
  }
  return SyntacticReconcile(all, mode);
}

Siblings ReconcileReplies(const GetRound& round, ResolutionMode mode) {
  if (const Version* only = OnlyVersionOfEveryReply(round)) return Siblings{*only};
  return ReconcileAllReplies(round, mode);
}

}  // namespace

bool GetRound::Add(NodeId from, Siblings versions) {
  DYNAMO_CHECK(IsTarget(targets, from), "only a node the get was sent to answers it");
  if (!quorum.Add(from, IsPrimaryTarget(targets, from))) return false;
  if (replies.empty()) fastest = from;
  replies.emplace_back(from, std::move(versions));
  return true;
}

msg::ClientReply ReconciledAnswer(const GetRound& round, ResolutionMode mode, const Bugs& bugs,
                                  NodeId coordinator) {
  DYNAMO_CHECK(round.quorum.Reached(), "a get succeeds only with R answers, PR from primaries");
  msg::ClientReply answer{.ok = true, .coordinator = coordinator};
  answer.versions = ReconcileReplies(round, mode);
  answer.context = MergedContext(answer.versions);
  VectorClock& clock = answer.context.clock;
  if (bugs.vclock_merge_drops_entry && clock.size() > 1) {
    clock.Truncate(clock.size() - 1);  // deliberate bug: loses the oldest entry
  }
  answer.fastest_replica = round.fastest;
  return answer;
}

std::vector<std::pair<NodeId, msg::ReadRepair>> ReadRepairs(const GetRound& round,
                                                            ResolutionMode mode, const Bugs& bugs) {
  DYNAMO_CHECK(round.replies.size() <= round.targets.size(), "at most one reply per target");
  std::vector<std::pair<NodeId, msg::ReadRepair>> repairs;
  if (round.replies.empty()) return repairs;
  if (OnlyVersionOfEveryReply(round) != nullptr) return repairs;  // every replica is up to date
  const Siblings latest = ReconcileAllReplies(round, mode);
  const uint64_t latest_digest = SiblingsDigest(latest);
  for (const auto& [node, versions] : round.replies) {
    if (SiblingsDigest(versions) == latest_digest) continue;
    if (!IsPrimaryTarget(round.targets, node)) continue;  // repair owners only; stand-ins hold hints
    msg::ReadRepair repair{latest};
    if (bugs.read_repair_skips_siblings && latest.size() > 1) {
      // Deliberate bug: one sibling, stamped with everyone's clock, supersedes the others.
      repair.versions = {latest.front()};
      repair.versions.front().clock = MergedContext(latest).clock;
    }
    repairs.emplace_back(node, std::move(repair));
  }
  return repairs;
}

template <typename Leg>
ReplicaLegList ReplicaLegs(uint64_t request_id, Key key, const Leg& leg,
                           const ReplicaTargets& targets, bool buffered_writes) {
  bool durable_chosen = true;
  if constexpr (std::is_same_v<Leg, msg::Put>) durable_chosen = !buffered_writes;
  ReplicaLegList legs;
  legs.reserve(targets.size());
  for (const ReplicaTarget& target : targets) {
    DYNAMO_CHECK(target.stand_in || target.intended == target.node,
                 "a target that is not a stand-in is the replica it serves");
    Message& message =
        legs.emplace_back(target.node, MakeMessage<Leg>(request_id, key, leg)).second;
    Leg& sent = message.As<Leg>();
    if (target.stand_in) {
      sent.hint_for = target.intended;
    } else if (!durable_chosen) {
      durable_chosen = true;
      if constexpr (std::is_same_v<Leg, msg::Put>) sent.durable_write = true;
    }
  }
  return legs;
}

template ReplicaLegList ReplicaLegs(uint64_t, Key, const msg::Get&, const ReplicaTargets&, bool);
template ReplicaLegList ReplicaLegs(uint64_t, Key, const msg::Put&, const ReplicaTargets&, bool);

}  // namespace dynamo
