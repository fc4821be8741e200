// NetworkStats: message counts for reports: sent (count and modelled bytes per message kind),
// delivered, duplicated, and dropped by reason.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/engine/network_model.h"

namespace sim {

struct KindTraffic {
  uint64_t count = 0;
  uint64_t bytes = 0;
};

class NetworkStats {
 public:
  void RecordSend(MessageKind kind, uint32_t bytes) {
    if (kind >= by_kind_.size()) by_kind_.resize(kind + 1);
    ++by_kind_[kind].count;
    by_kind_[kind].bytes += bytes;
    ++sent_;
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

 private:
  uint64_t sent_ = 0;
  uint64_t delivered_ = 0;
  uint64_t duplicated_ = 0;
  uint64_t dropped_[3] = {0, 0, 0};
  std::vector<KindTraffic> by_kind_;
};

}  // namespace sim
