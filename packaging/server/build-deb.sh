#!/usr/bin/env bash
# Builds the desk-server .deb (issue 20 item 5) from a built binary:
#   packaging/server/build-deb.sh VERSION path/to/desk-server OUT_DIR
# It holds the binary, the systemd unit, the environment file (a conffile: an upgrade
# keeps the administrator's edits) and docs/server.md; installing it creates the
# desk-server system account and leaves the service stopped until the file is edited.
set -euo pipefail
VERSION="$1" BIN="$2" OUT="$3"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
STAGE="$(mktemp -d)"
chmod 0755 "$STAGE"
trap 'rm -rf "$STAGE"' EXIT

install -D -m 0755 "$BIN" "$STAGE/usr/bin/desk-server"
install -D -m 0644 "$HERE/desk-server.service" "$STAGE/lib/systemd/system/desk-server.service"
install -D -m 0640 "$HERE/desk-server.env" "$STAGE/etc/incident-desk/desk-server.env"
install -D -m 0644 "$ROOT/docs/server.md" "$STAGE/usr/share/doc/desk-server/server.md"
mkdir -p "$STAGE/DEBIAN"
echo "/etc/incident-desk/desk-server.env" > "$STAGE/DEBIAN/conffiles"
cat > "$STAGE/DEBIAN/control" <<CONTROL
Package: desk-server
Version: $VERSION
Architecture: amd64
Maintainer: Incident Desk
Section: net
Priority: optional
Depends: libc6, adduser
Recommends: postgresql
Installed-Size: $(du -sk "$STAGE/usr" | cut -f1)
Description: Incident Desk sync server
 The central server of Incident Desk workstations: accounts and roles, and the
 journal's ledger on PostgreSQL. Configure /etc/incident-desk/desk-server.env,
 then: systemctl enable --now desk-server
CONTROL
cat > "$STAGE/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
  if ! getent passwd desk-server >/dev/null; then
    adduser --system --group --no-create-home --home /nonexistent desk-server >/dev/null
  fi
  chgrp desk-server /etc/incident-desk/desk-server.env
  if [ -d /run/systemd/system ]; then systemctl daemon-reload || true; fi
fi
POSTINST
cat > "$STAGE/DEBIAN/prerm" <<'PRERM'
#!/bin/sh
set -e
if [ -d /run/systemd/system ]; then systemctl stop desk-server >/dev/null 2>&1 || true; fi
PRERM
chmod 0755 "$STAGE/DEBIAN/postinst" "$STAGE/DEBIAN/prerm"
mkdir -p "$OUT"
dpkg-deb --root-owner-group --build "$STAGE" "$OUT/desk-server_${VERSION}_amd64.deb" >/dev/null
echo "$OUT/desk-server_${VERSION}_amd64.deb"
