#!/usr/bin/env bash
# Brings up a single-node Slurm on loopback for Baton's Slurm tests and benchmarks: munged,
# slurmctld -D and slurmd -D -N localhost, with proctrack/linuxproc, no accounting and no
# cgroups (it runs as root without systemd). Installs slurm-wlm and munge when they are missing.
# Idempotent: a cluster it brought up earlier and that still answers is left as it is.
# Tear it down with scripts/slurm-down.sh. Needs root.
#
#   BATON_SLURM_DIR   where its state, spool and logs go (default /tmp/baton-slurm)
#   BATON_SLURM_CPUS  how many CPUs the node claims (default 64: short test jobs overcommit the cores)
set -euo pipefail
dir="${BATON_SLURM_DIR:-/tmp/baton-slurm}"
cpus="${BATON_SLURM_CPUS:-64}"
conf=/etc/slurm/slurm.conf
marker="# written by Baton's scripts/slurm-up.sh"

if [ "$(id -u)" != 0 ]; then
  echo "slurm-up.sh: needs root (it starts munged, slurmctld and slurmd)" >&2
  exit 1
fi
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
  echo "slurm-up.sh: installing slurm-wlm and munge" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq slurm-wlm munge >&2
fi
if [ -f "$conf" ] && ! grep -qF "$marker" "$conf"; then
  echo "slurm-up.sh: $conf exists and is not ours: this machine has its own Slurm; not touching it" >&2
  exit 1
fi
if [ -f "$conf" ] && timeout 5 scontrol ping 2>/dev/null | grep -q 'is UP' \
    && timeout 5 sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
  echo "slurm-up.sh: the local Slurm is already up" >&2
  exit 0
fi

mkdir -p "$dir/state" "$dir/spool" /etc/slurm /run/munge /var/log/munge /var/lib/munge
# munge: one key, readable by its daemon only
if [ ! -s /etc/munge/munge.key ]; then
  dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
fi
chown -R munge:munge /etc/munge /run/munge /var/log/munge /var/lib/munge
chmod 0700 /etc/munge /var/lib/munge /var/log/munge
chmod 0400 /etc/munge/munge.key
chmod 0755 /run/munge
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
fi

mem_mb=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
cat > "$conf" <<CONF
$marker
ClusterName=baton
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CryptoType=crypto/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/jobcomp.txt
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
ReturnToService=2
# finished jobs stay visible to scontrol for 5 minutes (Baton reads their exit codes there)
MinJobAge=300
# scancel and time limits: SIGTERM, then SIGKILL this many seconds later (Baton's own grace)
KillWait=5
MpiDefault=none
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
: > /etc/slurm/cgroup.conf

# alive and not a zombie: a daemon whose parent is a subreaper that does not reap it (a test JVM) stays a zombie
alive() { [ -f "$1" ] && state=$(awk '{print $3}' "/proc/$(cat "$1")/stat" 2>/dev/null) && [ -n "$state" ] && [ "$state" != Z ]; }
# each daemon is started unless it already runs (a slurmctld stopped by a test comes back alone);
# a slurmctld that does not answer may be saving its state on the way out: let it finish
if alive "$dir/slurmctld.launcher.pid" && ! timeout 2 scontrol ping 2>/dev/null | grep -q 'is UP'; then
  for _ in $(seq 300); do alive "$dir/slurmctld.launcher.pid" || break; sleep 0.1; done
fi
if ! alive "$dir/slurmctld.launcher.pid"; then
  /usr/sbin/slurmctld -D -i >>"$dir/slurmctld.out" 2>&1 &
  echo $! > "$dir/slurmctld.launcher.pid"
fi
for _ in $(seq 100); do timeout 2 scontrol ping 2>/dev/null | grep -q 'is UP' && break; sleep 0.1; done
if ! alive "$dir/slurmd.launcher.pid"; then
  /usr/sbin/slurmd -D -N localhost >>"$dir/slurmd.out" 2>&1 &
  echo $! > "$dir/slurmd.launcher.pid"
fi
for _ in $(seq 150); do
  state=$(timeout 2 sinfo -h -o %T 2>/dev/null || true)
  case "$state" in idle*|mixed*|allocated*) break ;; esac
  sleep 0.2
done
if ! timeout 5 sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
  scontrol update nodename=localhost state=resume >/dev/null 2>&1 || true
  sleep 1
fi
if ! timeout 5 sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
  echo "slurm-up.sh: the node did not come up; see $dir/slurmctld.log and $dir/slurmd.log" >&2
  sinfo >&2 || true
  exit 1
fi
echo "slurm-up.sh: single-node Slurm up (partition debug, $cpus CPUs, state in $dir)" >&2
