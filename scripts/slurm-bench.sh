#!/usr/bin/env bash
# Benchmark: the Slurm executor against the local one (src/test/java/baton/bench/SlurmBench.java)
# through the single-node Slurm of scripts/slurm-up.sh. Needs root. Results in target/slurm-bench-result.md.
#   scripts/slurm-bench.sh [chain=10] [jobs=200]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/slurm-up.sh"
exec "$here/test-main.sh" baton.bench.SlurmBench "$@"
