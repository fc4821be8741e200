#!/usr/bin/env bash
# Proves that lint.sh fails on each kind of violation and stays quiet on look-alikes that are
# allowed. Every case runs on a scratch tree under a temporary directory, removed on exit; the
# repository is never touched.
set -u
export LC_ALL=C

lint="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lint.sh"
scratch="$(mktemp -d)"
trap 'rm -rf "${scratch}"' EXIT
failures=0

# A small tree in the repository's shape, with lines that look like violations but are not.
make_clean_tree() {
  local tree="$1"
  rm -rf "${tree}"
  mkdir -p "${tree}"/{sim/engine,sim/cluster,sim/scenario,dynamo,tools/dynamo-sim,tests/engine}
  cat >"${tree}/sim/engine/clean.cc" <<'EOF'
#include "sim/engine/prng.h"
#include "sim/engine/distribution.h"
#include <string>
const auto d = sim::Distribution::Uniform(1, 2);  // our own Uniform, not absl's
uint64_t F(sim::Prng& prng) { return prng.Below(3) + operand(1) + strand(2) + brand (3); }
TimeUs G(Env& env) { return env.time(0) + env->time(0) + runtime(0) + sim::time(0); }
absl::btree_map<int, int> ordered;
absl::flat_hash_map<int, int> lookup_only;
int timestamp(0);
// e^x = exp(x) and log(x) in a comment are fine
double H(double x) { return DetExp(x) + DetLog(x) + std::sqrt(x) + std::floor(x) + logger.log(1); }
EOF
  # Report-only code reads a finished run and never reaches the digest: libm is allowed there.
  mkdir -p "${tree}"/{sim/report,sim/analysis}
  cat >"${tree}/sim/report/clean.cc" <<'EOF'
double Tick(double x) { return std::pow(10, std::floor(std::log10(x))); }
EOF
  cat >"${tree}/sim/analysis/clean.cc" <<'EOF'
double Spread(double x) { return std::exp(x); }
EOF
  cat >"${tree}/sim/cluster/clean.cc" <<'EOF'
#include "dynamo/ring.h"
#include "sim/engine/scheduler.h"
#include "sim/scenario/scenario.h"
EOF
  cat >"${tree}/dynamo/clean.cc" <<'EOF'
#include "dynamo/env.h"
#include <vector>
uint64_t Hash(std::string_view key) { return Md5Prefix(key); }
EOF
  # Outside sim/ and dynamo/ anything goes: the CLI times runs and sweeps on threads.
  cat >"${tree}/tools/dynamo-sim/clean.cc" <<'EOF'
#include "sim/engine/prng.h"
auto start = std::chrono::steady_clock::now();
std::thread worker;
std::unordered_map<int, int> scratch;
EOF
  cat >"${tree}/tests/engine/clean_test.cc" <<'EOF'
std::mt19937 allowed_in_tests;
EOF
}

# expect_clean: the scratch tree alone must pass.
expect_clean() {
  local tree="${scratch}/tree"
  make_clean_tree "${tree}"
  local output
  output="$(bash "${lint}" "${tree}" 2>&1)"
  local status=$?
  if ((status != 0)); then
    echo "FAIL: clean tree reported (status ${status}):"
    echo "${output}"
    failures=$((failures + 1))
  fi
}

# expect_violation FILE LINE_TEXT: appending LINE_TEXT to FILE (relative to the tree) must make the
# lint fail with status 1 and name FILE and the line number.
expect_violation() {
  local file="$1" text="$2"
  local tree="${scratch}/tree"
  make_clean_tree "${tree}"
  mkdir -p "$(dirname "${tree}/${file}")"
  printf '%s\n' "${text}" >>"${tree}/${file}"
  local line
  line="$(wc -l <"${tree}/${file}" | tr -d ' ')"
  local output
  output="$(bash "${lint}" "${tree}" 2>&1)"
  local status=$?
  if ((status != 1)) || ! grep -qF "${file}:${line}:" <<<"${output}"; then
    echo "FAIL: not reported (status ${status}): ${file}:${line}: ${text}"
    echo "${output}"
    failures=$((failures + 1))
  fi
}

expect_clean

