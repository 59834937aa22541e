#!/bin/sh
# The test gate after each group: every task of the group must have left its mark.
# Set GATE_FAIL=<group> in the environment to see a failing gate stop the roadmap.
echo "gate after group $TASK_GROUP"
[ "${GATE_FAIL:-}" = "$TASK_GROUP" ] && { echo "gate for group $TASK_GROUP failed" >&2; exit 1; }
ls done >/dev/null 2>&1
