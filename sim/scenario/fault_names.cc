// Checks the node and client names that scheduled faults mention (see section_readers.h).
#include <algorithm>
#include <numeric>
#include <set>

#include "sim/scenario/concat.h"
#include "sim/scenario/node_names.h"
#include "sim/scenario/section_readers.h"

namespace sim::scenario {
namespace {

// Walks the faults in time order, knowing which nodes exist at each point.
class FaultNameChecker {
 public:
  FaultNameChecker(ParseErrors& errors, const FaultContext& context)
      : errors_(errors),
        context_(context),
        names_(context.node_names),
        known_(names_.begin(), names_.end()) {}

  void Check(const Fault& fault, const std::string& path);

 private:
  void CheckNodes(const std::vector<std::string>& names, const std::string& path);
  void CheckGroups(const Fault& fault, const std::string& path);
  void CheckOneWay(const Fault& fault, const std::string& path);
  void Join(const std::vector<std::string>& names, const std::string& path);

  ParseErrors& errors_;
  const FaultContext& context_;
  std::vector<std::string> names_;  // nodes known so far, in order of appearance
  std::set<std::string> known_;     // the same, for lookup
};

void FaultNameChecker::Check(const Fault& fault, const std::string& path) {
  switch (fault.type) {
    case FaultType::kPartition:
      return CheckGroups(fault, path);
    case FaultType::kOneWay:
      return CheckOneWay(fault, path);
    case FaultType::kJoin:
      return Join(fault.nodes, ChildPath(path, "nodes"));
    default:
      return CheckNodes(fault.nodes, ChildPath(path, "nodes"));
  }
}

void FaultNameChecker::CheckNodes(const std::vector<std::string>& names, const std::string& path) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (known_.count(names[i]) == 0) {
      errors_.Fail(IndexPath(path, i), UnknownNameMessage("node", names[i], names_));
    }
  }
}

// A datacenter's name stands for its nodes and clients; after that expansion nobody may be in two
// groups (a datacenter's name and one of its nodes in another group overlap).
void FaultNameChecker::CheckGroups(const Fault& fault, const std::string& path) {
  std::set<std::string> seen;
  for (size_t g = 0; g < fault.groups.size(); ++g) {
    const std::string group_path = IndexPath(ChildPath(path, "groups"), g);
    for (size_t i = 0; i < fault.groups[g].size(); ++i) {
      const std::string& name = fault.groups[g][i];
      const std::string member_path = IndexPath(group_path, i);
      const auto datacenter = context_.datacenters.find(name);
      if (datacenter != context_.datacenters.end()) {
        for (const std::vector<std::string>* members :
             {&datacenter->second.nodes, &datacenter->second.clients}) {
          for (const std::string& member : *members) {
            if (!seen.insert(member).second) {
              errors_.Fail(member_path, Concat("\"", member, "\" (of datacenter \"", name,
                                               "\") is in more than one group"));
            }
          }
        }
      } else if (known_.count(name) == 0 && !IsClientName(name, context_.clients)) {
        const std::string datacenters =
            context_.datacenters.empty() ? "" : "; or a datacenter of network.datacenters";
        errors_.Fail(member_path, Concat(UnknownNameMessage("node or client", name, names_),
                                         "; clients are c1..c", context_.clients, datacenters));
      } else if (!seen.insert(name).second) {
        errors_.Fail(member_path, Concat("\"", name, "\" is in more than one group"));
      }
    }
  }
}

void FaultNameChecker::CheckOneWay(const Fault& fault, const std::string& path) {
  CheckNodes(fault.from, ChildPath(path, "from"));
  CheckNodes(fault.to, ChildPath(path, "to"));
  const std::set<std::string> from(fault.from.begin(), fault.from.end());
  for (size_t i = 0; i < fault.to.size(); ++i) {
    if (from.count(fault.to[i]) > 0) {
      errors_.Fail(IndexPath(ChildPath(path, "to"), i),
                   Concat("\"", fault.to[i], "\" is in both from and to"));
    }
  }
}

void FaultNameChecker::Join(const std::vector<std::string>& names, const std::string& path) {
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string problem = NodeNameProblem(names[i]);
    if (!problem.empty()) errors_.Fail(IndexPath(path, i), problem);
    if (known_.count(names[i]) > 0) {
      errors_.Fail(IndexPath(path, i),
                   Concat("node \"", names[i], "\" already exists; join needs new names"));
    }
  }
  for (const std::string& name : names) {
    if (known_.insert(name).second) names_.push_back(name);
  }
}

}  // namespace

void ValidateFaultNames(ParseErrors& errors, const std::string& faults_path,
                        const std::vector<Fault>& faults, const FaultContext& context) {
  std::vector<size_t> order(faults.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&faults](size_t a, size_t b) { return faults[a].at_us < faults[b].at_us; });
  FaultNameChecker checker(errors, context);
  for (size_t index : order) checker.Check(faults[index], IndexPath(faults_path, index));
}

}  // namespace sim::scenario
