#include "sim/analysis/clock_cover.h"

#include <algorithm>
#include <utility>

#include "dynamo/vector_clock.h"
#include "sim/analysis/prefix_max.h"
#include "sim/engine/check.h"

namespace sim {
namespace {

// The single-entry put clocks of one node: their counters, and the latest completion so far of
// the added puts at or below each counter.
struct NodeCounters {
  dynamo::NodeId node = 0;
  std::vector<uint64_t> counters;  // distinct, ascending
  PrefixMax latest_us{0};
};

class ClockIndex {
 public:
  // Prepares room for every put of `acked` with a single-entry clock.
  ClockIndex(const History& history, absl::Span<const PutRecord* const> acked) {
    std::vector<std::pair<dynamo::NodeId, uint64_t>> entries;
    for (const PutRecord* put : acked) {
      const dynamo::VectorClock& clock = history.at(put->id).written.clock;
      if (clock.size() == 1) {
        entries.emplace_back(clock.entries()[0].node, clock.entries()[0].counter);
      }
    }
    std::sort(entries.begin(), entries.end());
    entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
    for (const auto& [node, counter] : entries) {
      if (nodes_.empty() || nodes_.back().node != node) {
        nodes_.push_back(NodeCounters{node, {}, PrefixMax(0)});
      }
      nodes_.back().counters.push_back(counter);
    }
    for (NodeCounters& node : nodes_) node.latest_us = PrefixMax(node.counters.size());
  }

  void Add(const dynamo::VectorClock& clock, TimeUs complete_us) {
    if (clock.empty()) return;  // dominated by anything: never trusted
    if (clock.size() > 1) {
      general_.emplace_back(&clock, complete_us);
      return;
    }
    NodeCounters* node = Find(clock.entries()[0].node);
    SIM_CHECK(node != nullptr, "a put clock the index was not built for");
    const auto it =
        std::lower_bound(node->counters.begin(), node->counters.end(), clock.entries()[0].counter);
    node->latest_us.Offer(static_cast<size_t>(it - node->counters.begin()), complete_us);
  }

  // The latest completion of an added put whose clock `returned` dominates; kEmpty if none.
  TimeUs LatestDominatedUs(const dynamo::VectorClock& returned) {
    TimeUs latest_us = PrefixMax::kEmpty;
    for (const dynamo::ClockEntry& entry : returned.entries()) {
      NodeCounters* node = Find(entry.node);
      if (node == nullptr) continue;
      const auto end =
          std::upper_bound(node->counters.begin(), node->counters.end(), entry.counter);
      latest_us = std::max(
          latest_us, node->latest_us.MaxBelow(static_cast<size_t>(end - node->counters.begin())));
    }
    for (const auto& [clock, complete_us] : general_) {
      if (complete_us > latest_us && dynamo::Descends(returned, *clock)) latest_us = complete_us;
    }
    return latest_us;
  }

 private:
  NodeCounters* Find(dynamo::NodeId node) {
    const auto it = std::lower_bound(
        nodes_.begin(), nodes_.end(), node,
        [](const NodeCounters& n, dynamo::NodeId wanted) { return n.node < wanted; });
    return it != nodes_.end() && it->node == node ? &*it : nullptr;
  }

  std::vector<NodeCounters> nodes_;                                     // node ascending
  std::vector<std::pair<const dynamo::VectorClock*, TimeUs>> general_;  // clocks of 2+ entries
};

}  // namespace

void RaiseCoverByClocks(const History& history, absl::Span<const PutRecord* const> acked,
                        absl::Span<const GetRecord> gets, std::vector<size_t> queries,
                        std::vector<TimeUs>& covered_us) {
  SIM_CHECK(covered_us.size() == gets.size(), "one covered time per get");
  std::sort(queries.begin(), queries.end(), [&gets](size_t a, size_t b) {
    return gets[a].complete_us != gets[b].complete_us ? gets[a].complete_us < gets[b].complete_us
                                                      : a < b;
  });
  ClockIndex index(history, acked);
  size_t added = 0;
  for (size_t query : queries) {
    const GetRecord& get = gets[query];
    for (; added < acked.size() && acked[added]->invoke_us < get.complete_us; ++added) {
      index.Add(history.at(acked[added]->id).written.clock, acked[added]->complete_us);
    }
    for (const dynamo::Version& version : history.at(get.id).read) {
      covered_us[query] = std::max(covered_us[query], index.LatestDominatedUs(version.clock));
    }
  }
}

}  // namespace sim
