#!/bin/sh
# A stand-in for a real course-building step: says what it does, takes a little time,
# and writes an output. Run with --param fail_once=<phase> to make that phase fail on its first attempt.
name="$1"
secs="${2:-0.3}"
echo "[$name] language=$language level=$level attempt=$BATON_ATTEMPT"
if [ "${fail_once:-}" = "$name" ] && [ "$BATON_ATTEMPT" = "1" ]; then
  echo "[$name] simulated failure on the first attempt" >&2
  exit 1
fi
sleep "$secs"
echo "$name=done" >> "$BATON_RUN_DIR/progress.txt"
echo "done_at=$(date +%s)" >> "$BATON_OUTPUT"
echo "[$name] finished"
