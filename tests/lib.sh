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
