#!/usr/bin/env bash
# Follows the README's first command literally, in a fresh clone of this repository, as a newcomer
# would: the command is read from the README itself, so the test breaks when the text and the
# code part ways. (The README's second command is ./test.sh, which runs this.)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q "$here" "$work/baton"
cd "$work/baton"
cmd=$(sed -n '/^## The two commands/,/^## Install/p' README.md | grep -m1 '^\./baton\.sh ' | sed 's/ *#.*$//')
[ -n "$cmd" ] || { echo "newcomer test: the README no longer starts with a ./baton.sh command" >&2; exit 1; }
mkdir -p "$work/home"
if ! HOME="$work/home" BATON_HOME="$work/data" bash -c "$cmd" > "$work/out.txt" 2>&1; then
  cat "$work/out.txt" >&2
  echo "newcomer test: '$cmd' failed in a fresh clone" >&2
  exit 1
fi
grep -q 'SUCCEEDED' "$work/out.txt" || { cat "$work/out.txt" >&2; echo "newcomer test: no run succeeded" >&2; exit 1; }
if grep -q $'\e\[' "$work/out.txt"; then echo "newcomer test: escape codes in output that is not a terminal" >&2; exit 1; fi
echo "newcomer test: ok ($cmd, in a fresh clone)"
