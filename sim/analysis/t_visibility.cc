#include "sim/analysis/t_visibility.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "sim/analysis/history_by_key.h"
#include "sim/analysis/key_staleness.h"
#include "sim/engine/check.h"

namespace sim {
namespace {

// The key's kOk puts ordered by acknowledgement (event-order stamp, then id): the latest one
// acknowledged before a get was invoked is the last whose stamp is below the get's.
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

// Index 0 is the t = 0 point; index i + 1 the bucket starting at edge i.
size_t SlotOf(TimeUs t_us) {
  if (t_us == 0) return 0;
  const std::vector<TimeUs>& edges = TVisibilityEdgesUs();
  return static_cast<size_t>(std::upper_bound(edges.begin(), edges.end(), t_us) - edges.begin());
}

std::optional<double> Fraction(uint64_t part, uint64_t whole) {
  if (whole == 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

// `samples`: (t, seen) of every get, sorted; `saw_before[i]`: how many of the first i saw.
TVisibilityAt CurveAt(const std::vector<std::pair<TimeUs, bool>>& samples,
                      const std::vector<uint64_t>& saw_before, TimeUs t_us) {
  const auto first_at = std::lower_bound(samples.begin(), samples.end(),
                                         std::pair<TimeUs, bool>{t_us, false});
  const auto first_after = std::upper_bound(samples.begin(), samples.end(),
                                            std::pair<TimeUs, bool>{t_us, true});
  const size_t below = static_cast<size_t>(first_at - samples.begin());
  const size_t up_to = static_cast<size_t>(first_after - samples.begin());
  TVisibilityAt at;
  at.t_us = t_us;
  at.gets_at = up_to - below;
  at.saw_at = saw_before[up_to] - saw_before[below];
  at.probability_at = Fraction(at.saw_at, at.gets_at);
  at.gets_at_or_before = up_to;
  at.saw_at_or_before = saw_before[up_to];
  at.probability_at_or_before = Fraction(at.saw_at_or_before, at.gets_at_or_before);
  at.gets_at_or_after = samples.size() - below;
  at.saw_at_or_after = saw_before[samples.size()] - saw_before[below];
  at.probability_at_or_after = Fraction(at.saw_at_or_after, at.gets_at_or_after);
  return at;
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

TVisibility ComputeTVisibility(const History& history, ValueModel model,
                               const std::vector<TimeUs>& at_us, uint64_t ops_per_interval) {
  std::vector<std::pair<TimeUs, bool>> samples;  // (t, seen) per get, for the chosen t values
  const std::vector<TimeUs>& edges = TVisibilityEdgesUs();
  std::vector<uint64_t> gets(edges.size() + 1, 0);  // by SlotOf
  std::vector<uint64_t> saw(edges.size() + 1, 0);
  // Records in event order (history_by_key.h): which put was acknowledged before a get began, and
  // which put a returned one is not before, are decided exactly even within one microsecond; t
  // itself comes from the ops' times.
  TVisibility result;
  for (const KeyInterval& interval : KeyIntervals(history, ops_per_interval)) {
    // One interval of keys at a time: the records stay a bounded copy of the history.
    const HistoryByKey by_key(history, RecordTimes::kEventOrder, interval);
    for (size_t k = 0; k < by_key.size(); ++k) {
      const KeyHistory key = by_key.key(k);
      const std::vector<const PutRecord*> acked = ByAcknowledgement(key);
      if (acked.empty()) continue;
      std::vector<TimeUs> cover_us;
      if (!model.carts) cover_us = RegisterCoverOfKey(history, key, model.last_write_wins);
      for (size_t g = 0; g < key.gets.size(); ++g) {
        const GetRecord& get = key.gets[g];
        const auto after = std::upper_bound(acked.begin(), acked.end(), get.invoke_us,
                                            [](TimeUs invoke_stamp, const PutRecord* put) {
                                              return invoke_stamp < put->complete_us;
                                            });
        if (after == acked.begin()) continue;  // nothing acknowledged by the time this get began
        const PutRecord& latest = **(after - 1);
        // Carts: a latest item absent because a remove may have taken it out says nothing about
        // visibility; the get is left out of the curve (staleness.h, "Cart removes").
        if (model.carts && MayBeRemovedBefore(latest, get) && !key.Returned(get, latest)) {
          continue;
        }
        const TimeUs t_us = history.at(get.id).invoke_us - history.at(latest.id).complete_us;
        SIM_CHECK(t_us >= 0, "the latest put was acknowledged after the get began");
        const bool seen =
            !MissedPut(key, get, latest, model.carts, model.carts ? 0 : cover_us[g]);
        if (!at_us.empty()) samples.emplace_back(t_us, seen);
        const size_t bucket = SlotOf(t_us);
        ++gets[bucket];
        ++result.gets;
        if (seen) {
          ++saw[bucket];
          ++result.saw;
        }
      }
    }
  }
  uint64_t cumulative_gets = 0;
  uint64_t cumulative_saw = 0;
  for (size_t slot = 0; slot < gets.size(); ++slot) {
    if (gets[slot] == 0) continue;
    cumulative_gets += gets[slot];
    cumulative_saw += saw[slot];
    TVisibilityBucket bucket;
    if (slot == 0) {
      bucket.lower_us = 0;
      bucket.upper_us = 0;
    } else {
      bucket.lower_us = edges[slot - 1];
      if (slot < edges.size()) bucket.upper_us = edges[slot];
    }
    bucket.gets = gets[slot];
    bucket.saw = saw[slot];
    bucket.probability = static_cast<double>(saw[slot]) / static_cast<double>(gets[slot]);
    bucket.cumulative_gets = cumulative_gets;
    bucket.cumulative_saw = cumulative_saw;
    bucket.cumulative_probability =
        static_cast<double>(cumulative_saw) / static_cast<double>(cumulative_gets);
    result.buckets.push_back(bucket);
  }
  std::sort(samples.begin(), samples.end());
  std::vector<uint64_t> saw_before(samples.size() + 1, 0);
  for (size_t i = 0; i < samples.size(); ++i) saw_before[i + 1] = saw_before[i] + samples[i].second;
  for (const TimeUs t_us : at_us) {
    SIM_CHECK(t_us >= 0, "t-visibility is asked at t >= 0");
    result.at.push_back(CurveAt(samples, saw_before, t_us));
  }
  return result;
}

}  // namespace sim
