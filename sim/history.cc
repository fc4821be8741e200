#include "sim/history.h"

#include <algorithm>

#include "sim/engine/check.h"

namespace sim {
namespace {

// Appends the runs of `positions` (sorted, distinct) to `runs`.
void AppendRuns(const std::vector<uint32_t>& positions, PositionRuns& runs) {
  for (uint32_t position : positions) {
    if (!runs.empty() && runs.back().end == position) {
      ++runs.back().end;
    } else {
      runs.push_back(PositionRun{position, position + 1});
    }
  }
}

// As AppendRuns, from a bitmap of `count` positions (cheaper than sorting a large cart's
// positions). Whole words at a time: a hot key's get covers most of its puts, so most words are
// all ones (one run goes on) or all zeros (skipped); only mixed words are read bit by bit.
void AppendRunsOfBits(const std::vector<uint64_t>& bits, uint32_t count,
                      PositionRuns& runs) {
  const auto extend = [&runs](uint32_t begin, uint32_t end) {
    if (!runs.empty() && runs.back().end == begin) {
      runs.back().end = end;
    } else {
      runs.push_back(PositionRun{begin, end});
    }
  };
  SIM_CHECK(bits.size() == (uint64_t{count} + 63) / 64, "one bit per position");
  for (size_t word = 0; word < bits.size(); ++word) {
    const uint64_t w = bits[word];
    if (w == 0) continue;
    const auto base = static_cast<uint32_t>(word * 64);
    if (w == ~uint64_t{0}) {  // bits past `count` are never set, so a full word lies within it
      extend(base, base + 64);
      continue;
    }
    for (uint32_t bit = 0; bit < 64; ++bit) {
      if (((w >> bit) & 1) != 0) extend(base + bit, base + bit + 1);
    }
  }
}

}  // namespace

void History::SetPutItem(uint64_t op_id, uint64_t item) {
  Op& op = ops_[op_id];
  SIM_CHECK(op.type == OpType::kPut, "only puts write items");
  KeyPuts& key = puts_[op.key];
  SIM_CHECK(key.items.empty() || key.last_op < op_id,
            "a key's puts get their items in invocation order");
  SIM_CHECK(key.items.size() < kUnplaced, "more puts of one key than positions can number");
  ItemPlace* place = NewPlace(item);
  SIM_CHECK(place->position == kUnplaced,
            "two puts wrote the same item (items are unique in a run)");
  *place = ItemPlace{op.key, static_cast<uint32_t>(key.items.size())};
  op.item = item;
  op.position = place->position;
  key.items.push_back(item);
  key.last_op = op_id;
}

void History::RecordRead(uint64_t op_id, absl::Span<const dynamo::Version> versions,
                         bool keep_values) {
  Op& op = ops_[op_id];
  SIM_CHECK(op.type == OpType::kGet, "only gets return versions");
  size_t items = 0;
  for (const dynamo::Version& version : versions) items += version.value.size();

  std::vector<uint32_t> positions;
  std::vector<uint64_t> bits;
  // A bitmap when the items are many against the key's puts (a cart), sorting otherwise; both
  // give the same runs. A get of a few items (every register get) sorts without asking how many
  // puts its key has: that lookup was a cache miss per get in a long run.
  constexpr size_t kAlwaysSortedItems = 64;
  uint32_t puts_of_key = kUnplaced;  // unknown: every position is below it
  if (items > kAlwaysSortedItems) {
    const auto key = puts_.find(op.key);
    puts_of_key = key == puts_.end() ? 0 : static_cast<uint32_t>(key->second.items.size());
  }
  const bool use_bits =
      items > kAlwaysSortedItems && items * 16 >= puts_of_key && puts_of_key > 0;
  if (use_bits) bits.assign((puts_of_key + 63) / 64, 0);
  op.returned.clear();
  foreign_items_.erase(op.id);
  std::vector<uint64_t> foreign;
  for (const dynamo::Version& version : versions) {
    for (uint64_t item : version.value) {
      const ItemPlace* place = FindPlace(item);
      if (place == nullptr || place->key != op.key) {
        foreign.push_back(item);
        continue;
      }
      const uint32_t position = place->position;
      SIM_CHECK(position < puts_of_key, "a returned item's position is past its key's puts");
      if (use_bits) {
        bits[position / 64] |= uint64_t{1} << (position % 64);
      } else {
        positions.push_back(position);
      }
    }
  }
  if (use_bits) {
    AppendRunsOfBits(bits, puts_of_key, op.returned);
  } else {
    std::sort(positions.begin(), positions.end());
    positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
    AppendRuns(positions, op.returned);
  }
  op.returned.shrink_to_fit();
  if (!foreign.empty()) {
    std::sort(foreign.begin(), foreign.end());
    foreign.erase(std::unique(foreign.begin(), foreign.end()), foreign.end());
    foreign.shrink_to_fit();
    foreign_items_[op.id] = std::move(foreign);
  }

  op.read.clear();
  for (const dynamo::Version& version : versions) {
    op.read.push_back(versions_.Intern(version, keep_values, InternHint(op.key, version)));
  }
}

VersionId History::InternHint(dynamo::Key key, const dynamo::Version& version) const {
  // Only for versions of a few items: the hint saves a hash lookup, which the walk over a large
  // cart's items dwarfs (finding the hint within RecordRead's walk made a hot-key cart run about
  // 5% slower; here, a second walk over at most kHintedItems items, in cache, costs little).
  constexpr size_t kHintedItems = 64;
  if (version.value.size() > kHintedItems) return kNoVersion;
  VersionId hint = kNoVersion;
  uint32_t newest = 0;
  bool placed = false;
  for (uint64_t item : version.value) {
    const ItemPlace* place = FindPlace(item);
    if (place == nullptr || place->key != key) continue;
    if (!placed || place->position > newest) {
      placed = true;
      newest = place->position;
      hint = place->written;
    }
  }
  return hint;
}

void History::RecordWritten(uint64_t op_id, const dynamo::Version& version, bool keep_value) {
  Op& op = ops_[op_id];
  SIM_CHECK(op.type == OpType::kPut, "only puts are acknowledged with a written version");
  op.written = versions_.Intern(version, keep_value);
  // The hint for gets that return this version. A put without an item of its own (a cart
  // remove's) matches no place of its key and position, or at worst gives a hint that
  // VersionTable::Intern's comparison turns down.
  if (const ItemPlace* place = FindPlace(op.item);
      place != nullptr && place->key == op.key && place->position == op.position) {
    const_cast<ItemPlace*>(place)->written = op.written;  // this History's own entry
  }
}

namespace {
// Bounds of the per-client vectors: larger client numbers, or a sequence far past a client's
// last, go to the map (a hand-built item like 1 << 40 must not allocate gigabytes).
constexpr uint64_t kMaxDenseClients = uint64_t{1} << 20;
constexpr uint64_t kDenseSlack = 4096;
}  // namespace

History::ItemPlace* History::NewPlace(uint64_t item) {
  const uint64_t client = item >> 32;
  const uint64_t sequence = item & 0xffffffffu;
  if (client >= 1 && client <= kMaxDenseClients) {
    if (places_by_client_.size() < client) places_by_client_.resize(client);
    std::vector<ItemPlace>& places = places_by_client_[client - 1];
    if (sequence < places.size() + kDenseSlack) {
      if (places.size() <= sequence) places.resize(sequence + 1);
      // An item the map already has stays there (FindPlace looks here first only when placed).
      if (!other_places_.contains(item)) return &places[sequence];
    }
  }
  return &other_places_[item];
}

inline const History::ItemPlace* History::FindPlace(uint64_t item) const {
  const uint64_t client = item >> 32;
  const uint64_t sequence = item & 0xffffffffu;
  if (client >= 1 && client <= places_by_client_.size()) {
    const std::vector<ItemPlace>& places = places_by_client_[client - 1];
    if (sequence < places.size() && places[sequence].position != kUnplaced) {
      return &places[sequence];
    }
  }
  const auto it = other_places_.find(item);
  return it == other_places_.end() || it->second.position == kUnplaced ? nullptr : &it->second;
}

const std::vector<uint64_t>& History::foreign_items(const Op& op) const {
  static const std::vector<uint64_t>* const kNone = new std::vector<uint64_t>();
  const auto it = foreign_items_.find(op.id);
  return it == foreign_items_.end() ? *kNone : it->second;
}

std::vector<uint64_t> History::ReturnedItems(const Op& op) const {
  std::vector<uint64_t> items = foreign_items(op);
  if (!op.returned.empty()) {
    const KeyPuts& key = puts_.at(op.key);
    for (const PositionRun& run : op.returned) {
      for (uint32_t position = run.begin; position < run.end; ++position) {
        items.push_back(key.items[position]);
      }
    }
  }
  std::sort(items.begin(), items.end());
  return items;
}

}  // namespace sim
