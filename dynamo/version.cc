#include "dynamo/version.h"

#include <algorithm>
#include <iterator>
#include <tuple>

#include "dynamo/check.h"
#include "dynamo/hash.h"

namespace dynamo {
namespace {

bool ClockEntryLess(const ClockEntry& a, const ClockEntry& b) {
  return std::tie(a.node, a.counter, a.timestamp_us) < std::tie(b.node, b.counter, b.timestamp_us);
}

}  // namespace

bool IsValidValue(const Value& value) { return value.sorted_unique(); }

bool VersionLess(const Version& a, const Version& b) {
  const auto ea = a.clock.entries();
  const auto eb = b.clock.entries();
  if (std::lexicographical_compare(ea.begin(), ea.end(), eb.begin(), eb.end(), ClockEntryLess)) {
    return true;
  }
  if (std::lexicographical_compare(eb.begin(), eb.end(), ea.begin(), ea.end(), ClockEntryLess)) {
    return false;
  }
  return std::tie(a.value, a.lww_timestamp_us, a.writer, a.dot_node, a.dot_counter, a.dot_past,
                  a.extra_dots) < std::tie(b.value, b.lww_timestamp_us, b.writer, b.dot_node,
                                           b.dot_counter, b.dot_past, b.extra_dots);
}

uint64_t VersionDigest(const Version& version) {
  uint64_t hash = version.value.hash();  // HashCombine(0, size) folded with each item, cached
  hash = HashCombine(hash, version.clock.size());
  for (const ClockEntry& entry : version.clock.entries()) {
    hash = HashCombine(hash, entry.node);
    hash = HashCombine(hash, entry.counter);
    hash = HashCombine(hash, static_cast<uint64_t>(entry.timestamp_us));
  }
  hash = HashCombine(hash, static_cast<uint64_t>(version.lww_timestamp_us));
  hash = HashCombine(hash, version.writer);
  if (version.dot_counter == 0) return hash;  // versions without a dot hash as they always did
  hash = HashCombine(hash, version.dot_node);
  hash = HashCombine(hash, version.dot_counter);
  hash = HashCombine(hash, version.dot_past);
  for (const Dot& dot : version.extra_dots) {
    hash = HashCombine(HashCombine(hash, dot.node), dot.counter);
  }
  return hash;
}

uint64_t SiblingsDigest(absl::Span<const Version> versions) {
  absl::InlinedVector<uint64_t, 4> digests;
  for (const Version& version : versions) digests.push_back(VersionDigest(version));
  std::sort(digests.begin(), digests.end());
  uint64_t hash = HashCombine(0x5151515151515151ULL, digests.size());
  for (uint64_t digest : digests) hash = HashCombine(hash, digest);
  return hash;
}

Value UnionOfValues(absl::Span<const Version> versions) {
  // Each value is sorted and distinct (IsValidValue), so merging them one by one costs the
  // carts' sizes times the (few) siblings, where sorting the concatenation cost a log factor
  // more: a hot cart is merged on every add.
  if (versions.empty()) return Value();
  for (const Version& version : versions) {
    DYNAMO_CHECK(IsValidValue(version.value), "a value must be sorted without duplicates");
  }
  const Value& first = versions.front().value;
  const bool all_first = std::all_of(versions.begin(), versions.end(),
                                     [&](const Version& v) { return v.value == first; });
  if (all_first) return first;  // shared, not copied
  Value::Items all = first.items();
  Value::Items merged;
  for (const Version& version : versions.subspan(1)) {
    merged.clear();
    merged.reserve(all.size() + version.value.size());
    std::set_union(all.begin(), all.end(), version.value.begin(), version.value.end(),
                   std::back_inserter(merged));
    all.swap(merged);
  }
  return Value(std::move(all));
}

Value WithItem(const Value& value, uint64_t item) {
  DYNAMO_CHECK(IsValidValue(value), "a value must be sorted without duplicates");
  Value::Items items;
  items.reserve(value.size() + 1);
  const auto at = std::upper_bound(value.begin(), value.end(), item);
  items.insert(items.end(), value.begin(), at);
  items.push_back(item);
  items.insert(items.end(), at, value.end());
  return Value(std::move(items));
}

}  // namespace dynamo
