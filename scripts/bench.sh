#!/usr/bin/env bash
# Benchmark: Baton against ninja on DAGs of no-op jobs (see src/test/java/baton/bench/DagBench.java).
#   scripts/bench.sh [jobs=10000] [pairs=3]            results in target/bench-result.md
#   scripts/bench.sh dataflow [items=10000] [pairs=3]  foreach vs static, callback latency (target/dataflow-bench-result.md)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=setup.sh
source "$here/scripts/setup.sh" --bench
cd "$here"
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >/dev/null
main=baton.bench.DagBench
if [ "${1:-}" = dataflow ]; then main=baton.bench.DataflowBench; shift; fi
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  "$main" "$@"
