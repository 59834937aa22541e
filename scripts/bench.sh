#!/usr/bin/env bash
# Benchmark: Baton against ninja on DAGs of no-op jobs (see src/test/java/baton/bench/DagBench.java).
#   scripts/bench.sh [jobs=10000] [pairs=3]            results in target/bench-result.md
#   scripts/bench.sh dataflow [items=10000] [pairs=3]  foreach vs static, callback latency (target/dataflow-bench-result.md)
#   scripts/bench.sh startup [pairs=9]                 start-up per verb against a warm service, plain and tuned
#   scripts/bench.sh all [jobs=2000] [pairs=3]         the shapes against ninja, then start-up per verb: one table after the other
if [ "${1:-}" = startup ]; then shift; exec "$(dirname "$0")/bench-startup.sh" "$@"; fi
if [ "${1:-}" = all ]; then
  shift
  "$(dirname "$0")/test-main.sh" --package baton.bench.DagBench "${1:-2000}" "${2:-3}"
  echo
  exec "$(dirname "$0")/bench-startup.sh" "${2:-3}"
fi
main=baton.bench.DagBench
if [ "${1:-}" = dataflow ]; then main=baton.bench.DataflowBench; shift; fi
exec "$(dirname "$0")/test-main.sh" --package "$main" "$@"
