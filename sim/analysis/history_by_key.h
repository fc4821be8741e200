// HistoryByKey: a compact, per-key copy of the facts the staleness checker reads about each op
// (times, status, the item a put wrote, the items a get returned), laid out contiguously. It is
// built in one pass over the history in op order and then a few sorts, O(n log n), so the checker
// walks small arrays instead of chasing ops across a history of millions. Clocks stay in the
// History (only the rare clock-dominance test needs them); records carry the op id to reach them.
// Keys come out ascending; nothing depends on a hash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/types/span.h"
#include "dynamo/types.h"
#include "sim/engine/time.h"
#include "sim/history.h"

namespace sim {

struct PutRecord {
  dynamo::Key key = 0;
  TimeUs invoke_us = 0;
  TimeUs complete_us = 0;
  uint64_t item = 0;
  uint64_t id = 0;
  OpStatus status = OpStatus::kPending;
  bool ok() const { return status == OpStatus::kOk; }
};

struct GetRecord {
  dynamo::Key key = 0;
  TimeUs invoke_us = 0;
  TimeUs complete_us = 0;
  uint64_t id = 0;
  uint64_t versions = 0;  // versions returned
  // The union of the returned values (sorted, distinct) is returned_items[begin, end) of the
  // owning HistoryByKey (KeyHistory::ReturnedItems).
  size_t items_begin = 0;
  size_t items_end = 0;
};

// The ops of one key.
struct KeyHistory {
  dynamo::Key key = 0;
  absl::Span<const PutRecord> puts;  // every put of the key, (invoke_us, id) ascending
  absl::Span<const GetRecord> gets;  // the key's successful gets, (invoke_us, id) ascending
  // (item, position in `puts`), item ascending.
  absl::Span<const std::pair<uint64_t, size_t>> items;
  absl::Span<const uint64_t> returned_items;  // of every get; see GetRecord

  // The position in `puts` of the put that wrote `item`, or -1 if no put of this key did.
  ptrdiff_t FindPut(uint64_t item) const;
  // The union of the values `get` returned, sorted and distinct.
  absl::Span<const uint64_t> ReturnedItems(const GetRecord& get) const {
    return returned_items.subspan(get.items_begin, get.items_end - get.items_begin);
  }
};

class HistoryByKey {
 public:
  // REQUIRES: no two puts of a key wrote the same item (aborts otherwise: items are unique in a
  // run, history.h). `history` may be discarded afterwards; the records are copies.
  explicit HistoryByKey(const History& history);

  // Keys that have at least one successful get, ascending.
  size_t size() const { return keys_.size(); }
  KeyHistory key(size_t index) const;

 private:
  struct KeyRange {
    dynamo::Key key = 0;
    size_t puts_begin = 0, puts_end = 0;
    size_t gets_begin = 0, gets_end = 0;
  };

  std::vector<PutRecord> puts_;  // (key, invoke_us, id) ascending
  std::vector<GetRecord> gets_;  // successful gets, (key, invoke_us, id) ascending
  std::vector<std::pair<uint64_t, size_t>> items_;  // per key range of puts_, item ascending
  std::vector<uint64_t> returned_items_;            // per successful get, in op order
  std::vector<KeyRange> keys_;
};

}  // namespace sim
