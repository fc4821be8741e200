// Value: a version's item set (a cart's items, a register's one item), immutable and shared.
//
// A cart value travels from the client's put through the coordinator, every replica's put, the
// store, get replies, read repair, hints and anti-entropy pushes. Copying it into each of those
// made a hot cart quadratic in CPU (every add copied and hashed the whole cart many times), so a
// Value is a reference-counted handle to one const item vector: copying a Value copies a pointer.
// Its hash (the prefix of VersionDigest) and whether it is sorted without duplicates
// (IsValidValue) are computed once, when the items are handed over.
//
// The items are read like a const std::vector<uint64_t>; to change a value, build a new one.
// The default Value is empty and allocates nothing.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <utility>
#include <vector>

namespace dynamo {

class Value {
 public:
  using Items = std::vector<uint64_t>;
  using value_type = uint64_t;
  using const_iterator = Items::const_iterator;
  using iterator = const_iterator;

  Value() = default;
  // Takes the items over (implicit: a std::vector of items is a value).
  Value(Items items);  // NOLINT(google-explicit-constructor)
  Value(std::initializer_list<uint64_t> items) : Value(Items(items)) {}

  const Items& items() const { return rep_ != nullptr ? rep_->items : EmptyItems(); }
  const_iterator begin() const { return items().begin(); }
  const_iterator end() const { return items().end(); }
  size_t size() const { return items().size(); }
  bool empty() const { return size() == 0; }
  uint64_t operator[](size_t i) const { return items()[i]; }
  uint64_t front() const { return items().front(); }
  uint64_t back() const { return items().back(); }

  // HashCombine(0, size) folded with every item in order (hash.h): the value's part of
  // VersionDigest, cached.
  uint64_t hash() const;
  // Items sorted strictly ascending (cached).
  bool sorted_unique() const { return rep_ == nullptr || rep_->sorted_unique; }

  void swap(Value& other) noexcept { rep_.swap(other.rep_); }

  friend bool operator==(const Value& a, const Value& b) {
    return a.rep_ == b.rep_ || a.items() == b.items();
  }
  friend std::strong_ordering operator<=>(const Value& a, const Value& b) {
    if (a.rep_ == b.rep_) return std::strong_ordering::equal;
    return a.items() <=> b.items();
  }

 private:
  struct Rep {
    Items items;
    uint64_t hash = 0;
    bool sorted_unique = true;
  };
  static const Items& EmptyItems();

  std::shared_ptr<const Rep> rep_;
};

}  // namespace dynamo
