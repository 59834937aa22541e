#!/usr/bin/env bash
# Window benchmarks under Xvfb (src/test/java/baton/ui/GuiBench.java); results in target/gui-bench-result.md
exec "$(dirname "$0")/test-main.sh" --xvfb baton.ui.GuiBench "$@"
