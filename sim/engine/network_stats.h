// NetworkStats: message counts for reports: sent (count and modelled bytes per message kind),
// delivered, duplicated, and dropped by reason; and, when a bucket size is set, sends per time
// bucket (for timelines): a vector indexed by send time / bucket size, grown only when time
// reaches a new bucket, so counting costs a division and an increment per message.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/engine/network_model.h"
#include "sim/engine/time.h"

namespace sim {

struct KindTraffic {
  uint64_t count = 0;
  uint64_t bytes = 0;
};

class NetworkStats {
 public:
  // Counts sends per bucket of `bucket_us` from now on (0, the default, counts none).
  // REQUIRES: bucket_us >= 0.
  void set_bucket_us(TimeUs bucket_us) { bucket_us_ = bucket_us; }

  void RecordSend(MessageKind kind, uint32_t bytes, TimeUs now_us) {
    if (kind >= by_kind_.size()) by_kind_.resize(kind + 1);
    ++by_kind_[kind].count;
    by_kind_[kind].bytes += bytes;
    ++sent_;
    if (bucket_us_ > 0) {
      const auto bucket = static_cast<size_t>(now_us / bucket_us_);
      if (bucket >= sent_by_bucket_.size()) sent_by_bucket_.resize(bucket + 1, 0);
      ++sent_by_bucket_[bucket];
    }
  }
  void RecordDelivery() { ++delivered_; }
  void RecordDuplicate() { ++duplicated_; }
  void RecordDrop(DropReason reason) { ++dropped_[static_cast<int>(reason)]; }

  uint64_t sent() const { return sent_; }
  uint64_t delivered() const { return delivered_; }
  uint64_t duplicated() const { return duplicated_; }
  uint64_t dropped() const { return dropped_[0] + dropped_[1] + dropped_[2]; }
  uint64_t dropped(DropReason reason) const { return dropped_[static_cast<int>(reason)]; }
  // Traffic of one kind (zero if none was sent).
  KindTraffic traffic(MessageKind kind) const {
    return kind < by_kind_.size() ? by_kind_[kind] : KindTraffic{};
  }
  // Sends per bucket (index = send time / bucket size), up to the last bucket with a send.
  const std::vector<uint64_t>& sent_by_bucket() const { return sent_by_bucket_; }

 private:
  uint64_t sent_ = 0;
  uint64_t delivered_ = 0;
  uint64_t duplicated_ = 0;
  uint64_t dropped_[3] = {0, 0, 0};
  std::vector<KindTraffic> by_kind_;
  TimeUs bucket_us_ = 0;
  std::vector<uint64_t> sent_by_bucket_;
};

}  // namespace sim
