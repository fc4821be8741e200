#include "dynamo/value.h"

#include <algorithm>

#include "dynamo/hash.h"

namespace dynamo {
namespace {

uint64_t ItemsHash(const Value::Items& items) {
  uint64_t hash = HashCombine(0, items.size());
  for (uint64_t item : items) hash = HashCombine(hash, item);
  return hash;
}

}  // namespace

Value::Value(Items items) {
  if (items.empty()) return;  // the empty value allocates nothing
  auto rep = std::make_shared<Rep>();
  rep->hash = ItemsHash(items);
  rep->sorted_unique = std::adjacent_find(items.begin(), items.end(), [](uint64_t a, uint64_t b) {
                         return a >= b;
                       }) == items.end();
  rep->items = std::move(items);
  rep_ = std::move(rep);
}

uint64_t Value::hash() const {
  static const uint64_t empty_hash = ItemsHash({});
  return rep_ != nullptr ? rep_->hash : empty_hash;
}

const Value::Items& Value::EmptyItems() {
  static const Items* const empty = new Items();
  return *empty;
}

}  // namespace dynamo
