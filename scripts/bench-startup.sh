#!/usr/bin/env bash
# Start-up per verb, paired: plain 'java -jar target/baton.jar' (what a person types) against the
# tuned start (the build's AOT cache, C1 and the serial GC: what baton.sh and the service use),
# each verb against a warm service; then 'runs' and a 1-job run whose service is not running
# (they start it), and the window. Prints a markdown table: medians and the median of ratios.
#   scripts/bench-startup.sh [pairs=9]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=setup.sh
source "$here/scripts/setup.sh"
pairs="${1:-9}"
jar="$here/target/baton.jar"
aot="$here/target/baton.aot"
[ -f "$jar" ] && [ -f "$aot" ] || { echo "bench-startup: build first (mvn package makes target/baton.jar and target/baton.aot)" >&2; exit 2; }
java="$JAVA_HOME/bin/java"
tuned=(-XX:AOTCache="$aot" -Xlog:aot=off -Xlog:cds=off -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
# the window starts with its own cache, as baton.sh starts it
window_aot="$here/target/baton-window.aot"
[ -f "$window_aot" ] || window_aot="$aot"
window=(-XX:AOTCache="$window_aot" -Xlog:aot=off -Xlog:cds=off -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
work="$(mktemp -d)"
trap 'BATON_HOME="$work/data" "$java" -jar "$jar" service stop --cancel-runs >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
export BATON_HOME="$work/data" BATON_SERVICE_IDLE=600
printf 'pipeline: one\nphases:\n  - id: a\n    run: "true"\n' > "$work/one.yaml"
"$java" -jar "$jar" run "$work/one.yaml" >/dev/null 2>&1   # the service is up and warm from here on

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

echo "| verb | plain java -jar (median ms) | tuned (median ms) | tuned / plain (median of ratios) |"
echo "|---|---:|---:|---:|"
for verb in "--version" "validate $work/one.yaml" "runs" "show last" "run $work/one.yaml"; do
  read -ra args <<< "$verb"
  a=(); b=(); r=()
  for _ in $(seq "$pairs"); do
    ta=$(ms "$java" -jar "$jar" "${args[@]}")
    tb=$(ms "$java" "${tuned[@]}" -jar "$jar" "${args[@]}")
    a+=("$ta"); b+=("$tb"); r+=("$(awk -v x="$tb" -v y="$ta" 'BEGIN{printf "%.2f", x/y}')")
  done
  echo "| \`baton ${verb//$work\//}\` | $(median "${a[@]}") | $(median "${b[@]}") | $(median "${r[@]}") |"
done
# against a data directory whose service is not running: the verb starts it (and, since session
# 7, exits without waiting for it); the service is stopped, untimed, before each
for verb in "runs" "run $work/one.yaml"; do
  read -ra args <<< "$verb"
  c=()
  for _ in $(seq "$pairs"); do
    "$java" -jar "$jar" service stop >/dev/null 2>&1 || true
    c+=("$(ms "$java" "${tuned[@]}" -jar "$jar" "${args[@]}")")
  done
  echo "| \`baton ${verb//$work\//}\`, its service not running (tuned) | | $(median "${c[@]}") | |"
done
# the window: from its process's start to showing a file (it says so itself, BATON_SELFTEST_SCREENSHOT,
# then waits 800 ms for the picture, which is taken off here), under Xvfb, a fresh data directory each time
if command -v xvfb-run >/dev/null 2>&1; then
  w=()
  for i in $(seq 3); do
    mkdir -p "$work/win$i/home"
    said=$(HOME="$work/win$i/home" BATON_HOME="$work/win$i/data" BATON_SELFTEST_SCREENSHOT="$work/win$i/w.png" \
      xvfb-run -a -s "-screen 0 1400x900x24" "$java" "${window[@]}" -jar "$jar" "$here/examples/course/course.baton.yaml" 2>/dev/null || true)
    "$java" -jar "$jar" service stop --data-dir "$work/win$i/data" >/dev/null 2>&1 || true
    t=$(echo "$said" | sed -n 's/.*(\([0-9]*\) ms after the process started.*/\1/p')
    [ -n "$t" ] && w+=($((t - 800)))
  done
  [ ${#w[@]} -gt 0 ] && echo "| window showing a pipeline (tuned, fresh data directory) | | $(median "${w[@]}") | |"
fi
echo
echo "($pairs pairs, window 3 times, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at the end)"
