#!/usr/bin/env bash
# Runs the hostile suite: bad input, other users, another data directory, killed processes,
# escaped daemons, a full disk (src/test/java/baton/hostile). Tests that need root (a second
# Unix user, a tmpfs) are skipped with their reason when not run as root.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=setup.sh
source "$here/scripts/setup.sh"
cd "$here"
exec mvn -B -q test -Dtest='baton/hostile/**' -Dsurefire.failIfNoSpecifiedTests=false "$@"
