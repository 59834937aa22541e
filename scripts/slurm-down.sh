#!/usr/bin/env bash
# Tears down what scripts/slurm-up.sh brought up: slurmd, slurmctld (and munged, unless
# BATON_SLURM_KEEP_MUNGE=1), its slurm.conf and its state folder. A Slurm it did not write is left alone.
set -uo pipefail
dir="${BATON_SLURM_DIR:-/tmp/baton-slurm}"
conf=/etc/slurm/slurm.conf
marker="# written by Baton's scripts/slurm-up.sh"
if [ -f "$conf" ] && ! grep -qF "$marker" "$conf"; then
  echo "slurm-down.sh: $conf is not ours: not touching this machine's Slurm" >&2
  exit 1
fi
scancel --user=root >/dev/null 2>&1 || true
stop() { # pid file, name
  [ -f "$1" ] || return 0
  local pid; pid=$(cat "$1")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}
stop "$dir/slurmd.launcher.pid"
stop "$dir/slurmctld.launcher.pid"
if [ "${BATON_SLURM_KEEP_MUNGE:-0}" != 1 ] && [ -f /run/munge/munged.pid ]; then
  stop /run/munge/munged.pid
fi
rm -f "$conf"
rm -rf "$dir"
echo "slurm-down.sh: local Slurm stopped" >&2
