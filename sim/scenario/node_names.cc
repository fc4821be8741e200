#include "sim/scenario/node_names.h"

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "absl/strings/ascii.h"
#include "sim/scenario/concat.h"
#include "sim/scenario/did_you_mean.h"

namespace sim::scenario {
namespace {

constexpr size_t kMaxNameLength = 64;
constexpr size_t kNamesListed = 8;

// "c" followed by a positive decimal number without leading zeros; the number, or 0.
int64_t ClientNumber(std::string_view name) {
  if (name.size() < 2 || name[0] != 'c' || name[1] == '0') return 0;
  int64_t number = 0;
  for (char c : name.substr(1)) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c)) || number > 1000000000) return 0;
    number = number * 10 + (c - '0');
  }
  return number;
}

bool HasClientForm(std::string_view name) {
  if (name.size() < 2 || name[0] != 'c') return false;
  for (char c : name.substr(1)) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> DefaultNodeNames(int count) {
  std::vector<std::string> names;
  for (int i = 1; i <= count; ++i) names.push_back(Concat("n", i));
  return names;
}

std::string NodeNameProblem(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength) {
    return Concat("a node name must be 1 to ", kMaxNameLength, " characters long");
  }
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') {
      return Concat("node name \"", name, "\" may only use letters, digits, '_', '.', '-'");
    }
  }
  if (HasClientForm(name)) {
    return Concat("node name \"", name, "\" has the form c<number>, reserved for clients");
  }
  return "";
}

bool IsClientName(std::string_view name, int clients) {
  const int64_t number = ClientNumber(name);
  return number >= 1 && number <= clients;
}

std::string UnknownNameMessage(std::string_view what, std::string_view name,
                               const std::vector<std::string>& known) {
  std::vector<std::string_view> candidates(known.begin(), known.end());
  std::string hint = DidYouMeanSuffix(name, candidates);
  if (hint.empty()) {
    std::vector<std::string_view> listed(
        candidates.begin(), candidates.begin() + std::min(candidates.size(), kNamesListed));
    hint =
        Concat(" (known: ", Join(listed, ", "), candidates.size() > kNamesListed ? ", ...)" : ")");
  }
  return Concat("unknown ", what, " \"", name, "\"", hint);
}

}  // namespace sim::scenario
