#!/usr/bin/env bash
# Builds the .deb, installs it with dpkg, uses the installed 'baton' (validate, a headless run,
# the window under Xvfb with a file, first start copying the examples), then removes it.
# Needs root (or sudo). Screenshot: target/package-test/window.png
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
"$here/scripts/package.sh"
# shellcheck source=setup.sh
source "$here/scripts/setup.sh" --gui
deb=$(ls target/jpackage/baton_*.deb | head -1)
work="$here/target/package-test"
rm -rf "$work" && mkdir -p "$work/home"
# a same-version package left half-installed would only be reconfigured: remove it first
sudo_if_needed dpkg --purge baton >/dev/null 2>&1 || true
sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" > "$work/install.txt" 2>&1 || { cat "$work/install.txt" >&2; exit 1; }
trap 'sudo_if_needed dpkg --purge baton >/dev/null 2>&1 || true' EXIT
echo "installed: $(command -v baton) -> $(readlink -f "$(command -v baton)")"
test "$(readlink -f /usr/bin/baton)" = /opt/baton/bin/baton
grep -q 'MimeType=application/x-baton-pipeline' /usr/share/applications/*baton*.desktop
# the desktop entry opens files with the window's own launcher (its AOT cache holds the window)
grep -q '^Exec=/opt/baton/bin/baton-window %f$' /usr/share/applications/*baton*.desktop
test -f /usr/share/mime/packages/baton.xml
# bash completion: installed, and it completes the verbs
test -f /usr/share/bash-completion/completions/baton
bash -c 'source /usr/share/bash-completion/completions/baton; COMP_WORDS=(baton val); COMP_CWORD=1; _complete_baton; echo "${COMPREPLY[*]}"' | grep -q validate
baton validate "$here/examples/course/course.baton.yaml"
baton run "$here/examples/course/course.baton.yaml" --data-dir "$work/data" --json > "$work/run.json"
grep -q '"status" : "succeeded"' "$work/run.json"
# the window, with a file argument, under Xvfb, as the desktop entry starts it: it must show that pipeline
start=$(date +%s%N)
HOME="$work/home" BATON_HOME="$work/data" BATON_SELFTEST_SCREENSHOT="$work/window.png" \
  xvfb-run -a -s "-screen 0 1400x900x24" /opt/baton/bin/baton-window "$here/examples/cascade/CASCADE.md" | tee "$work/window.txt"
grep -q "window showing 'Program Nova" "$work/window.txt"
test -s "$work/window.png"
# first start without a file: the examples are copied to ~/Baton/examples and the course opens
HOME="$work/home" BATON_HOME="$work/data2" BATON_SELFTEST_SCREENSHOT="$work/first.png" \
  xvfb-run -a -s "-screen 0 1400x900x24" baton | tee "$work/first.txt"
test -x "$work/home/Baton/examples/course/phases/step.sh"
grep -q "window showing 'Language course builder" "$work/first.txt"
# 'baton examples' is the headless way to them
(cd "$work" && baton examples mine > examples.txt)
grep -q "Next: baton run mine/course/course.baton.yaml" "$work/examples.txt"
test -x "$work/mine/course/phases/step.sh"
if [ -f /usr/share/applications/mimeinfo.cache ]; then grep -q 'x-baton-pipeline=.*baton' /usr/share/applications/mimeinfo.cache; fi
# shell scripts: Baton is one of the applications that open them ("Open with"), never made their default
if [ -f /usr/share/applications/mimeinfo.cache ]; then grep -q 'x-shellscript=.*baton' /usr/share/applications/mimeinfo.cache; fi
if grep -rqs 'x-shellscript=.*baton' /usr/share/applications/mimeapps.list /etc/xdg/mimeapps.list; then
  echo "package test: Baton made itself the default for shell scripts" >&2; exit 1
fi
# the installed app's services (one per data directory used above; under CI they have already
# stopped themselves, idle) are stopped before the app is removed
for d in data data2; do baton service stop --data-dir "$work/$d" >/dev/null 2>&1 || true; done
sudo_if_needed dpkg --purge baton > "$work/remove.txt" 2>&1 || { cat "$work/remove.txt" >&2; exit 1; }
trap - EXIT
# neither installing nor removing says anything about desktop menus; removing forgets the mime types
if grep -i 'xdg-desktop-menu\|menu directory' "$work/install.txt" "$work/remove.txt"; then echo "package test: menu warnings" >&2; exit 1; fi
if [ -f /usr/share/applications/mimeinfo.cache ] && grep -q baton /usr/share/applications/mimeinfo.cache; then
  echo "package test: removed Baton is still a mime handler" >&2; exit 1
fi
test ! -e /usr/share/mime/packages/baton.xml
test ! -e /usr/bin/baton
test ! -e /opt/baton
test ! -e /usr/share/bash-completion/completions/baton
echo "package test: ok ($(du -h "$deb" | cut -f1) .deb)"
