#!/usr/bin/env bash
# Lint for the determinism rules and the one-way include direction (docs/design.md).
#
# Usage: lint.sh [REPOSITORY_ROOT]   (default: two levels above this script)
# Exit status: 0 clean, 1 violations found (each printed as file:line: why: text), 2 usage or
# I/O error.
#
# Checks, on C and C++ sources (.h .hh .hpp .hxx .inc .ipp .c .cc .cpp .cxx):
#   1. nothing under dynamo/ includes a sim/ header (dynamo sees the world only through env.h);
#   2. nothing under sim/engine/ includes a dynamo/ or sim/scenario header (the engine knows
#      nothing of Dynamo or of scenario files);
#   3. nothing under sim/ or dynamo/ uses a banned call: library random engines and
#      distributions, rand/srand, std::hash/absl::Hash, wall clocks, threads, unordered
#      containers (see BANNED below for the full list and the reason printed for each);
#   4. nothing under sim/ or dynamo/ outside sim/report/ and sim/analysis/ calls libm's exp, log,
#      pow or another transcendental function (use sim/engine/det_math.h).
# tools/ and tests/ are not covered: the CLI measures wall time and runs sweep workers on threads.
#
# The patterns are plain grep -E regular expressions over whole lines; comments and strings are
# not skipped (except by check 4, which skips whole-line // comments, where formulas are common).
# A banned name in a comment also trips the lint, so phrase comments around it ("the standard
# library's engines", "hash containers") rather than spelling the identifier.
set -u
export LC_ALL=C

root="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
if [[ ! -d "${root}/sim" || ! -d "${root}/dynamo" ]]; then
  echo "lint: ${root} does not look like the repository root (no sim/ or dynamo/)" >&2
  exit 2
fi
cd "${root}" || exit 2

source_globs=(--include='*.h' --include='*.hh' --include='*.hpp' --include='*.hxx'
              --include='*.inc' --include='*.ipp' --include='*.c' --include='*.cc'
              --include='*.cpp' --include='*.cxx')

violations=0
io_error=0

# Set around one check: more grep options (e.g. --exclude-dir), and whether lines that are only a
# // comment are skipped.
check_grep_options=()
check_skips_comment_lines=0

