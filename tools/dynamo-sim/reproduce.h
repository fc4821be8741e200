// The command that reproduces one run exactly, as `sweep` and `shrink` print it:
//   tools/sim run SCENARIO --seed N --set 'PATH=VALUE'...
// Arguments are quoted for a POSIX shell where needed, so the line can be pasted as it is.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sim::cli {

// `text` quoted for a POSIX shell: unchanged when it holds only characters that need no quoting,
// otherwise in single quotes (an embedded ' written as '\'').
std::string ShellQuoteIfNeeded(const std::string& text);

// "tools/sim run SCENARIO --seed N" followed by " --set 'OVERRIDE'" for each override, in order.
std::string ReproduceCommand(const std::string& scenario_path, uint64_t seed,
                             const std::vector<std::string>& overrides);

}  // namespace sim::cli
