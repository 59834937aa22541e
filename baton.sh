#!/usr/bin/env bash
# Runs Baton from this checkout, setting up what it needs first (JDK 25, Maven, Xvfb/GTK for the window).
#   ./baton.sh                                         open the window (needs a display)
#   ./baton.sh run examples/course/course.baton.yaml   run the sample pipeline headless
#   BATON_XVFB=1 ./baton.sh                            the window under Xvfb when there is no display
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
gui=""
if [ $# -eq 0 ] || { [ $# -eq 1 ] && [ -f "$1" ]; }; then gui="--gui"; fi
if [ -n "$gui" ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "${BATON_XVFB:-}" != 1 ]; then
  cat >&2 <<'EOT'
baton.sh: there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window cannot open.
Headless, Baton does the same work from the command line:
  ./baton.sh run examples/course/course.baton.yaml   run a pipeline to its end
  ./baton.sh validate FILE                           check a pipeline file
  ./baton.sh runs                                    list the runs (then: show RUN, logs RUN JOB)
  ./baton.sh --help                                  every verb
(BATON_XVFB=1 ./baton.sh opens the window under Xvfb, where nobody sees it.)
EOT
  exit 2
fi
# shellcheck source=scripts/setup.sh
source "$here/scripts/setup.sh" $gui
jar="$here/target/baton.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$here/src" "$here/pom.xml" "$here/fxml" -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "baton.sh: building target/baton.jar" >&2
  (cd "$here" && mvn_quiet package -DskipTests)
fi
# the ahead-of-time cache the build made for this jar and this role: the window's, or the verbs'
# (ignored, silently, if it no longer matches; decision 0015)
aot=()
cache="$here/target/baton.aot"
[ -n "$gui" ] && [ -f "$here/target/baton-window.aot" ] && cache="$here/target/baton-window.aot"
[ -f "$cache" ] && aot=(-XX:AOTCache="$cache" -Xlog:aot=off -Xlog:cds=off)
# every role (verb, window, the service it starts): C1 only and the serial GC, which start
# soonest and on a 2-core machine leave the cores to the jobs (decision 0015, docs/benchmarks.md)
opts=("${aot[@]}" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
if [ -n "$gui" ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  # BATON_XVFB=1 asked for it (tests, screenshots)
  exec xvfb-run -a "$JAVA_HOME/bin/java" "${opts[@]}" -jar "$jar" "$@"
fi
exec "$JAVA_HOME/bin/java" "${opts[@]}" -jar "$jar" "$@"
