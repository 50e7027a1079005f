# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# tests/lib.sh - shared by the shell test suites (sourced, bash).
#
# Every suite runs as root, makes its own network namespace and files under
# $BRH_T (made by tests/run.sh), and removes what it made on exit.  The
# helper under test is always the installed one: setuid root or file caps.

pass=0 fail=0
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"

ok()  { pass=$((pass + 1)); printf 'ok      %s\n' "$1"; }
bad() { fail=$((fail + 1)); printf 'FAILED  %s\n' "$1"; shift; printf '        %s\n' "$@"; }

# check NAME CONDITION-COMMAND... : ok when the command succeeds
check() {
	local name=$1; shift
	if "$@"; then ok "$name"; else bad "$name" "failed: $*"; fi
}

# expect NAME WANT_STATUS WANT_STDERR_SUBSTRING COMMAND... : run, compare
expect() {
	local name=$1 want=$2 msg=$3; shift 3
	local out rc
	out=$("$@" 2>&1); rc=$?
	if [ "$rc" = "$want" ] && [[ "$out" == *"$msg"* ]]; then
		ok "$name"
	else
		bad "$name" "want status $want and '$msg'" "got status $rc: $out"
	fi
}

summary() {
	printf '%s: %d passed, %d failed\n' "$1" "$pass" "$fail"
	[ "$fail" = 0 ]
}

# make_netns NAME: a throwaway namespace, deleted by cleanup_netns
make_netns() {
	NS=$1
	ip netns add "$NS" || return 1
	ip -n "$NS" link set lo up
}

cleanup_netns() {
	[ -n "${NS:-}" ] && ip netns del "$NS" 2>/dev/null
	return 0
}

in_ns() { ip netns exec "$NS" "$@"; }
as_nobody() { ip netns exec "$NS" $NOBODY "$@"; }

# write_acl TEXT: the installed helper's ACL, root-owned 0644
write_acl() {
	mkdir -p "$BRH_ETC"
	printf '%s\n' "$1" > "$BRH_ETC/bridge.conf"
	chown 0:0 "$BRH_ETC/bridge.conf"
	chmod 0644 "$BRH_ETC/bridge.conf"
}

# taps_left: names of TAP devices still in the namespace
taps_left() { ip -n "$NS" -o link show type tun 2>/dev/null | awk -F': ' '{print $2}'; }

# Service mode (brhelper(8), SERVICE), for suites run with VIA=service:
# brhelperd of the service install ($SVC) behind $SVC_SOCK in $NS, started
# as brhelper.socket starts it (systemd-socket-activate, the socket mode
# 0666); HELPER becomes that install's brhelper, 0755 with no capabilities,
# which forwards.  stop_service ends the activator (by its pid).
SVC_PID=
start_service() {
	rm -f "$SVC_SOCK"
	ip netns exec "$NS" systemd-socket-activate --accept --seqpacket \
		-l "$SVC_SOCK" "$SVC/libexec/brhelperd" > "$BRH_T/activate.log" 2>&1 &
	SVC_PID=$!
	for _ in $(seq 100); do
		[ -S "$SVC_SOCK" ] && chmod 0666 "$SVC_SOCK" && break
		sleep 0.05
	done
	[ -S "$SVC_SOCK" ] || { echo "the service did not start: $(cat "$BRH_T/activate.log")"; return 1; }
	HELPER=$SVC/libexec/brhelper
	check "service_mode_helper_0755_not_setuid" [ "$(stat -c %a "$HELPER")" = 755 ]
	check "service_mode_helper_without_file_capabilities" [ -z "$(getcap "$HELPER")" ]
}
stop_service() {
	[ -n "$SVC_PID" ] && kill "$SVC_PID" 2>/dev/null && wait "$SVC_PID" 2>/dev/null
	SVC_PID=
	rm -f "$SVC_SOCK"
	return 0
}
