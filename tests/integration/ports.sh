#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# Integration: a rule's port settings proven with frames, and their order.
# In a throwaway network namespace: br0 with one ordinary (non-isolated)
# port, a veth whose peer, in a second namespace, is 192.0.2.1/24 and
# answers ARP.  Clients run as nobody; the ACL makes their TAPs isolated,
# except for callers in gid 4321.  Then strace holds the helper at its
# settings request to see the port down, and a port that stops being one
# at that moment makes the kernel refuse the setting: the run must fail
# with nothing left.  (vlan= needs bridge VLAN filtering, which this
# kernel may lack: tests/e2e/vlan.sh proves it in a guest.)
#
# Needs (from tests/run.sh): BRH_T, BRH_ETC, HELPER, TAPCLIENT.
set -u
. "$(dirname "$0")/../lib.sh"

make_netns "brh-ports-$$" || { echo "cannot make a network namespace"; exit 1; }
PEER=brh-ports-peer-$$
W=$BRH_T/ports
trap 'stop_service; release_all; ip netns del "$PEER" 2>/dev/null; cleanup_netns; rm -rf "$W"; rm -f "$BRH_ETC/bridge.conf"' EXIT
if [ "${VIA:-}" = service ]; then start_service || exit 1; fi
mkdir -p "$W"; chmod 0755 "$W"
ip -n "$NS" link add br0 type bridge && ip -n "$NS" link set br0 up
ip netns add "$PEER" && ip -n "$PEER" link set lo up
ip -n "$NS" link add vhost type veth peer name vpeer netns "$PEER"
ip -n "$NS" link set vhost master br0 up
ip -n "$PEER" addr add 192.0.2.1/24 dev vpeer
ip -n "$PEER" link set vpeer up
PLAIN_CALLER="setpriv --reuid=65534 --regid=65534 --groups=4321"
write_acl "allow br0 gid=4321
allow br0 isolated"

# respond NAME CALLER IP: a responder TAP answering ARP for IP, held until
# release_all; its output in $W/NAME; its TAP's name in TAPS[NAME]
declare -A TAPS
PIDS=() HOLDFDS=()
respond() {
	local name=$1 who=$2 ip=$3 fd
	mkfifo "$W/$name.in"
	ip netns exec "$NS" $who "$TAPCLIENT" responder "$HELPER" br0 "$ip" \
		< "$W/$name.in" > "$W/$name" 2>&1 &
	PIDS+=($!)
	exec {fd}> "$W/$name.in"
	HOLDFDS+=("$fd")
	for _ in $(seq 100); do
		grep -q . "$W/$name" && break
		sleep 0.05
	done
	TAPS[$name]=$(sed -n 's/^ifname=\([^ ]*\) responding$/\1/p' "$W/$name")
}
release_all() {
	local fd
	for fd in "${HOLDFDS[@]}"; do exec {fd}>&-; done
	HOLDFDS=()
	[ "${#PIDS[@]}" -gt 0 ] && wait "${PIDS[@]}" 2>/dev/null
	PIDS=()
	return 0
}
# arp_from CALLER MYIP TARGET: one ARP request through a fresh TAP
arp_from() { ip netns exec "$NS" $1 "$TAPCLIENT" arp "$HELPER" br0 "$2" "$3"; }
port_is() { ip -n "$NS" -d -o link show dev "$1" | grep -q " isolated $2 "; }

# ---- isolated: frames --------------------------------------------------------
respond iso "$NOBODY" 192.0.2.11
respond plain "$PLAIN_CALLER" 192.0.2.12
check rule_with_isolated_gives_an_isolated_port port_is "${TAPS[iso]:-none}" on
check rule_without_isolated_gives_an_ordinary_port port_is "${TAPS[plain]:-none}" off
expect isolated_tap_gets_no_answer_from_isolated_tap 1 "192.0.2.11 no answer" \
	arp_from "$NOBODY" 192.0.2.50 192.0.2.11
expect isolated_tap_reaches_non_isolated_host_port 0 "192.0.2.1 answered" \
	arp_from "$NOBODY" 192.0.2.50 192.0.2.1
expect isolated_tap_reaches_non_isolated_tap 0 "192.0.2.12 answered" \
	arp_from "$NOBODY" 192.0.2.50 192.0.2.12
expect non_isolated_tap_reaches_isolated_tap 0 "192.0.2.11 answered" \
	arp_from "$PLAIN_CALLER" 192.0.2.60 192.0.2.11
# The host port asks, through the bridge, for the isolated TAP's address.
expect non_isolated_host_port_reaches_isolated_tap 0 \
	"Unicast reply from 192.0.2.11 [52:54:00:00:02:0b]" \
	ip netns exec "$PEER" busybox arping -c 1 -w 1 -I vpeer 192.0.2.11
