#!/usr/bin/env bash
# Sets up a fresh Debian machine (JDK 25, Maven, Xvfb, GTK 3) and runs every test, GUI tests under Xvfb.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=scripts/setup.sh
source "$here/scripts/setup.sh" --gui
cd "$here"
exec xvfb-run -a -s "-screen 0 1600x1000x24" mvn -B verify "$@"
