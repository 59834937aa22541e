#!/usr/bin/env bash
# Runs a main class of the test sources (benchmarks, the screenshot tool) on the test class path.
#   scripts/test-main.sh [--xvfb] [--package] CLASS [ARGS...]
#     --xvfb     under Xvfb (installs it with GTK 3 if needed)
#     --package  build target/baton.jar too (the engine benchmarks run it)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
xvfb=0; package=0
while [ $# -gt 0 ]; do
  case "$1" in --xvfb) xvfb=1; shift ;; --package) package=1; shift ;; *) break ;; esac
done
# shellcheck source=setup.sh
if [ $xvfb = 1 ]; then source "$here/scripts/setup.sh" --gui; else source "$here/scripts/setup.sh" --bench; fi
cd "$here"
if [ $package = 1 ]; then mvn_quiet package -DskipTests; else mvn_quiet test-compile; fi
mvn_quiet dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >/dev/null
cmd=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g
     -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" "$@")
if [ $xvfb = 1 ]; then exec xvfb-run -a -s "-screen 0 1600x1000x24" "${cmd[@]}"; else exec "${cmd[@]}"; fi
