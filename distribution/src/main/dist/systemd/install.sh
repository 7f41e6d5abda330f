#!/usr/bin/env bash
# Installs (or upgrades) heathub as a systemd service, from an unpacked heathub-<version>.tar.gz:
#
#   sudo ./systemd/install.sh [--prefix /opt/heathub] [--no-start]
#
#   /opt/heathub         the programs (bin/, bundle/, lib/, conf/, deploy/); replaced on upgrade
#   /etc/heathub         configuration: *.cfg, users, tokens, heathub.env, site/ (site.yaml, profiles/,
#                        routes/); /opt/heathub/etc links here; kept on upgrade (new .cfg files added)
#   /var/lib/heathub     journal, logs, audit, bundle cache; kept on upgrade
#   user heathub         a system user without login shell, in group dialout (serial buses)
#
# The first install copies the demo site to /etc/heathub/site and sets HEATHUB_SIMULATOR=true in
# /etc/heathub/heathub.env, so `systemctl start heathub` runs the demo; replace the site and remove
# that line to run a real substation.
set -euo pipefail

prefix=/opt/heathub
start=true
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a folder" >&2; exit 2; }; prefix="$2"; shift 2 ;;
    --no-start) start=false; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root (sudo)" >&2; exit 2; }
command -v systemctl >/dev/null || { echo "install.sh: systemd (systemctl) not found" >&2; exit 2; }
command -v java >/dev/null || [ -n "${JAVA_HOME:-}" ] || {
  echo "install.sh: no java found: install a Java 17 runtime first (Debian: apt-get install openjdk-17-jre-headless)" >&2; exit 2; }

src="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -x "$src/bin/heathub" ] && [ -f "$src/bin/felix.jar" ] || { echo "install.sh: $src is not an unpacked heathub" >&2; exit 2; }
etc=/etc/heathub
data=/var/lib/heathub

if ! id heathub >/dev/null 2>&1; then
  useradd --system --home-dir "$data" --no-create-home --shell /usr/sbin/nologin --user-group heathub
  echo "install.sh: created system user heathub"
fi
getent group dialout >/dev/null && usermod -a -G dialout heathub

systemctl is-active --quiet heathub 2>/dev/null && systemctl stop heathub && echo "install.sh: stopped heathub for the upgrade"

# programs: a fresh copy; the configuration lives in /etc/heathub
mkdir -p "$prefix"
for d in bin bundle conf deploy lib; do
  rm -rf "${prefix:?}/$d"
  cp -a "$src/$d" "$prefix/$d"
done
[ -f "$src/README.md" ] && cp "$src/README.md" "$prefix/README.md"

# configuration: existing files are kept, new default .cfg files added
mkdir -p "$etc"
for f in "$src"/etc/*; do
  [ -e "$etc/$(basename "$f")" ] || cp -a "$f" "$etc/"
done
if [ ! -d "$etc/site" ]; then
  cp -a "$src/config" "$etc/site"
  echo "# the demo site (copied by install.sh) talks to the built-in simulator; remove with a real site" >> "$etc/heathub.env"
  echo "HEATHUB_SIMULATOR=true" >> "$etc/heathub.env"
  echo "install.sh: installed the demo site in $etc/site (simulator on, see $etc/heathub.env)"
fi
touch "$etc/heathub.env"
rm -rf "${prefix:?}/etc" "${prefix:?}/config"
ln -s "$etc" "$prefix/etc"
ln -s "$etc/site" "$prefix/config"
chown -R heathub:heathub "$etc"
chmod 0750 "$etc"

mkdir -p "$data"
chown heathub:heathub "$data"
chmod 0750 "$data"

install -m 0644 "$src/systemd/heathub.service" /etc/systemd/system/heathub.service
sed -i "s#/opt/heathub#$prefix#g" /etc/systemd/system/heathub.service
systemctl daemon-reload
systemctl enable heathub >/dev/null
echo "install.sh: installed in $prefix, configuration $etc, data $data"
if $start; then
  systemctl start heathub
  echo "install.sh: started; 'systemctl status heathub', 'journalctl -u heathub -f'"
fi
if ! grep -Eq '^[[:space:]]*[^#[:space:]]' "$etc/users" 2>/dev/null; then
  echo "install.sh: no users yet: the hub answers on localhost only until an admin exists:"
  echo "install.sh:   sudo -u heathub $prefix/bin/heathub user add NAME --role admin --data $data"
fi
