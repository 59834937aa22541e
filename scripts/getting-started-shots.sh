#!/usr/bin/env bash
# Refreshes the pictures of docs/getting-started.md: the real window under Xvfb, step by step
# with the course example (open, run, a log, retry a failed job, switch the optional phase on).
exec "$(dirname "$0")/test-main.sh" --xvfb baton.ui.GettingStartedShots "${1:-docs/getting-started}"
