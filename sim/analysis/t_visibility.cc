#include "sim/analysis/t_visibility.h"

#include <algorithm>
#include <tuple>

#include "sim/analysis/history_by_key.h"
#include "sim/analysis/key_staleness.h"
#include "sim/engine/check.h"

namespace sim {
namespace {

// The key's kOk puts ordered by (complete_us, id): the latest one acknowledged before a time is
// the last with complete_us below it.
std::vector<const PutRecord*> ByAcknowledgement(const KeyHistory& key) {
  std::vector<const PutRecord*> acked;
  for (const PutRecord& put : key.puts) {
    if (put.ok()) acked.push_back(&put);
  }
  std::sort(acked.begin(), acked.end(), [](const PutRecord* a, const PutRecord* b) {
    return std::tie(a->complete_us, a->id) < std::tie(b->complete_us, b->id);
  });
  return acked;
}

size_t BucketOf(TimeUs t_us) {
  const std::vector<TimeUs>& edges = TVisibilityEdgesUs();
  return static_cast<size_t>(std::upper_bound(edges.begin(), edges.end(), t_us) - edges.begin()) -
         1;
}

}  // namespace

const std::vector<TimeUs>& TVisibilityEdgesUs() {
  static const auto* const edges = [] {
    auto* list = new std::vector<TimeUs>{0};
    for (TimeUs decade = kMillisecond; decade <= 100 * kSecond; decade *= 10) {
      for (TimeUs step : {1, 2, 5}) {
        if (decade * step <= 100 * kSecond) list->push_back(decade * step);
      }
    }
    return list;
  }();
  return *edges;
}

TVisibility ComputeTVisibility(const History& history, ValueModel model) {
  const std::vector<TimeUs>& edges = TVisibilityEdgesUs();
  std::vector<uint64_t> gets(edges.size(), 0);
  std::vector<uint64_t> saw(edges.size(), 0);
  const HistoryByKey by_key(history);
  TVisibility result;
  for (size_t k = 0; k < by_key.size(); ++k) {
    const KeyHistory key = by_key.key(k);
    const std::vector<const PutRecord*> acked = ByAcknowledgement(key);
    if (acked.empty()) continue;
    std::vector<TimeUs> cover_us;
    if (!model.carts) cover_us = RegisterCoverOfKey(history, key, model.last_write_wins);
    for (size_t g = 0; g < key.gets.size(); ++g) {
      const GetRecord& get = key.gets[g];
      const auto after = std::lower_bound(
          acked.begin(), acked.end(), get.invoke_us,
          [](const PutRecord* put, TimeUs invoke_us) { return put->complete_us < invoke_us; });
      if (after == acked.begin()) continue;  // nothing acknowledged before this get
      const PutRecord& latest = **(after - 1);
      const TimeUs t_us = get.invoke_us - latest.complete_us;
      SIM_CHECK(t_us > 0, "the latest put was acknowledged before the get");
      const bool seen =
          !MissedPut(key, get, latest, model.carts, model.carts ? 0 : cover_us[g]);
      const size_t bucket = BucketOf(t_us);
      ++gets[bucket];
      ++result.gets;
      if (seen) {
        ++saw[bucket];
        ++result.saw;
      }
    }
  }
  for (size_t b = 0; b < edges.size(); ++b) {
    if (gets[b] == 0) continue;
    TVisibilityBucket bucket;
    bucket.lower_us = edges[b];
    if (b + 1 < edges.size()) bucket.upper_us = edges[b + 1];
    bucket.gets = gets[b];
    bucket.saw = saw[b];
    bucket.probability = static_cast<double>(saw[b]) / static_cast<double>(gets[b]);
    result.buckets.push_back(bucket);
  }
  return result;
}

}  // namespace sim
