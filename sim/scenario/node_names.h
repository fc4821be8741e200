// Names of nodes and clients in scenario files. Nodes are "n1".."nK" unless cluster.node_names
// lists others; clients are always "c1".."cM". So that a partition group can mix both, a node
// name may not have the client form "c<digits>".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sim::scenario {

// "n1".."n<count>".
std::vector<std::string> DefaultNodeNames(int count);

// "" when `name` may name a node; otherwise why not (for an error message). A node name is 1 to
// 64 characters from [A-Za-z0-9_.-] and not of the client form "c<digits>".
std::string NodeNameProblem(std::string_view name);

// True when `name` is "c1".."c<clients>" (no leading zeros).
bool IsClientName(std::string_view name, int clients);

// "unknown node \"n9\"" plus a did-you-mean or the list of known names (shortened when long).
std::string UnknownNameMessage(std::string_view what, std::string_view name,
                               const std::vector<std::string>& known);

}  // namespace sim::scenario
