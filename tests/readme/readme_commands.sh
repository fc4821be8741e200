#!/usr/bin/env bash
# Runs the command lines of README.md as written: every ```sh block, each as one bash script (so
# loops and continuation lines work) under `set -e`, in a scratch directory that looks like the
# repository to the commands (scenarios/, docs/, tools/sim, tools/install) and with `dynamo-sim`
# on PATH, all running the binary under test instead of building the release one. A command line
# whose comment starts with "exit N" ("# exit 1: ...") must exit N; every other command must
# exit 0. A block right after "<!-- readme-test: skip: REASON -->" is not run (tools/test itself,
# job-scheduler templates); nothing else is skipped.
#
# Small where needed, so the whole README runs in a few minutes of a debug build: the stand-in
# binary runs at most 2 seeds of a `--seeds A..B` range (A..A+1), and runs the fault-free
# quickstart and weak-quorum scenarios for 3s and nemesis for 16s (two fault intervals) unless
# the command sets `duration` itself. Exit codes do not depend on either.
#
# Usage: readme_commands.sh REPOSITORY_ROOT DYNAMO_SIM_BINARY [all|first-steps]
#   all (default): every block; first-steps: only the blocks between
#   "<!-- readme-test: begin -->" and "<!-- readme-test: end -->" (the sanitizer build runs these).
# Exit 0 when every block ran; 1 with the failing block and command otherwise.
set -euo pipefail
root="$1"
cli="$(realpath "$2")"
mode="${3:-all}"
readme="$root/README.md"
case "$mode" in all | first-steps) ;; *) echo "unknown mode '$mode'" >&2; exit 2 ;; esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
ln -s "$root/scenarios" "$work/scenarios"
ln -s "$root/docs" "$work/docs"
mkdir -p "$work/tools" "$work/bin" "$work/home"

# The stand-in for tools/sim and dynamo-sim: the binary under test, with seed ranges and the
# long fault-free scenarios cut down (see above).
cat >"$work/bin/dynamo-sim" <<STANDIN
#!/usr/bin/env bash
args=()
shorten=""
sets_duration=0
for arg in "\$@"; do
  if [[ "\$arg" =~ ^([0-9]+)\.\.([0-9]+)\$ ]] && (( BASH_REMATCH[2] > BASH_REMATCH[1] + 1 )); then
    arg="\${BASH_REMATCH[1]}..\$((BASH_REMATCH[1] + 1))"
  fi
  case "\$arg" in
    */quickstart.json | */weak-quorum-r1-w1.json) shorten=3s ;;
    */nemesis.json) shorten=16s ;;
    duration=*) sets_duration=1 ;;
  esac
  args+=("\$arg")
done
case "\${1:-}" in
  run | sweep | ablate | shrink)
    if [ -n "\$shorten" ] && [ "\$sets_duration" -eq 0 ]; then args+=(--set "duration=\$shorten"); fi ;;
esac
exec $(printf %q "$cli") "\${args[@]}"
STANDIN
cp "$work/bin/dynamo-sim" "$work/tools/sim"
# tools/install builds the release binary (the same tools/build step tools/sim runs), then copies
# it; here it copies the binary under test, into the scratch HOME.
cat >"$work/tools/install" <<'STANDIN'
#!/usr/bin/env bash
dest="${1:-$HOME/.local/bin}"
mkdir -p "$dest" && cp "$(dirname "$0")/../bin/dynamo-sim" "$dest/dynamo-sim"
echo "installed $dest/dynamo-sim"
STANDIN
chmod +x "$work/tools/sim" "$work/tools/install" "$work/bin/dynamo-sim"
export PATH="$work/bin:$PATH"
export HOME="$work/home"

# Splits the blocks into files block-1.sh, block-2.sh, ...; a line ending in "# exit N" becomes a
# check of its exit status.
awk -v dir="$work" -v mode="$mode" '
  /<!-- readme-test: begin -->/ { first_steps = 1; next }
  /<!-- readme-test: end -->/ { first_steps = 0; next }
  /<!-- readme-test: skip: .+ -->/ { skip_next = 1; next }
  /^```sh$/ {
    if (skip_next || (mode == "first-steps" && !first_steps)) { skipping = 1; skip_next = 0; skipped++; next }
    n++; file = dir "/block-" n ".sh"; print "set -e" > file; inside = 1; next
  }
  skipping && /^```$/ { skipping = 0; next }
  inside && /^```$/ { inside = 0; close(file); next }
  inside {
    if (match($0, /#[[:space:]]*exit[[:space:]]+[0-9]+([^0-9].*)?$/)) {
      command = substr($0, 1, RSTART - 1)
      expected = substr($0, RSTART); sub(/^#[[:space:]]*exit[[:space:]]+/, "", expected)
      sub(/[^0-9].*$/, "", expected)
      printf "rc=0; %s || rc=$?; [ \"$rc\" -eq %s ] || { echo \"expected exit %s, got $rc\" >&2; exit 1; }\n", command, expected, expected > file
    } else {
      print > file
    }
  }
  END {
    if (n == 0) { print "no README blocks found" > "/dev/stderr"; exit 1 }
    print n " blocks to run, " skipped + 0 " skipped" > "/dev/stderr"
  }
' "$readme"

cd "$work"
for block in $(ls "$work"/block-*.sh | sort -t- -k2 -n); do
  echo "== README $(basename "$block")"
  if ! bash -x "$block" >"$block.out" 2>&1; then
    echo "README command failed in $(basename "$block"):" >&2
    head -n 5 "$block" | sed 's/^/  | /' >&2
    tail -n 30 "$block.out" >&2
    exit 1
  fi
done
echo "every README block ran"
