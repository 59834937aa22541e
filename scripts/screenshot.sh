#!/usr/bin/env bash
# Refreshes docs/screenshot.png: the real window under Xvfb, running the course example with
# 'baskets' failing once and being retried.
exec "$(dirname "$0")/test-main.sh" --xvfb baton.ui.Screenshot "${1:-docs/screenshot.png}"
