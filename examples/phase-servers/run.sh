#!/usr/bin/env bash
# Starts two phase servers (baskets fails its first attempt, so Baton retries it), runs the
# course pipeline through them with Baton, and stops the servers. Extra arguments go to 'baton run'.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
top="$(cd "$here/../.." && pwd)"
python3 "$here/phase_server.py" --port 3459 --name baskets --seconds 0.8 --fail-first &
baskets=$!
python3 "$here/phase_server.py" --port 3460 --name intro --seconds 0.5 &
intro=$!
trap 'kill $baskets $intro 2>/dev/null || true' EXIT
sleep 0.5
"$top/baton.sh" run "$here/course-http.baton.yaml" "$@"
