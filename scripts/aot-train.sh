#!/bin/sh
# The training run of the JDK's ahead-of-time cache, for 'mvn package' (target/baton.aot):
#   scripts/aot-train.sh JAVA CACHE JAR
# Under Xvfb when it is installed, so that the window's start is in the cache too (JavaFX is
# half of what a window loads); else headless, never on the person's own screen.
java="$1"; cache="$2"; jar="$3"
set -- "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:AOTCacheOutput="$cache" -Xlog:aot=off -Xlog:cds=off -jar "$jar" --aot-training
if command -v xvfb-run >/dev/null 2>&1; then
  exec xvfb-run -a -s "-screen 0 1400x900x24" "$@"
fi
unset DISPLAY WAYLAND_DISPLAY
exec "$@"
