// Small formatters for check details and summaries, so every detail names things the same way:
// virtual times as seconds ("12.345s", microseconds kept when present), nodes by scenario name,
// clients as c1..cM, items as "c2:17" (the writing client and its sequence number; history.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "sim/engine/time.h"

namespace sim {

// 12345678 -> "12.345678s", 12345000 -> "12.345s", 0 -> "0s".
inline std::string TimeText(TimeUs us) {
  const char* sign = us < 0 ? "-" : "";
  const TimeUs magnitude = us < 0 ? -us : us;
  const TimeUs seconds = magnitude / kSecond;
  const TimeUs micros = magnitude % kSecond;
  if (micros == 0) return fmt::format("{}{}s", sign, seconds);
  if (micros % kMillisecond == 0) {
    return fmt::format("{}{}.{:03}s", sign, seconds, micros / kMillisecond);
  }
  return fmt::format("{}{}.{:06}s", sign, seconds, micros);
}

// Milliseconds with up to three decimals: 1500 -> "1.5ms".
inline std::string MsText(TimeUs us) {
  std::string text = fmt::format("{:.3f}", static_cast<double>(us) / 1000.0);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text + "ms";
}

inline std::string NodeText(const std::vector<std::string>& node_names, uint64_t node) {
  return node < node_names.size() ? node_names[node] : fmt::format("node#{}", node);
}

inline std::string ClientText(uint32_t client) { return fmt::format("c{}", client + 1); }

// Items are (client index + 1) << 32 | sequence (history.h).
inline std::string ItemText(uint64_t item) {
  const uint64_t client = item >> 32;
  if (client == 0) return fmt::format("{}", item);
  return fmt::format("c{}:{}", client, item & 0xffffffffu);
}

}  // namespace sim
