// The entries of a report.json "messages.by_mechanism" object in mechanism order (client,
// coordination, replication, ... as sim/analysis/message_mechanism.h lists them) rather than
// nlohmann::json's alphabetical order, so tables and charts read in protocol order.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "nlohmann/json.hpp"

namespace sim::report {

// (name, value) for every key of `by_mechanism`: known mechanisms first in enum order, then any
// other key ("other", or keys of a newer build) alphabetically. Empty when it is not an object.
// The pointers point into `by_mechanism`.
std::vector<std::pair<std::string, const nlohmann::json*>> MechanismItems(
    const nlohmann::json& by_mechanism);

// Every mechanism name in enum order (the columns of a table that must have them all).
std::vector<std::string> MechanismNames();

}  // namespace sim::report
