#include "sim/key_chooser.h"

#include <algorithm>

#include "sim/engine/check.h"
#include "sim/engine/det_math.h"

namespace sim {

KeyChooser KeyChooser::Uniform(uint64_t keys) {
  SIM_CHECK(keys >= 1, "need at least one key");
  KeyChooser chooser;
  chooser.keys_ = keys;
  return chooser;
}

KeyChooser KeyChooser::Zipf(uint64_t keys, double s) {
  SIM_CHECK(keys >= 1 && s > 0, "zipf needs keys >= 1 and s > 0");
  KeyChooser chooser;
  chooser.keys_ = keys;
  chooser.cumulative_.resize(keys);
  double total = 0;
  for (uint64_t rank = 0; rank < keys; ++rank) {
    total += 1.0 / DetPow(static_cast<double>(rank + 1), s);
    chooser.cumulative_[rank] = total;
  }
  for (double& value : chooser.cumulative_) value /= total;
  chooser.cumulative_.back() = 1.0;
  return chooser;
}

uint64_t KeyChooser::Next(Prng& prng) const {
  if (cumulative_.empty()) return prng.Below(keys_);
  const double u = prng.NextDouble();
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
  return static_cast<uint64_t>(std::min<std::ptrdiff_t>(it - cumulative_.begin(),
                                                        static_cast<std::ptrdiff_t>(keys_ - 1)));
}

}  // namespace sim
