#!/usr/bin/env bash
# Finds (or fetches) a JDK 25, installs what Debian must provide, and exports JAVA_HOME. Quiet
# unless it installs or fetches something (or fails).
# Usage: source scripts/setup.sh [--gui] [--bench]
#   --gui    also Xvfb and GTK 3 (needed to open the window, and by the GUI tests)
#   --bench  also ninja-build (the benchmark compares Baton against ninja)
set -euo pipefail

want_gui=0; want_bench=0
for a in "$@"; do
  case "$a" in --gui) want_gui=1 ;; --bench) want_bench=1 ;; esac
done

log() { echo "setup: $*" >&2; }

sudo_if_needed() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else log "need root for: $*"; return 1; fi
}

apt_updated=0
need_pkg() { # need_pkg PACKAGE [COMMAND-THAT-PROVES-IT]
  local pkg="$1"
  if dpkg -s "$pkg" >/dev/null 2>&1; then return 0; fi
  if [ -n "${2:-}" ] && command -v "$2" >/dev/null 2>&1; then return 0; fi
  log "installing $pkg"
  if [ $apt_updated = 0 ]; then sudo_if_needed apt-get update -qq >&2 || true; apt_updated=1; fi
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >&2
}

find_jdk25() {
  local c
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25-openjdk* \
           /usr/lib/jvm/jdk-25* "$HOME/.cache/baton/jdk-25"*; do
    [ -n "$c" ] && [ -x "$c/bin/javac" ] || continue
    if "$c/bin/java" -version 2>&1 | grep -q 'version "25'; then echo "$c"; return 0; fi
  done
  return 1
}

if ! JDK=$(find_jdk25); then
  log "no JDK 25 found; fetching Temurin 25 into ~/.cache/baton"
  need_pkg curl curl
  mkdir -p "$HOME/.cache/baton"
  arch=$(uname -m); [ "$arch" = x86_64 ] && arch=x64
  curl -fsSL "https://api.adoptium.net/v3/binary/latest/25/ga/linux/$arch/jdk/hotspot/normal/eclipse" \
    | tar -xz -C "$HOME/.cache/baton"
  for d in "$HOME/.cache/baton"/jdk-25*; do [ -d "$d" ] && break; done
  JDK=$(find_jdk25) || { log "could not get a JDK 25"; exit 2; }
fi

need_pkg maven mvn
if [ $want_gui = 1 ]; then
  need_pkg xvfb xvfb-run
  need_pkg libgtk-3-0
  need_pkg xauth
fi
if [ $want_bench = 1 ]; then need_pkg ninja-build ninja; fi

export JAVA_HOME="$JDK"
export PATH="$JAVA_HOME/bin:$PATH"

# mvn_quiet ARGS...: 'mvn -B -q ARGS' with its output on stderr and without the escape codes
# Debian's Maven 3.8.7 writes (ESC[0m resets) even in batch mode; .mvn/jvm.config silences
# the JDK 25 sun.misc.Unsafe warnings of Maven's own libraries.
mvn_quiet() {
  mvn -B -q "$@" 2>&1 | sed -u $'s/\e\\[[0-9;]*m//g' >&2
  return "${PIPESTATUS[0]}"
}
