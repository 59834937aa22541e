#!/bin/sh
# The training runs of the JDK's ahead-of-time caches, for 'mvn package':
#   scripts/aot-train.sh JAVA CACHE JAR cli      target/baton.aot: the verbs and the service
#   scripts/aot-train.sh JAVA CACHE JAR window   target/baton-window.aot: the same and the window
# Two caches because a cache's classes are all loaded when a JVM starts with it: the window's
# (JavaFX is half of what the window loads) cost every verb 30-40 ms (docs/benchmarks.md,
# session 6). The window's is trained under Xvfb, never on the person's own screen; without
# Xvfb there is none, and baton.sh gives the window the verbs' cache.
java="$1"; cache="$2"; jar="$3"; mode="${4:-cli}"
set -- "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:AOTCacheOutput="$cache" -Xlog:aot=off -Xlog:cds=off -jar "$jar" --aot-training
if [ "$mode" = window ]; then
  command -v xvfb-run >/dev/null 2>&1 || { echo "aot training: no xvfb-run, so no cache of the window's own"; exit 0; }
  exec xvfb-run -a -s "-screen 0 1400x900x24" "$@"
fi
unset DISPLAY WAYLAND_DISPLAY
exec "$@"