# check WHY REGEX DIR...: prints every line under DIR... matching REGEX as file:line: WHY: text.
check() {
  local why="$1" regex="$2"
  shift 2
  local dirs=()
  local dir
  for dir in "$@"; do
    [[ -d "${dir}" ]] && dirs+=("${dir}")
  done
  ((${#dirs[@]} == 0)) && return 0
  local output status
  output="$(grep -rnHE "${source_globs[@]}" "${check_grep_options[@]}" -e "${regex}" -- "${dirs[@]}")"
  status=$?
  if ((status == 0 && check_skips_comment_lines)); then
    output="$(grep -vE '^[^:]*:[0-9]+:[[:space:]]*//' <<<"${output}")"
    [[ -z "${output}" ]] && status=1
  fi
  if ((status == 0)); then
    while IFS= read -r line; do
      # line is file:number:text; insert the reason between the location and the text.
      local file="${line%%:*}"
      local rest="${line#*:}"
      local number="${rest%%:*}"
      local text="${rest#*:}"
      printf '%s:%s: %s: %s\n' "${file}" "${number}" "${why}" "${text}"
      violations=$((violations + 1))
    done <<<"${output}"
  elif ((status != 1)); then
    echo "lint: grep failed (status ${status}) for: ${why}" >&2
    io_error=1
  fi
}

# An #include directive, with optional spaces, of a path starting with the given prefix.
include_of() { printf '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]%s' "$1"; }

# Start of an identifier: the name is not the tail of a longer name, a member (.x, ->x) or a
# qualified name other than std:: or the global :: (those are matched by the optional prefix).
free_call() { printf '(^|[^[:alnum:]_.>:])(::|std::)?%s[[:space:]]*\\(' "$1"; }

# --- Include direction --------------------------------------------------------------------------
check 'dynamo/ must not include sim/ (dynamo sees the world only through dynamo/env.h)' \
  "$(include_of 'sim/')" dynamo
check 'sim/engine/ must not include dynamo/ (the engine knows nothing of Dynamo)' \
  "$(include_of 'dynamo/')" sim/engine
check 'sim/engine/ must not include sim/scenario (the engine knows nothing of scenario files)' \
  "$(include_of 'sim/scenario')" sim/engine

# --- Banned calls (why | extended regex) ---------------------------------------------------------
BANNED=(
  'std::random_device is nondeterministic; derive a Prng stream from the run seed'
  'std::random_device'
  'library random engines differ across versions; use sim::Prng'
  'std::(mt19937(_64)?|default_random_engine|minstd_rand0?|ranlux(24|48)(_base)?|knuth_b)\b'
  'std:: distributions differ across library versions; use sim::Distribution or Prng'
  'std::[[:alnum:]_]+_distribution\b'
  'absl random generators are salted and version-dependent; use sim::Prng'
  'absl::(Insecure)?BitGen(Ref)?\b'
  'absl random distributions are version-dependent; use sim::Prng'
  'absl::(Uniform|Bernoulli|Beta|Exponential|Gaussian|LogUniform|Poisson|Zipf)\b'
  'rand() is global, unseeded state; use sim::Prng'
  "$(free_call 'rand')"
  'srand() seeds global state; use sim::Prng'
  "$(free_call 'srand')"
  'the rand48 family is global state; use sim::Prng'
  "$(free_call '[dejlmns]rand48')"
  'std::hash differs across library versions; use a fixed hash (dynamo/md5.h, StableHash64)'
  'std::hash\b'
  'absl::Hash is salted per process; use a fixed hash'
  'absl::Hash(Of)?\b'
  'wall clock inside a run; use virtual time'
  '\b(system_clock|steady_clock|high_resolution_clock)\b'
  'wall clock inside a run; use virtual time'
  "$(free_call 'time')[[:space:]]*(nullptr|NULL|0|&[[:alnum:]_.>-]+)?[[:space:]]*\\)"
  'wall clock inside a run; use virtual time'
  '\b(gettimeofday|clock_gettime|timespec_get)\b'
  'wall clock inside a run; use virtual time'
  'absl::(Now|GetCurrentTimeNanos)\b'
  'threads inside a run make it nondeterministic'
  'std::(thread|jthread|async)\b|\bpthread_create\b'
  'unordered containers iterate in hash order; use absl::btree_map/btree_set or a sorted vector'
  'std::unordered_(map|set|multimap|multiset)\b'
)
for ((i = 0; i < ${#BANNED[@]}; i += 2)); do
  check "${BANNED[i]}" "${BANNED[i + 1]}" sim dynamo
done

# --- C library math where it can reach the trace ------------------------------------------------
# libm's transcendental functions are not correctly rounded and differ in the last bit between C
# libraries (and compile-time folding), so code that can reach the trace uses sim/engine/det_math.h
# (DetExp, DetLog, DetLog1p, DetPow). sqrt, floor and the like are exact or correctly rounded and
# stay allowed. sim/report/ and sim/analysis/ only read a finished run and never reach the digest.
# Formulas in comments are common here, so whole-line // comments are skipped for this check.
check_grep_options=(--exclude-dir=report --exclude-dir=analysis)
check_skips_comment_lines=1
check 'libm exp/log/pow differ between C libraries; use sim/engine/det_math.h (DetExp, DetLog, ...)' \
  "$(free_call '(exp|exp2|expm1|log|log2|log10|log1p|pow|cbrt|hypot|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh|erf|erfc|lgamma|tgamma)[fl]?')" \
  sim dynamo
check_grep_options=()
check_skips_comment_lines=0

if ((io_error)); then
  exit 2
fi
if ((violations > 0)); then
  echo "lint: ${violations} violation(s) of the determinism and include rules (tests/lint/lint.sh)"
  exit 1
fi
echo "lint: clean"
exit 0
