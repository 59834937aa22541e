#!/bin/sh
# A stand-in for the agent or script that implements one task of the roadmap.
echo "phase $TASK_PHASE, group $TASK_GROUP: implementing $TASK_ID ($TASK_TITLE) for $PROJECT_NAME"
sleep 0.2
mkdir -p done && touch "done/$TASK_ID"
