#!/usr/bin/env bash
# Sets up a fresh Debian machine (JDK 25, Maven, Xvfb, GTK 3) and runs every test, GUI tests under Xvfb.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/setup.sh
source "$here/scripts/setup.sh" --gui
cd "$here"
xvfb-run -a -s "-screen 0 1600x1000x24" mvn -B verify "$@"
# the README's first command, literally, in a fresh clone
"$here/scripts/newcomer-test.sh"
# the installed app: build the .deb, install it, use it, remove it (needs root or sudo)
if [ "$(id -u)" = 0 ] || sudo -n true 2>/dev/null; then
  BATON_SKIP_BUILD=1 "$here/scripts/package-test.sh"
else
  echo "test.sh: skipping the package test (it installs a .deb: run as root or with sudo)" >&2
fi
