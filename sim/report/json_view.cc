#include "sim/report/json_view.h"

#include <cmath>

#include "fmt/format.h"

namespace sim::report {

const nlohmann::json* Find(const nlohmann::json& root, std::initializer_list<std::string_view> path) {
  const nlohmann::json* at = &root;
  for (std::string_view key : path) {
    if (!at->is_object()) return nullptr;
    const auto it = at->find(std::string(key));
    if (it == at->end()) return nullptr;
    at = &*it;
  }
  return at;
}

double Number(const nlohmann::json& root, std::initializer_list<std::string_view> path,
              double fallback) {
  const nlohmann::json* value = Find(root, path);
  return value != nullptr && value->is_number() ? value->get<double>() : fallback;
}

std::string Text(const nlohmann::json& root, std::initializer_list<std::string_view> path,
                 std::string_view fallback) {
  const nlohmann::json* value = Find(root, path);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string(fallback);
}

const nlohmann::json& Array(const nlohmann::json& root, std::initializer_list<std::string_view> path) {
  static const auto* const kEmpty = new nlohmann::json(nlohmann::json::array());
  const nlohmann::json* value = Find(root, path);
  return value != nullptr && value->is_array() ? *value : *kEmpty;
}

std::string Show(const nlohmann::json* value) {
  if (value == nullptr || value->is_null()) return "-";
  if (value->is_boolean()) return value->get<bool>() ? "yes" : "no";
  if (value->is_number_integer() || value->is_number_unsigned()) return value->dump();
  if (value->is_number()) {
    const double number = value->get<double>();
    if (!std::isfinite(number)) return "-";
    std::string text = fmt::format("{:.6f}", number);
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    return text;
  }
  if (value->is_string()) return value->get<std::string>();
  return value->dump();
}

std::string Show(const nlohmann::json& root, std::initializer_list<std::string_view> path) {
  return Show(Find(root, path));
}

}  // namespace sim::report
