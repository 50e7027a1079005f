#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# make demo: the main job, start to end, on a throwaway network namespace.
# Usage: tests/demo.sh BUILD_DIR (run as root; make demo builds first).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "make demo: run it as root (it makes a network namespace and a setuid install)"; exit 1; }

T=$(mktemp -d /var/lib/brhelper-demo.XXXXXX); chmod 0755 "$T"
NS=brh-demo-$$
cleanup() { ip netns del "$NS" 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT

step() { printf '\n\033[1m%s\033[0m\n' "$*"; }

step "1. Build and install the helper setuid root in a temporary prefix"
make -s --no-print-directory -C "$top" B="$T/build" SYSCONFDIR="$T/etc" PREFIX=/usr \
	DESTDIR="$T/root" all "$T/build/tapclient" "$T/build/loglisten" install >/dev/null
H=$T/root/usr/libexec/brhelper
# brhelperctl: no privilege, built for the same ACL path as the helper.
CTL=$T/build/brhelperctl
printf '  %s\n' "$(ls -l "$H" | awk '{print $1, $3, $4}') $H"
printf '  %s\n' "$(ls -l "$CTL" | awk '{print $1, $3, $4}') $CTL"

step "2. A throwaway network namespace with a bridge"
ip netns add "$NS"
ip -n "$NS" link add br0 address 02:00:00:00:00:01 type bridge
ip -n "$NS" addr add 192.0.2.1/24 dev br0
ip -n "$NS" link set br0 up
printf '  namespace %s: bridge br0, MAC 02:00:00:00:00:01, 192.0.2.1/24, up\n' "$NS"

step "3. The administrator's ACL"
mkdir -p "$T/etc/brhelper"
printf '# demo: everyone but daemon, at most 2 TAPs each\nallow br0 max=2\ndeny br0 user=daemon\n' \
	> "$T/etc/brhelper/bridge.conf"
chmod 0644 "$T/etc/brhelper/bridge.conf"
printf '  %s:\n' "$T/etc/brhelper/bridge.conf"; sed 's/^/    /' "$T/etc/brhelper/bridge.conf"
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
printf '  brhelperctl check, as nobody:\n'
ip netns exec "$NS" $NOBODY "$CTL" check --br=br0 | sed 's/^/    /'
ip netns exec "$NS" $NOBODY "$CTL" check --br=br1 | sed 's/^/    /' || true
printf '  brhelperctl check --user=daemon, as root (what daemon would get):\n'
ip netns exec "$NS" "$CTL" check --br=br0 --user=daemon | sed 's/^/    /' || true

step "4. An unprivileged VMM-like client asks for a TAP on br0"
ip netns exec "$NS" $NOBODY "$T/build/tapclient" demo "$H" br0 192.0.2.1

step "5. The client closed the fd"
left=$(ip -n "$NS" -o link show type tun)
printf '  TAP devices left in the namespace: %s\n' "${left:-none}"

step "6. Refusals are clear, and each run leaves one audit line (syslog, authpriv)"
export NS H T CTL
bash "$top/tests/with-syslog.sh" "$T/build/loglisten" "$T" "$T/log" -- bash -s <<'EOS'
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
client() { ip netns exec "$NS" $1 "$T/build/tapclient" open "$H" br0; }
printf '  daemon asks for br0:\n'
client "setpriv --reuid=1 --regid=1 --clear-groups" </dev/null 2>&1 | sed 's/^tapclient: /    /'
printf '  nobody holds two TAPs on br0 and asks for a third:\n'
mkfifo "$T/hold"
client "$NOBODY" < "$T/hold" > "$T/c1" 2>&1 & P1=$!
client "$NOBODY" < "$T/hold" > "$T/c2" 2>&1 & P2=$!
exec 9> "$T/hold"
for _ in $(seq 100); do [ -s "$T/c1" ] && [ -s "$T/c2" ] && break; sleep 0.05; done
sed 's/^/    /; s/ vnet=.*//' "$T/c1" "$T/c2"
client "$NOBODY" </dev/null 2>&1 | sed 's/^tapclient: /    /'
printf '  brhelperctl list, as nobody:\n'
ip netns exec "$NS" $NOBODY "$CTL" list | sed 's/^/    /'
exec 9>&-; wait $P1 $P2
EOS
printf '  the audit lines:\n'
sed 's/^.*brhelper\[[0-9]*\]: /    /' "$T/log"

step "Removing the namespace and the temporary install"
