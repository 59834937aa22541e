#!/usr/bin/env bash
# Builds Baton as a Linux app image and a .deb with jpackage (JDK 25), with a jlink'ed runtime
# of only the modules it needs. Output: target/jpackage/baton (app image), target/jpackage/*.deb
#   scripts/package.sh            (or: mvn -Ppackage package)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=setup.sh
source "$here/scripts/setup.sh"
cd "$here"
need_pkg fakeroot fakeroot
need_pkg binutils objcopy
# one line per step, with the seconds it took (the whole takes a few minutes)
step_start=0
step() { step_start=$SECONDS; printf 'package: %s… ' "$1" >&2; }
done_step() { echo "$((SECONDS - step_start)) s" >&2; }
if [ "${BATON_SKIP_BUILD:-}" != 1 ]; then step "building the jar"; mvn_quiet package -DskipTests; done_step; fi
version=$(sed -n 's|^  <version>\([0-9.]*\).*</version>|\1|p' pom.xml | head -1)
out=target/jpackage
rm -rf "$out"
mkdir -p "$out/input"
cp target/baton.jar "$out/input/"
cp -r target/lib "$out/input/lib"
cp -r examples "$out/input/examples"
cp -r jpackage/mime "$out/input/mime"
# bash completion, written by the jar from its own command line (postinst installs it)
mkdir -p "$out/input/completion"
"$JAVA_HOME/bin/java" -jar target/baton.jar completion > "$out/input/completion/baton"
modules=$("$JAVA_HOME/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 25 \
  --class-path "target/lib/*" target/baton.jar)
step "jlink runtime and app image ($(echo "$modules" | tr , "\n" | wc -l) modules)"
"$JAVA_HOME/bin/jpackage" --type app-image --name baton --app-version "$version" \
  --input "$out/input" --main-jar baton.jar --main-class baton.app.Main \
  --dest "$out" --icon icons/baton-256.png \
  --java-options '--enable-native-access=ALL-UNNAMED' --java-options '-XX:TieredStopAtLevel=1' --java-options '-XX:+UseSerialGC' \
  --add-modules "$modules" \
  --add-launcher baton-window=jpackage/baton-window.properties \
  --jlink-options '--strip-debug --no-man-pages --no-header-files --strip-native-commands --compress=zip-6' \
  --description "Pipeline manager: run phases in parallel, watch them on a live Gantt" --vendor "Baton"
done_step
# the JDK's ahead-of-time caches for the installed app (JEP 483/514/515), one per launcher as
# baton.sh has one per role (decision 0015): 'baton' (the verbs, the service it starts, a window
# opened from a terminal) and 'baton-window' (the desktop entry's: the window). Each is made by
# its own launcher and the image's runtime (a cache fits only the JVM, jars and options it was
# made with), in two steps because the jlinked runtime has no 'java' command for the one-step
# form; then its launcher is told to use it (and to say nothing when it does not fit)
step "AOT caches"
app="$out/baton/lib/app"
display=()
if command -v xvfb-run >/dev/null 2>&1; then display=(xvfb-run -a -s "-screen 0 1400x900x24"); fi
aot_cache() { # launcher cache [display...]: trains the launcher's cache, headless unless a display command is given
  local launcher=$1 cache=$2; shift 2
  if JAVA_TOOL_OPTIONS="-XX:AOTMode=record -XX:AOTConfiguration=$out/$cache.conf -Xlog:aot=off -Xlog:cds=off" \
       env -u DISPLAY -u WAYLAND_DISPLAY "$@" "$out/baton/bin/$launcher" --aot-training >/dev/null 2>&1 &&
     JAVA_TOOL_OPTIONS="-XX:AOTMode=create -XX:AOTConfiguration=$out/$cache.conf -XX:AOTCache=$app/$cache -Xlog:aot=off -Xlog:cds=off" \
       "$out/baton/bin/$launcher" --aot-training >/dev/null 2>&1 && [ -f "$app/$cache" ]; then
    sed -i "s|^java-options=--enable-native-access=ALL-UNNAMED.*\$|&\njava-options=-XX:AOTCache=\$APPDIR/$cache\njava-options=-Xlog:aot=off\njava-options=-Xlog:cds=off|" "$app/$launcher.cfg"
  else
    echo "(no AOT cache for $launcher: its training run failed; it starts without one) " >&2
  fi
  rm -f "$out/$cache.conf"
}
aot_cache baton baton.aot
# the window's under Xvfb, so that its start is in the cache (without Xvfb: the verbs' classes only)
aot_cache baton-window baton-window.aot "${display[@]}"
done_step
step ".deb"
"$JAVA_HOME/bin/jpackage" --type deb --app-image "$out/baton" --name baton --app-version "$version" \
  --dest "$out" --resource-dir jpackage/resources \
  --linux-shortcut --linux-menu-group Development --linux-app-category devel \
  --linux-package-deps "libgtk-3-0, shared-mime-info" \
  --description "Pipeline manager: run phases in parallel, watch them on a live Gantt" --vendor "Baton" \
  --about-url "https://example.invalid/baton"
done_step
echo "package: $(ls "$out"/*.deb) ($(du -h "$out"/*.deb | cut -f1); app image $(du -sh "$out/baton" | cut -f1))" >&2
