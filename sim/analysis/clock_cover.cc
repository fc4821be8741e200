#include "sim/analysis/clock_cover.h"

#include <algorithm>

#include <utility>

#include "absl/container/btree_map.h"
#include "absl/container/btree_set.h"

#include "dynamo/reconcile.h"
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
    std::vector<std::pair<dynamo::NodeId, uint64_t>> dots;
    std::vector<std::pair<dynamo::NodeId, uint64_t>> singles;
    for (const PutRecord* put : acked) {
      const dynamo::Version written = history.written(history.at(put->id));
      if (written.dot_counter != 0) {
        dots.emplace_back(written.dot_node, written.dot_counter);
      } else if (written.clock.size() == 1) {
        singles.emplace_back(written.clock.entries()[0].node, written.clock.entries()[0].counter);
      }
    }
    // A dot names one write. Two acknowledged puts of the key carrying the same dot mean the
    // node logic reissued it (a forged causal past), so a clock covering that dot proves nothing
    // about either put: they can be covered by value only.
    std::sort(dots.begin(), dots.end());
    for (size_t i = 1; i < dots.size(); ++i) {
      if (dots[i] == dots[i - 1]) reissued_dots_.insert(dynamo::Dot{dots[i].first, dots[i].second});
    }
    by_dot_ = BuildNodes(std::move(dots));
    by_single_entry_ = BuildNodes(std::move(singles));
  }

  void Add(const dynamo::Version& written, TimeUs complete_us) {
    if (written.dot_counter != 0) {
      if (reissued_dots_.contains(dynamo::Dot{written.dot_node, written.dot_counter})) return;
      Offer(by_dot_, written.dot_node, written.dot_counter, complete_us);
      TimeUs& latest_us = by_exact_dot_[dynamo::Dot{written.dot_node, written.dot_counter}];
      latest_us = std::max(latest_us, complete_us);
      return;
    }
    const dynamo::VectorClock& clock = written.clock;
    if (clock.empty()) return;  // dominated by anything: never trusted
    if (clock.size() > 1) {
      general_.emplace_back(written, complete_us);
      return;
    }
    Offer(by_single_entry_, clock.entries()[0].node, clock.entries()[0].counter, complete_us);
  }

  // The latest completion of an added put that the returned version makes obsolete
  // (dynamo::Obsoletes); kEmpty if none. A dotted put is obsolete when its dot lies in the
  // returned version's causal past: its clock, with dot_past standing for its own dot's node,
  // or its extra_dots.
  TimeUs LatestDominatedUs(const dynamo::Version& returned) {
    TimeUs latest_us = PrefixMax::kEmpty;
    for (const dynamo::ClockEntry& entry : returned.clock.entries()) {
      const bool own_dot = returned.dot_counter != 0 && entry.node == returned.dot_node;
      latest_us = std::max(latest_us, LatestAtOrBelow(by_dot_, entry.node,
                                                      own_dot ? returned.dot_past : entry.counter));
      latest_us = std::max(latest_us, LatestAtOrBelow(by_single_entry_, entry.node, entry.counter));
    }
    for (const dynamo::Dot& dot : returned.extra_dots) {
      auto it = by_exact_dot_.find(dot);
      if (it != by_exact_dot_.end()) latest_us = std::max(latest_us, it->second);
    }
    for (const auto& [written, complete_us] : general_) {
      if (complete_us > latest_us && dynamo::Obsoletes(returned, written)) {
        latest_us = complete_us;
      }
    }
    return latest_us;
  }

 private:
  static std::vector<NodeCounters> BuildNodes(std::vector<std::pair<dynamo::NodeId, uint64_t>> entries) {
    std::sort(entries.begin(), entries.end());
    entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
    std::vector<NodeCounters> nodes;
    for (const auto& [node, counter] : entries) {
      if (nodes.empty() || nodes.back().node != node) {
        nodes.push_back(NodeCounters{node, {}, PrefixMax(0)});
      }
      nodes.back().counters.push_back(counter);
    }
    for (NodeCounters& node : nodes) node.latest_us = PrefixMax(node.counters.size());
    return nodes;
  }

  static void Offer(std::vector<NodeCounters>& nodes, dynamo::NodeId node_id, uint64_t counter,
                    TimeUs complete_us) {
    NodeCounters* node = Find(nodes, node_id);
    SIM_CHECK(node != nullptr, "a put clock the index was not built for");
    const auto it = std::lower_bound(node->counters.begin(), node->counters.end(), counter);
    node->latest_us.Offer(static_cast<size_t>(it - node->counters.begin()), complete_us);
  }

  static TimeUs LatestAtOrBelow(std::vector<NodeCounters>& nodes, dynamo::NodeId node_id,
                                uint64_t counter) {
    NodeCounters* node = Find(nodes, node_id);
    if (node == nullptr) return PrefixMax::kEmpty;
    const auto end = std::upper_bound(node->counters.begin(), node->counters.end(), counter);
    return node->latest_us.MaxBelow(static_cast<size_t>(end - node->counters.begin()));
  }

  static NodeCounters* Find(std::vector<NodeCounters>& nodes, dynamo::NodeId node) {
    const auto it = std::lower_bound(
        nodes.begin(), nodes.end(), node,
        [](const NodeCounters& n, dynamo::NodeId wanted) { return n.node < wanted; });
    return it != nodes.end() && it->node == node ? &*it : nullptr;
  }

  std::vector<NodeCounters> by_dot_;           // dotted puts, by dot; node ascending
  absl::btree_map<dynamo::Dot, TimeUs> by_exact_dot_;  // dotted puts added so far
  absl::btree_set<dynamo::Dot> reissued_dots_;  // carried by two or more acknowledged puts
  std::vector<NodeCounters> by_single_entry_;  // undotted single-entry clocks
  // Undotted, 2+ entries: copies (the History decodes a fresh version on each read).
  std::vector<std::pair<dynamo::Version, TimeUs>> general_;
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
      index.Add(history.written(history.at(acked[added]->id)), acked[added]->complete_us);
    }
    for (VersionId version : history.at(get.id).read) {
      covered_us[query] =
          std::max(covered_us[query], index.LatestDominatedUs(history.version(version)));
    }
  }
}

}  // namespace sim
