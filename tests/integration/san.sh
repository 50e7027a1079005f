#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# The helper built with ASan and UBSan, through its whole privileged path.
# A sanitizer runtime does not belong in a setuid program, so this copy
# runs as root inside a throwaway namespace (the uid change is then a
# no-op; every other step, the netlink requests, the filter and the
# hand-off run as in production).  Needs SAN_HELPER, TAPCLIENT, BRH_ETC.
set -u
. "$(dirname "$0")/../lib.sh"
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

make_netns "brh-san-$$" || exit 1
trap cleanup_netns EXIT
ip -n "$NS" link add br0 type bridge && ip -n "$NS" link set br0 up
ip -n "$NS" link add v0 type veth peer name v1
write_acl "allow br0
allow v0
allow nope
deny br1"

OUT=$(echo | in_ns "$TAPCLIENT" open "$SAN_HELPER" br0 2>&1)
check asan_helper_serves_a_tap grep -q "^ifname=tap.* vnet=1" <<<"$OUT"
S=$(in_ns "$TAPCLIENT" sandbox "$SAN_HELPER" br0 2>&1)
check asan_helper_sandboxed_at_send grep -qx "Seccomp:	2" <<<"$S"
expect asan_helper_acl_denies 1 "denied by" in_ns "$TAPCLIENT" open "$SAN_HELPER" br1
expect asan_helper_no_such_bridge 4 "no such interface" in_ns "$TAPCLIENT" open "$SAN_HELPER" nope
expect asan_helper_not_a_bridge 4 "veth interface" in_ns "$TAPCLIENT" open "$SAN_HELPER" v0
expect asan_helper_hangup 4 "sending the TAP fd on --fd=3: " in_ns "$TAPCLIENT" hangup "$SAN_HELPER" br0
expect asan_helper_bad_fd 2 "not a socket" in_ns "$TAPCLIENT" badfd pipe "$SAN_HELPER" br0
expect asan_helper_usage 2 "unknown argument" "$SAN_HELPER" --bogus
printf 'allow br0\nallow br0 x\n' > "$BRH_ETC/bridge.conf"
expect asan_helper_malformed_acl 3 "bridge.conf:2:11" in_ns "$TAPCLIENT" open "$SAN_HELPER" br0
check no_tap_left [ -z "$(taps_left)" ]
summary sanitized-helper
