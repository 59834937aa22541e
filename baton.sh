#!/usr/bin/env bash
# Runs Baton from this checkout, setting up what it needs first (JDK 25, Maven, Xvfb/GTK for the window).
#   ./baton.sh                                         open the window (needs a display)
#   ./baton.sh run examples/course/course.baton.yaml   run the sample pipeline headless
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
gui=""
if [ $# -eq 0 ] || { [ $# -eq 1 ] && [ -f "$1" ]; }; then gui="--gui"; fi
# shellcheck source=scripts/setup.sh
source "$here/scripts/setup.sh" $gui
jar="$here/target/baton.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here/src" "$here/pom.xml" "$here/fxml" -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "baton.sh: building target/baton.jar" >&2
  (cd "$here" && mvn -B -q package -DskipTests >&2)
fi
if [ -n "$gui" ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "baton.sh: no display; opening the window under Xvfb (use a verb such as 'run FILE' for headless use)" >&2
  exec xvfb-run -a "$JAVA_HOME/bin/java" -jar "$jar" "$@"
fi
# headless verbs: C1 only and the serial GC, which on a 2-core machine leave the cores to the jobs
# (docs/benchmarks.md); the window keeps the default JIT
opts=()
[ -z "$gui" ] && opts=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
exec "$JAVA_HOME/bin/java" "${opts[@]}" -jar "$jar" "$@"
