#!/usr/bin/env bash
# Runs the command lines of README.md's tested blocks as written: every ```sh block between
# "<!-- readme-test: begin -->" and "<!-- readme-test: end -->". Each block runs as one bash
# script (so loops and continuation lines work) under `set -e`, in a scratch directory that
# looks like the repository to the commands (scenarios/, docs/, tools/sim) and with `dynamo-sim`
# on PATH, both running the binary under test instead of building the release one. A command
# line whose comment starts with "exit N" ("# exit 1: ...") must exit N; every other command
# must exit 0.
#
# Usage: readme_commands.sh REPOSITORY_ROOT DYNAMO_SIM_BINARY
# Exit 0 when every block ran; 1 with the failing block and command otherwise.
set -euo pipefail
root="$1"
cli="$2"
readme="$root/README.md"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
ln -s "$root/scenarios" "$work/scenarios"
ln -s "$root/docs" "$work/docs"
mkdir -p "$work/tools" "$work/bin"
printf '#!/bin/sh\nexec %q "$@"\n' "$cli" >"$work/tools/sim"
cp "$work/tools/sim" "$work/bin/dynamo-sim"
chmod +x "$work/tools/sim" "$work/bin/dynamo-sim"
export PATH="$work/bin:$PATH"

# Splits the tested blocks into files block-1.sh, block-2.sh, ...; a line ending in "# exit N"
# becomes a check of its exit status.
awk -v dir="$work" '
  /<!-- readme-test: begin -->/ { tested = 1; next }
  /<!-- readme-test: end -->/ { tested = 0; next }
  tested && /^```sh$/ { n++; file = dir "/block-" n ".sh"; print "set -e" > file; inside = 1; next }
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
  END { if (n == 0) { print "no tested blocks found" > "/dev/stderr"; exit 1 } }
' "$readme"

cd "$work"
for block in "$work"/block-*.sh; do
  echo "== README block $(basename "$block")"
  if ! bash -x "$block" >"$block.out" 2>&1; then
    echo "README command failed in $(basename "$block"):" >&2
    tail -n 30 "$block.out" >&2
    exit 1
  fi
done
echo "every tested README block ran"
