#!/usr/bin/env bash
# Refreshes docs/screenshot.png: the real window under Xvfb, running the course example with
# 'baskets' failing once and being retried.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=setup.sh
source "$here/scripts/setup.sh" --gui
cd "$here"
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >/dev/null
exec xvfb-run -a -s "-screen 0 1600x1000x24" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" baton.ui.Screenshot "${1:-docs/screenshot.png}"
