#!/bin/sh
# A stand-in worker: says which task it works on, takes a moment, and records it.
echo "[$PROJECT_NAME] $TASK_ID: $TASK_TITLE (group $TASK_GROUP, branch ${TASK_BRANCH:-main}) $*"
[ -n "$TASK_DESCRIPTION" ] && echo "  $TASK_DESCRIPTION"
sleep 0.3
echo "task=$TASK_ID" >> "$BATON_OUTPUT"