# Include direction.
expect_violation dynamo/node.cc '#include "sim/engine/prng.h"'
expect_violation dynamo/node.h '  #  include <sim/cluster/world.h>'
expect_violation sim/engine/network.cc '#include "dynamo/ring.h"'
expect_violation sim/engine/network.h '#include "sim/scenario/scenario.h"'
expect_violation sim/engine/network.h '#include "sim/scenario.h"'

# Banned calls, under sim/ and dynamo/, in .cc and .h files.
expect_violation sim/engine/a.cc 'std::random_device device;'
expect_violation sim/cluster/a.cc 'std::mt19937 engine(1);'
expect_violation sim/cluster/a.cc 'std::mt19937_64 engine(1);'
expect_violation dynamo/a.cc 'std::default_random_engine engine;'
expect_violation dynamo/a.cc 'std::minstd_rand engine;'
expect_violation sim/engine/a.h 'std::uniform_int_distribution<int> pick(0, 9);'
expect_violation sim/engine/a.h 'std::normal_distribution<double> noise;'
expect_violation sim/engine/a.h 'std::exponential_distribution<> delay(1.0);'
expect_violation dynamo/a.h 'absl::BitGen bitgen;'
expect_violation dynamo/a.h 'absl::InsecureBitGen bitgen;'
expect_violation dynamo/a.cc 'int x = absl::Uniform(bitgen, 0, 10);'
expect_violation dynamo/a.cc 'int x = absl::Uniform<int>(gen, 0, 10);'
expect_violation sim/cluster/a.cc 'int x = rand() % 6;'
expect_violation sim/cluster/a.cc 'int x = std::rand();'
expect_violation sim/cluster/a.cc 'int x=::rand ();'
expect_violation sim/cluster/a.cc '  srand(42);'
expect_violation sim/cluster/a.cc 'std::srand(time(nullptr));'
expect_violation sim/cluster/a.cc 'double x = drand48();'
expect_violation dynamo/a.cc 'size_t h = std::hash<std::string>{}(key);'
expect_violation dynamo/a.cc 'size_t h = absl::Hash<int>{}(1);'
expect_violation dynamo/a.cc 'size_t h = absl::HashOf(1);'
expect_violation sim/engine/a.cc 'auto now = std::chrono::system_clock::now();'
expect_violation sim/engine/a.cc 'auto now = std::chrono::steady_clock::now();'
expect_violation sim/engine/a.cc 'auto now = std::chrono::high_resolution_clock::now();'
expect_violation sim/engine/a.cc 'using Clock = steady_clock;'
expect_violation sim/engine/a.cc 'time_t now = time(nullptr);'
expect_violation sim/engine/a.cc 'time_t now = std::time(NULL);'
expect_violation sim/engine/a.cc 'time(&now);'
expect_violation sim/engine/a.cc 'gettimeofday(&tv, nullptr);'
expect_violation sim/engine/a.cc 'clock_gettime(CLOCK_MONOTONIC, &ts);'
expect_violation sim/engine/a.cc 'absl::Time t = absl::Now();'
expect_violation dynamo/a.cc 'std::thread worker([] {});'
expect_violation dynamo/a.cc 'auto f = std::async(Work);'
expect_violation sim/cluster/a.h 'std::unordered_map<int, int> m;'
expect_violation sim/cluster/a.h 'std::unordered_set<int> s;'
expect_violation sim/cluster/a.hpp 'std::unordered_multimap<int, int> m;'
# libm's transcendental functions where they can reach the trace.
expect_violation sim/engine/a.cc 'double d = std::exp(x);'
expect_violation sim/engine/a.cc 'double d = mean * -std::log1p(-u);'
expect_violation sim/cluster/a.cc 'total += 1.0 / pow(rank, s);'
expect_violation sim/cluster/a.cc 'double g = -::log(u) / rate;'
expect_violation sim/scenario/a.cc 'double z = std::sin(x) + std::erf(x);'
expect_violation dynamo/a.cc 'float f = expf(x);'
# Comments are not skipped: a banned identifier in a comment trips the lint too.
expect_violation sim/engine/a.cc '// never use std::unordered_map here'

if ((failures > 0)); then
  echo "lint self-test: ${failures} failure(s)"
  exit 1
fi
echo "lint self-test: all cases behave"
exit 0
