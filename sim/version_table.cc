#include "sim/version_table.h"

#include <algorithm>

#include "dynamo/hash.h"
#include "sim/engine/check.h"

namespace sim {
namespace {

// LEB128: seven bits a byte, low bits first, the high bit set on every byte but the last.
void PutVarint(uint64_t value, std::string& out) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

// Signed values (times) as zigzag, so that small negative numbers stay short.
void PutSigned(int64_t value, std::string& out) {
  PutVarint((static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63), out);
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  uint64_t Varint() {
    uint64_t value = 0;
    for (int shift = 0;; shift += 7) {
      SIM_CHECK(position_ < bytes_.size() && shift < 64, "a version's encoding is cut short");
      const auto byte = static_cast<uint8_t>(bytes_[position_++]);
      value |= uint64_t{byte & 0x7fu} << shift;
      if ((byte & 0x80) == 0) return value;
    }
  }
  int64_t Signed() {
    const uint64_t zigzag = Varint();
    return static_cast<int64_t>((zigzag >> 1) ^ (~(zigzag & 1) + 1));
  }
  uint32_t Node() {
    const uint64_t node = Varint();
    SIM_CHECK(node <= UINT32_MAX, "a node id past 32 bits in a version's encoding");
    return static_cast<uint32_t>(node);
  }
  bool done() const { return position_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  size_t position_ = 0;
};

// Every field of `version`, in declaration order (version.h), the value's items only if
// `keep_value`; Decode reads them back.
void Encode(const dynamo::Version& version, bool keep_value, std::string& out) {
  out.clear();
  PutVarint(keep_value ? version.value.size() : 0, out);
  if (keep_value) {
    for (uint64_t item : version.value) PutVarint(item, out);
  }
  PutVarint(version.clock.size(), out);
  for (const dynamo::ClockEntry& entry : version.clock.entries()) {
    PutVarint(entry.node, out);
    PutVarint(entry.counter, out);
    PutSigned(entry.timestamp_us, out);
  }
  PutSigned(version.lww_timestamp_us, out);
  PutVarint(version.writer, out);
  PutVarint(version.dot_counter, out);
  PutVarint(version.dot_past, out);
  PutVarint(version.dot_node, out);
  PutVarint(version.extra_dots.size(), out);
  for (const dynamo::Dot& dot : version.extra_dots) {
    PutVarint(dot.node, out);
    PutVarint(dot.counter, out);
  }
}

dynamo::Version Decode(std::string_view bytes) {
  Reader in(bytes);
  dynamo::Version version;
  const uint64_t items = in.Varint();
  if (items > 0) {
    SIM_CHECK(items <= bytes.size(), "a version's item count exceeds its encoding");
    dynamo::Value::Items values(items);
    for (uint64_t& item : values) item = in.Varint();
    version.value = dynamo::Value(std::move(values));
  }
  const uint64_t entries = in.Varint();
  SIM_CHECK(entries <= bytes.size(), "a version's clock size exceeds its encoding");
  dynamo::VectorClock::Entries clock(entries);
  for (dynamo::ClockEntry& entry : clock) {
    entry.node = in.Node();
    entry.counter = in.Varint();
    entry.timestamp_us = in.Signed();
  }
  version.clock = dynamo::VectorClock(absl::MakeConstSpan(clock));
  version.lww_timestamp_us = in.Signed();
  version.writer = in.Node();
  version.dot_counter = in.Varint();
  version.dot_past = in.Varint();
  version.dot_node = in.Node();
  const uint64_t extra = in.Varint();
  SIM_CHECK(extra <= bytes.size(), "a version's dot count exceeds its encoding");
  version.extra_dots.resize(extra);
  for (dynamo::Dot& dot : version.extra_dots) {
    dot.node = in.Node();
    dot.counter = in.Varint();
  }
  SIM_CHECK(in.done(), "a version's encoding has bytes past its last field");
  return version;
}

// A fixed hash of the bytes (dynamo/hash.h), eight at a time.
uint64_t HashBytes(std::string_view bytes) {
  uint64_t hash = bytes.size();
  for (size_t i = 0; i < bytes.size(); i += 8) {
    uint64_t word = 0;
    for (size_t b = i; b < bytes.size() && b < i + 8; ++b) {
      word |= uint64_t{static_cast<uint8_t>(bytes[b])} << (8 * (b - i));
    }
    hash = dynamo::HashCombine(hash, word);
  }
  return hash;
}

}  // namespace

std::string_view VersionTable::Bytes(const Entry& entry) const {
  return std::string_view(chunks_[entry.chunk].data() + entry.offset, entry.length);
}

VersionId VersionTable::Intern(const dynamo::Version& version, bool keep_value, VersionId hint) {
  Encode(version, keep_value, scratch_);
  if (hint < entries_.size() && Bytes(entries_[hint]) == scratch_) return hint;
  const uint64_t hash = HashBytes(scratch_);
  // Stays valid while the entries grow: the map is not touched until the end.
  VersionId& first = first_by_hash_.try_emplace(hash, kNoVersion).first->second;
  VersionId last = kNoVersion;
  for (VersionId id = first; id != kNoVersion; id = entries_[id].next_same_hash) {
    if (Bytes(entries_[id]) == scratch_) return id;
    last = id;
  }
  SIM_CHECK(entries_.size() < kNoVersion, "more distinct versions than a VersionId can name");
  SIM_CHECK(scratch_.size() <= UINT32_MAX, "a version's encoding past 4 GiB");
  if (chunks_.empty() ||
      chunks_.back().capacity() - chunks_.back().size() < scratch_.size()) {
    SIM_CHECK(chunks_.size() < UINT32_MAX, "more byte chunks than an entry can name");
    chunks_.emplace_back().reserve(std::max(kChunkBytes, scratch_.size()));
  }
  std::vector<char>& chunk = chunks_.back();
  Entry entry;
  entry.chunk = static_cast<uint32_t>(chunks_.size() - 1);
  entry.offset = static_cast<uint32_t>(chunk.size());
  entry.length = static_cast<uint32_t>(scratch_.size());
  chunk.insert(chunk.end(), scratch_.begin(), scratch_.end());  // within capacity: no move
  const auto id = static_cast<VersionId>(entries_.size());
  entries_.emplace_back() = entry;
  if (last == kNoVersion) {
    first = id;
  } else {
    entries_[last].next_same_hash = id;
  }
  return id;
}

dynamo::Version VersionTable::Get(VersionId id) const {
  SIM_CHECK(id < entries_.size(), "no such version in the table");
  return Decode(Bytes(entries_[id]));
}

}  // namespace sim
