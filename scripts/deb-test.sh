#!/usr/bin/env bash
# The workstation's .deb (issue 20 item 1), made by the Tauri bundler from the debug build
# of the window that the end-to-end tests just used (a release build of the window would
# cost CI many minutes; scripts/release.sh makes the release one), is installed with dpkg,
# checked (version, dependencies, desktop entry, icons), started from /usr/bin under Xvfb
# and driven through one appeal with WebDriver, then removed again. The server's .deb
# (packaging/server/build-deb.sh) is installed too: its unit passes `systemd-analyze
# verify`, and the installed environment file is a configuration the installed
# desk-server accepts, checked as the desk-server account the unit runs it as.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

PACKAGE=incident-desk
if dpkg-query -W -f='${Status}' "$PACKAGE" 2>/dev/null | grep -q "ok installed"; then
  echo "$PACKAGE is installed on this machine already; this test installs and removes its own." >&2
  echo "Remove it first (dpkg -r $PACKAGE) to run the test." >&2
  exit 1
fi
VERSION="$(workspace_version)"
ensure_npm "$ROOT/packaging"
ensure_npm "$ROOT/tests/e2e"

say "the .deb of the window (Tauri bundler, debug build)"
packaging/node_modules/.bin/tauri bundle --debug --bundles deb --ci
DEB="$ROOT/target/debug/bundle/deb/Incident Desk_${VERSION}_amd64.deb"

say "installing it with dpkg"
trap 'as_root dpkg -r "$PACKAGE" >/dev/null 2>&1 || true' EXIT
as_root dpkg -i "$DEB" >/dev/null
fail() { echo "the installed .deb: $*" >&2; exit 1; }
[ "$(dpkg-query -W -f='${Version}' "$PACKAGE")" = "$VERSION" ] || fail "its version is not the workspace's $VERSION"
dpkg-query -W -f='${Depends}' "$PACKAGE" | grep -q "libwebkit2gtk-4.1-0" || fail "it does not depend on WebKitGTK 4.1"
entry="/usr/share/applications/Incident Desk.desktop"
grep -qx "Exec=incident-desk" "$entry" || fail "$entry does not start incident-desk"
grep -qx "Icon=incident-desk" "$entry" || fail "$entry names another icon"
for size in 16 24 32 48 64 128 256; do
  [ -s "/usr/share/icons/hicolor/${size}x${size}/apps/incident-desk.png" ] || fail "no ${size}x${size} icon"
done
[ -x /usr/bin/incident-desk ] || fail "no /usr/bin/incident-desk"

say "the installed app registers an appeal (WebDriver, Xvfb)"
(cd tests/e2e && DESK_APP=/usr/bin/incident-desk DESK_CLI="$ROOT/target/debug/desk" \
  xvfb-run -a -s "-screen 0 1440x900x24" node --test installed.e2e.mjs)

say "removing it"
as_root dpkg -r "$PACKAGE" >/dev/null
trap - EXIT
[ ! -e /usr/bin/incident-desk ] || fail "/usr/bin/incident-desk is still there after dpkg -r"

say "the server's .deb: installed, its unit verified, its configuration checked, removed"
SERVER_DEB="$(packaging/server/build-deb.sh "$VERSION" "$ROOT/target/debug/desk-server" "$ROOT/target/debug/bundle/server")"
trap 'as_root dpkg --purge desk-server >/dev/null 2>&1 || true' EXIT
as_root dpkg -i "$SERVER_DEB" >/dev/null
[ "$(dpkg-query -W -f='${Version}' desk-server)" = "$VERSION" ] || fail "desk-server is not at the workspace's $VERSION"
if command -v systemd-analyze >/dev/null 2>&1; then
  systemd-analyze verify /lib/systemd/system/desk-server.service
fi
# As systemd's EnvironmentFile= gives them: read by root, run as the service's account.
as_root env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=en_US.UTF-8 \
  $(grep -v '^#' /etc/incident-desk/desk-server.env | grep '=') \
  runuser -u desk-server -- /usr/bin/desk-server --check-config
as_root dpkg --purge desk-server >/dev/null
trap - EXIT
[ ! -e /usr/bin/desk-server ] || fail "/usr/bin/desk-server is still there after dpkg --purge"
