#!/bin/bash
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
	DESTDIR="$T/root" all "$T/build/tapclient" install >/dev/null
H=$T/root/usr/libexec/brhelper
printf '  %s\n' "$(ls -l "$H" | awk '{print $1, $3, $4}') $H"

step "2. A throwaway network namespace with a bridge"
ip netns add "$NS"
ip -n "$NS" link add br0 address 02:00:00:00:00:01 type bridge
ip -n "$NS" addr add 192.0.2.1/24 dev br0
ip -n "$NS" link set br0 up
printf '  namespace %s: bridge br0, MAC 02:00:00:00:00:01, 192.0.2.1/24, up\n' "$NS"

step "3. The administrator's ACL"
mkdir -p "$T/etc/brhelper"
printf '# demo\nallow br0\n' > "$T/etc/brhelper/bridge.conf"
chmod 0644 "$T/etc/brhelper/bridge.conf"
printf '  %s:\n' "$T/etc/brhelper/bridge.conf"; sed 's/^/    /' "$T/etc/brhelper/bridge.conf"
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
printf '  brhelper --check, as nobody:\n'
ip netns exec "$NS" $NOBODY "$H" --check --br=br0 | sed 's/^/    /'
ip netns exec "$NS" $NOBODY "$H" --check --br=br1 | sed 's/^/    /' || true

step "4. An unprivileged VMM-like client asks for a TAP on br0"
ip netns exec "$NS" $NOBODY "$T/build/tapclient" demo "$H" br0 192.0.2.1

step "5. The client closed the fd"
left=$(ip -n "$NS" -o link show type tun)
printf '  TAP devices left in the namespace: %s\n' "${left:-none}"

step "6. Refusals are clear"
ip netns exec "$NS" $NOBODY "$T/build/tapclient" open "$H" br1 </dev/null 2>&1 | sed 's/^tapclient: /  /' || true

step "Removing the namespace and the temporary install"
