#include "sim/report/mechanism_items.h"

#include "sim/analysis/message_mechanism.h"

namespace sim::report {

std::vector<std::string> MechanismNames() {
  std::vector<std::string> names;
  for (int mechanism = 0; mechanism < kMechanismCount; ++mechanism) {
    names.emplace_back(MechanismName(static_cast<Mechanism>(mechanism)));
  }
  return names;
}

std::vector<std::pair<std::string, const nlohmann::json*>> MechanismItems(
    const nlohmann::json& by_mechanism) {
  std::vector<std::pair<std::string, const nlohmann::json*>> items;
  if (!by_mechanism.is_object()) return items;
  const std::vector<std::string> known = MechanismNames();
  for (const std::string& name : known) {
    const auto it = by_mechanism.find(name);
    if (it != by_mechanism.end()) items.emplace_back(name, &*it);
  }
  for (auto it = by_mechanism.begin(); it != by_mechanism.end(); ++it) {
    bool is_known = false;
    for (const std::string& name : known) is_known = is_known || name == it.key();
    if (!is_known) items.emplace_back(it.key(), &*it);
  }
  return items;
}

}  // namespace sim::report