release_all
check no_tap_left_after_frames [ -z "$(taps_left)" ]

# Through the service (VIA=service) the frames above are the same; what
# follows holds the helper's own calls with strace, which are brhelperd's
# there (tests/integration/service.sh covers the service's failure paths).
if [ "${VIA:-}" != service ]; then
# ---- order: the port is down until its settings are on ---------------------
# hold_at N: run an isolated client under strace, which holds the helper's
# Nth sendmsg (1: bridge lookup, 2: attach, 3: isolation, 4: up, 5: the
# hand-off; the audit line is a sendto) for 5 s; the client's output in
# $W/held, strace's in $W/strace.log; sets HELD (the client's pid).
hold_at() {
	rm -f "$W/strace.log"
	echo | ip netns exec "$NS" strace -qq -f -o "$W/strace.log" -e trace=sendmsg \
		-e inject=sendmsg:delay_enter=5000000:when="$1" \
		$NOBODY "$TAPCLIENT" open "$HELPER" br0 > "$W/held" 2>&1 &
	HELD=$!
}
# until_tap GREP-PATTERN: wait (4 s at most) until the client's TAP shows it
until_tap() {
	for _ in $(seq 80); do
		L=$(ip -n "$NS" -d -o link show type tun 2>/dev/null)
		grep -q -- "$1" <<<"$L" && return 0
		sleep 0.05
	done
	return 1
}
# held_call_was N WORDS...: the Nth sendmsg strace saw carried these words
held_call_was() {
	local n=$1; shift
	local line w
	line=$(grep -F ' sendmsg(' "$W/strace.log" | sed -n "${n}p")
	for w in "$@"; do [[ $line == *"$w"* ]] || return 1; done
}
# is_down: the TAP in $L has no IFF_UP among its flags
is_down() { local f=${L#*<}; f=${f%%>*}; [ -n "$L" ] && [[ ,$f, != *,UP,* ]]; }

hold_at 3
until_tap " master br0 "
check port_attached_down_before_isolation is_down
check port_not_isolated_before_the_request grep -q " isolated off " <<<"$L"
wait "$HELD"; rc=$?
check isolation_request_is_af_bridge_setlink held_call_was 3 RTM_SETLINK AF_BRIDGE IFLA_PROTINFO
check client_served_after_the_hold [ "$rc" = 0 ]

hold_at 4
until_tap " isolated on "
check port_still_down_once_isolated is_down
wait "$HELD"; rc=$?
check up_request_follows_isolation held_call_was 4 RTM_NEWLINK IFF_UP
check client_served_after_isolation [ "$rc" = 0 ]
check no_tap_left_after_holds [ -z "$(taps_left)" ]

# ---- failure after the attach: the kernel refuses the setting -------------
# Held before its isolation request, the TAP stops being a bridge port (an
# administrator's 'nomaster'): the kernel refuses IFLA_BRPORT_ISOLATED for
# a device with no bridge (EOPNOTSUPP).  The run fails, the TAP is gone.
hold_at 3
if until_tap " master br0 "; then
	TAP=$(awk -F': ' '{print $2}' <<<"$L")
	ip -n "$NS" link set dev "$TAP" nomaster
fi
wait "$HELD"; rc=$?
OUT=$(cat "$W/held")
if [ "$rc" = 4 ] && [[ $OUT == *"brhelper: ${TAP:-?} on bridge br0: isolating the port, as $BRH_ETC/bridge.conf:2 asks: Operation not supported"* ]] &&
   [ "$(grep -c . <<<"$OUT")" = 1 ]; then
	ok isolation_refused_by_kernel_exit_4_naming_it
else
	bad isolation_refused_by_kernel_exit_4_naming_it "status $rc: $OUT"
fi
check no_tap_left_after_kernel_refusal [ -z "$(taps_left)" ]

# The same request failing in the helper's own send (injected EPERM).
expect isolation_send_failure_exit_4 4 "on bridge br0: isolating the port, as $BRH_ETC/bridge.conf:2 asks: Operation not permitted" \
	bash -c "echo | ip netns exec '$NS' strace -qq -f -o /dev/null -e trace=sendmsg \
		-e inject=sendmsg:error=EPERM:when=3 $NOBODY '$TAPCLIENT' open '$HELPER' br0"
check no_tap_left_after_send_failure [ -z "$(taps_left)" ]
check no_port_left_on_the_bridge [ -z "$(ip -n "$NS" -o link show master br0 type tun)" ]
fi

summary "integration (ports)"
