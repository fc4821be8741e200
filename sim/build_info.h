// What built this binary: the release (CMake's project version) and the git commit of the
// sources, for `dynamo-sim --version` and the `tool` object of report.json.
//
// Both live in one generated translation unit (build/<flavour>/generated/build_info.cc, written
// by cmake/git_commit.cmake on every build, rewritten only when the commit changes), so a new
// commit relinks the binaries without recompiling anything else.
#pragma once

namespace sim {

inline constexpr const char* kToolName = "dynamo-sim";

// "0.1.0": the CMake project version.
const char* ToolVersion();

// 12 hex digits of the commit, with "-dirty" when tracked files had uncommitted changes at build
// time; "unknown" when the sources were not a git work tree or git was missing.
const char* ToolCommit();

}  // namespace sim
