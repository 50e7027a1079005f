#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# Integration: locked ports (brhelper.conf(5) 'locked', brhelper --mac),
# proven with frames.  In a throwaway network namespace: br0 (a fixed MAC
# of its own) with a veth port whose peer, in a second namespace, is
# 192.0.2.1/24 and answers ARP.  Guests are tapclient, as nobody, through
# libbrhelper with brh_request.mac; callers in gid 4321 get an ordinary
# port.  Checks: a locked TAP reaches the host port from its MAC and
# nothing from any other, and the bridge never learns the other; unknown
# unicast is not flooded to it; another port's MAC cannot be taken (asked
# for, sent from, sent from a learning port, asked for by 8 runs at once,
# or once its entry is gone while a TAP's alias claims it); the refusals
# and their words; the port and its static entry go with the fd; check,
# list and the audit line say so.  strace holds every netlink request to show
# the entry and the lock in place while the port is still down, a MAC
# taken at the last moment, and injected failures after the entry that
# leave nothing.  Through the service (VIA=service) the same: there
# strace follows brhelperd (attached to the activator), not the
# forwarder that HELPER is.
# (vlan= needs bridge VLAN filtering, which this kernel may lack: the
# entry's VLAN is checked only where br0 can filter.)
#
# Runs in a private mount namespace whose /dev/log is ours
# (tests/with-syslog.sh), so the audit lines of the helper and of the
# service can be read.
#
# Needs (from tests/run.sh): BRH_T, BRH_ETC, HELPER, TAPCLIENT, CTL,
# BRH_RUN, LOGLISTEN; with VIA=service, SVC and SVC_SOCK.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
D=$BRH_T/locked
if [ "${1:-}" != inner ]; then
	# The work directory is removed here, outside the mount namespace,
	# where $D/olddev (with-syslog's view of the real /dev) is empty.
	rm -rf "$D"; mkdir -p "$D/w" && chmod 0755 "$D" "$D/w"
	bash "$top/tests/with-syslog.sh" "$LOGLISTEN" "$D" "$D/log" -- bash "$0" inner
	rc=$?
	rm -rf "$D"
	exit $rc
fi
. "$top/tests/lib.sh"
W=$D/w
LOG=$D/log
ACL=$BRH_ETC/bridge.conf

make_netns "brh-locked-$$" || { echo "cannot make a network namespace"; exit 1; }
PEER=brh-locked-peer-$$
trap 'trace_stop; stop_service; release_all; ip netns del "$PEER" 2>/dev/null; cleanup_netns; rm -f "$BRH_ETC/bridge.conf"' EXIT
VW=setuid
if [ "${VIA:-}" = service ]; then start_service || exit 1; VW=service; fi

# Addresses: documentation ranges; MACs in QEMU's 52:54:00 block.
BR_MAC=52:54:00:00:0b:00        # br0's own
VH_MAC=52:54:00:00:0c:00        # the host port (vhost)'s own
VP_MAC=52:54:00:00:0c:01        # its peer, 192.0.2.1, learned on vhost
M=52:54:00:12:34:56             # a guest
Y=52:54:00:66:66:66             # a source MAC no port has
ip -n "$NS" link add br0 address "$BR_MAC" type bridge && ip -n "$NS" link set br0 up
ip netns add "$PEER" && ip -n "$PEER" link set lo up
ip -n "$NS" link add vhost address "$VH_MAC" type veth peer name vpeer \
	address "$VP_MAC" netns "$PEER"
ip -n "$NS" link set vhost master br0 up
ip -n "$PEER" addr add 192.0.2.1/24 dev vpeer
ip -n "$PEER" link set vpeer up
PLAIN_CALLER="setpriv --reuid=65534 --regid=65534 --groups=4321"
write_acl "allow br0 gid=4321
allow br0 locked"
LOCKED_RULE="$ACL:2"

# ---- helpers -----------------------------------------------------------------
# hold NAME CALLER TAPCLIENT-ARGS...: tapclient holding a TAP until release
# NAME (its stdin closes); its output in $W/NAME, its TAP's name in
# TAPS[NAME]
declare -A TAPS GPID GFD
hold() {
	local name=$1 who=$2 fd; shift 2
	rm -f "$W/$name" "$W/$name.in"; mkfifo "$W/$name.in"
	# (without the other holders' stdin: each must see its own end)
	(
		for fd in "${GFD[@]}"; do exec {fd}>&-; done
		exec ip netns exec "$NS" $who "$TAPCLIENT" "$@"
	) < "$W/$name.in" > "$W/$name" 2>&1 &
	GPID[$name]=$!
	exec {fd}> "$W/$name.in"
	GFD[$name]=$fd
	for _ in $(seq 200); do
		grep -q . "$W/$name" && break
		sleep 0.05
	done
	TAPS[$name]=$(sed -n 's/^ifname=\([^ ]*\).*$/\1/p' "$W/$name")
}
# guest NAME CALLER MAC|- [MYIP]: a guest (tapclient guest) holding a TAP
# of br0 (GBR), answering ARP for MYIP; commands through say
guest() {
	local name=$1 who=$2 mac=$3; shift 3
	hold "$name" "$who" guest "$HELPER" "${GBR:-br0}" "$mac" "$@"
}
# say NAME COMMAND...: one command to guest NAME; prints its answer line
say() {
	local name=$1 before; shift
	before=$(grep -c . "$W/$name")
	printf '%s\n' "$*" >&"${GFD[$name]}"
	for _ in $(seq 100); do
		[ "$(grep -c . "$W/$name")" -gt "$before" ] && break
		sleep 0.05
	done
	tail -n 1 "$W/$name"
}
# release NAME: close the guest's stdin, wait for it; its exit status
release() {
	local name=$1 fd=${GFD[$1]} rc
	exec {fd}>&-
	wait "${GPID[$name]}"; rc=$?
	unset "GFD[$name]" "GPID[$name]"
	return $rc
}
release_all() {
	local n
	for n in "${!GFD[@]}"; do release "$n"; done
	return 0
}
# once CALLER MAC|-: a guest that takes its TAP and lets it go at once
once() { ip netns exec "$NS" $1 "$TAPCLIENT" guest "$HELPER" br0 "$2" < /dev/null; }
# direct ARG...: the helper run as QEMU runs it (--fd added), as nobody
direct() { ip netns exec "$NS" $NOBODY "$TAPCLIENT" direct "$HELPER" "$@" < /dev/null; }
# answered NAME COMMAND... / unanswered ...: the guest's ARP got a reply / not
answered() { [[ $(say "$@") == *" answered" ]]; }
unanswered() { [[ $(say "$@") == *" no answer" ]]; }
# seen MAC IP / unseen MAC IP: the observer (an ordinary port, which gets
# every broadcast that crosses the bridge) got an ARP frame from MAC, IP
seen() { [[ $(say obs seen "$1" "$2") == *" seen" ]]; }
unseen() { [[ $(say obs seen "$1" "$2") == *" not seen" ]]; }
# got NAME MAC / not_got NAME MAC: guest NAME got a frame to unicast MAC
got() { [[ $(say "$1" got "$2") == *" got" ]]; }
not_got() { [[ $(say "$1" got "$2") == *" not got" ]]; }
# served STATUS OUTPUT: a TAP was handed over
served() { [ "$1" = 0 ] && grep -q "^ifname=tap" <<<"$2"; }
# refused NAME STATUS WORDS COMMAND...: status and every '|'-separated word
# in the output (a word '!W': W is not); no TAP left beyond those there
# before
refused() {
	local name=$1 want=$2 words=$3 out rc w ws before after miss=
	shift 3
	before=$(taps_left | sort)
	out=$("$@" 2>&1); rc=$?
	after=$(taps_left | sort)
	IFS='|' read -ra ws <<<"$words"
	for w in "${ws[@]}"; do
		if [[ $w == '!'* ]]; then
			[[ $out != *"${w#!}"* ]] || miss="$miss '$w'"
		else
			[[ $out == *"$w"* ]] || miss="$miss '$w'"
		fi
	done
	if [ "$rc" = "$want" ] && [ -z "$miss" ] && [ "$before" = "$after" ]; then
		ok "$name"
	else
		bad "$name" "want status $want, words '$words', no TAP left" \
			"got status $rc${miss:+, missing$miss}${after:+, TAPs: ${after//$'\n'/ }}: $out"
	fi
}
# fdb_any MAC: any FDB entry for MAC; fdb_on MAC DEV: one on port DEV
fdb_any() { bridge -n "$NS" fdb show | grep -qi "^$1 "; }
fdb_on() { bridge -n "$NS" fdb show br br0 | grep -qi "^$1 dev $2 "; }
fdb_static_on() { bridge -n "$NS" fdb show dev "$2" | grep -Eqi "^$1 (.* )?master br0 static"; }
no_fdb() { ! fdb_any "$1"; }
port_has() { bridge -n "$NS" -d link show dev "$1" | grep -q " $2 "; }
is_up() { ip -n "$NS" -o link show dev "$1" | grep -q '<[^>]*\bUP\b'; }
gone() { ! ip -n "$NS" link show dev "$1" >/dev/null 2>&1; }
no_tap() { [ -z "$(taps_left)" ]; }
audit() { sed 's/^.*brhelper\[[0-9]*\]: //' "$LOG" | grep -Eq "$1"; }
# peer_arp IP: the host port's peer asks for IP through the bridge
peer_arp() { ip netns exec "$PEER" busybox arping -c 1 -w 1 -I vpeer "$1" 2>&1; }

# The helper's own sendmsg calls under strace (-e inject= when given):
# setuid, strace runs the client and so the helper it starts; through the
# service, strace attaches to the activator (SVC_PID) and so follows every
# brhelperd it starts, while the client (the forwarder's caller) runs
# untraced.  trace_start LOG [INJECT]; traced CLIENT-ARGS... (tapclient's,
# as nobody; a long deadline for the library); trace_stop.
TRACER='' TLOG=''
TOPTS=()
trace_start() {
	TLOG=$1; TOPTS=(-qq -f -o "$TLOG" -e trace=sendmsg)
	[ -n "${2:-}" ] && TOPTS+=(-e "inject=$2")
	rm -f "$TLOG"
	[ "$VW" = service ] || return 0
	ip netns exec "$NS" strace "${TOPTS[@]}" -p "$SVC_PID" &
	TRACER=$!
	for _ in $(seq 200); do
		grep -Eq "^TracerPid:[[:space:]]+[1-9]" "/proc/$SVC_PID/status" && return 0
		sleep 0.02
	done
	echo "strace did not attach to the service"; return 1
}
traced() {
	if [ "$VW" = service ]; then
		ip netns exec "$NS" $NOBODY env TAPCLIENT_DEADLINE_MS=120000 "$TAPCLIENT" "$@"
	else
		ip netns exec "$NS" strace "${TOPTS[@]}" \
			$NOBODY env TAPCLIENT_DEADLINE_MS=120000 "$TAPCLIENT" "$@"
	fi
}
trace_stop() {
	[ -n "$TRACER" ] && kill "$TRACER" 2>/dev/null && wait "$TRACER" 2>/dev/null
	TRACER=
	return 0
}

# ---- check: the rule says locked -------------------------------------------
OUT=$(as_nobody "$CTL" check --br=br0 2>&1)
check check_prints_locked grep -Eq "options:.* locked( |$)" <<<"$OUT"
check check_names_the_locked_rule grep -q "$LOCKED_RULE" <<<"$OUT"
OUT=$(ip netns exec "$NS" $PLAIN_CALLER "$CTL" check --br=br0 2>&1)
check check_unlocked_rule_has_no_locked bash -c '! grep -q "locked" <<<"$1"' _ "$OUT"

# ---- frames: the guest's MAC passes, no other does ---------------------------
guest obs "$PLAIN_CALLER" -
check observer_gets_an_ordinary_port port_has "${TAPS[obs]:-none}" "locked off"
guest g1 "$NOBODY" "$M" 192.0.2.20
G1=${TAPS[g1]:-none}
check locked_guest_gets_a_tap [ "$G1" != none ]
check locked_port_locked_on port_has "$G1" "locked on"
check locked_port_learning_off port_has "$G1" "learning off"
check locked_port_static_entry_for_the_mac fdb_static_on "$M" "$G1"
check locked_port_is_up is_up "$G1"
check locked_tap_reaches_host_port_from_its_mac \
	answered g1 arp "$M" 192.0.2.20 192.0.2.1
check locked_tap_frame_from_its_mac_crosses_the_bridge seen "$M" 192.0.2.20
check locked_tap_from_other_mac_gets_nothing \
	unanswered g1 arp "$Y" 192.0.2.66 192.0.2.1
check locked_tap_frame_from_other_mac_crosses_nothing unseen "$Y" 192.0.2.66
check host_port_never_heard_the_other_mac \
	[ -z "$(ip -n "$PEER" neigh show 192.0.2.66)" ]
check fdb_never_learns_the_other_mac no_fdb "$Y"
check locked_tap_from_its_mac_again_answered \
	answered g1 arp "$M" 192.0.2.20 192.0.2.1
OUT=$(peer_arp 192.0.2.20)
check host_port_reaches_the_locked_guest grep -qi "Unicast reply from 192.0.2.20 \[$M\]" <<<"$OUT"
check fdb_still_never_learns_the_other_mac no_fdb "$Y"
# Unknown unicast (the peer sends to a MAC no port has) reaches the
# ordinary observer, not the locked guest (brhelper.conf(5), Locked ports).
check locked_port_unicast_flood_off port_has "$G1" "flood off"
ip -n "$PEER" neigh replace 192.0.2.99 lladdr 52:54:00:99:99:99 dev vpeer nud permanent
ip netns exec "$PEER" ping -c 1 -W 1 192.0.2.99 >/dev/null 2>&1
check unknown_unicast_reaches_an_ordinary_port got obs 52:54:00:99:99:99
check unknown_unicast_not_flooded_to_the_locked_port not_got g1 52:54:00:99:99:99

# The same frames through an ordinary port pass: the lock, nothing else,
# stopped them above.
guest u1 "$PLAIN_CALLER" - 192.0.2.21
U1=${TAPS[u1]:-none}
check ordinary_port_not_locked port_has "$U1" "locked off"
check ordinary_port_has_no_static_entry \
	bash -c '! bridge -n "$1" fdb show dev "$2" | grep -q " static"' _ "$NS" "$U1"
check ordinary_tap_from_any_mac_answered \
	answered u1 arp 52:54:00:77:77:77 192.0.2.67 192.0.2.1
check ordinary_tap_frame_from_any_mac_crosses seen 52:54:00:77:77:77 192.0.2.67

# ---- visibility: list and the audit line -----------------------------------
OUT=$(as_nobody "$CTL" list 2>&1)
check list_header_ends_with_locked grep -Eq "^TAP +BRIDGE +UID +USER +PID +PERSISTENT +QUEUES +VLAN +ISOLATED +LOCKED$" <<<"$OUT"
check list_locked_tap_shows_its_mac grep -Eiq "^$G1 +br0 +65534 +nobody +[0-9]+ +no +1 +- +no +$M$" <<<"$OUT"
check list_unlocked_tap_shows_dash grep -Eq "^$U1 +br0 +65534 +nobody +[0-9]+ +no +1 +- +no +-$" <<<"$OUT"
sleep 0.1
check audit_allowed_locked_has_mac_and_locked \
	audit "^uid=65534 user=nobody bridge=br0 result=allowed rule=$LOCKED_RULE via=$VW tap=$G1 .*mac=$M locked=1$"
check audit_allowed_unlocked_has_no_locked \
	audit "^uid=65534 user=nobody bridge=br0 result=allowed rule=$ACL:1 via=$VW tap=$U1 queues=1$"

# ---- the fd closes: the port and its entry go ------------------------------
release g1; rc=$?
check locked_guest_exit_0 [ "$rc" = 0 ]
check closed_fd_port_gone gone "$G1"
check closed_fd_static_entry_gone no_fdb "$M"
release u1

# ---- taking over another port's MAC ------------------------------------------
XA=52:54:00:00:00:0a XB=52:54:00:00:00:0b
guest ga "$NOBODY" "$XA" 192.0.2.10
GA=${TAPS[ga]:-none}
check guest_a_locked_to_its_mac fdb_static_on "$XA" "$GA"
# The peer speaks, so the bridge learns its MAC on the host port.
OUT=$(peer_arp 192.0.2.10)
check host_port_reaches_guest_a grep -qi "Unicast reply from 192.0.2.10 \[$XA\]" <<<"$OUT"
check host_peer_mac_learned_on_the_host_port fdb_on "$VP_MAC" vhost
refused takeover_of_another_guests_mac_refused 1 "in use" once "$NOBODY" "$XA"
refused takeover_of_another_guests_mac_upper_case_refused 1 "in use" \
	once "$NOBODY" "${XA^^}"
refused takeover_of_a_learned_host_mac_refused 1 "in use" once "$NOBODY" "$VP_MAC"
refused takeover_of_a_host_ports_own_mac_refused 1 "in use" once "$NOBODY" "$VH_MAC"
refused takeover_through_direct_call_refused 1 "in use" \
	direct --use-vnet --br=br0 --mac="$XA"
check guest_a_entry_still_on_its_port fdb_static_on "$XA" "$GA"
check guest_a_mac_in_one_entry [ "$(bridge -n "$NS" fdb show | grep -ci "^$XA ")" = 1 ]
check host_peer_mac_still_on_the_host_port fdb_on "$VP_MAC" vhost

# A locked guest of its own MAC sends from theirs.
guest gb "$NOBODY" "$XB" 192.0.2.11
check attacker_from_guest_a_mac_gets_nothing \
	unanswered gb arp "$XA" 192.0.2.110 192.0.2.1
check attacker_frame_from_guest_a_mac_crosses_nothing unseen "$XA" 192.0.2.110
check attacker_from_host_peer_mac_gets_nothing \
	unanswered gb arp "$VP_MAC" 192.0.2.111 192.0.2.1
check attacker_frame_from_host_peer_mac_crosses_nothing unseen "$VP_MAC" 192.0.2.111
check host_peer_never_heard_the_attacker bash -c \
	'[ -z "$(ip -n "$1" neigh show 192.0.2.110)$(ip -n "$1" neigh show 192.0.2.111)" ]' _ "$PEER"
check attacker_from_its_own_mac_answered \
	answered gb arp "$XB" 192.0.2.11 192.0.2.1
check attacker_frame_from_its_own_mac_crosses seen "$XB" 192.0.2.11
check guest_a_entry_not_moved fdb_static_on "$XA" "$GA"
check host_peer_mac_not_moved fdb_on "$VP_MAC" vhost
check attacker_port_has_only_its_own_entry \
	bash -c '[ "$(bridge -n "$1" fdb show dev "$2" | grep -ci "master br0 static")" = 1 ]' _ "$NS" "${TAPS[gb]:-none}"
check guest_a_still_gets_its_replies answered ga arp "$XA" 192.0.2.10 192.0.2.1
OUT=$(peer_arp 192.0.2.10)
check host_peer_still_gets_guest_a_replies grep -qi "Unicast reply from 192.0.2.10 \[$XA\]" <<<"$OUT"
check host_peer_neighbour_still_guest_a \
	grep -qi "lladdr $XA" <<<"$(ip -n "$PEER" neigh show 192.0.2.10)"
# An ordinary port (learning on) sends from guest A's MAC: the entry is
# sticky, it stays on A's port (brhelper.conf(5), Locked ports).
say obs arp "$XA" 192.0.2.112 192.0.2.1 > /dev/null
check sticky_entry_not_moved_by_a_learning_port fdb_static_on "$XA" "$GA"
check sticky_learning_port_learned_nothing_for_it \
	bash -c '! bridge -n "$1" fdb show dev "$2" | grep -qi "^$3 "' _ "$NS" "${TAPS[obs]:-none}" "$XA"
check guest_a_still_gets_its_replies_after_the_learning_port \
	answered ga arp "$XA" 192.0.2.10 192.0.2.1
OUT=$(peer_arp 192.0.2.10)
check host_peer_still_reaches_guest_a_after_the_learning_port \
	grep -qi "Unicast reply from 192.0.2.10 \[$XA\]" <<<"$OUT"

# Any TAP's holder may set its address (SIOCSIFHWADDR): an ordinary TAP
# set to A's MAC takes the bridge's entry from A (the kernel's doing).
# A's claim (in its alias) stays: the MAC is still refused, with that TAP
# there and once it is gone; A's guest now sends nothing; list says so.
hold sm "$PLAIN_CALLER" setmac "$HELPER" br0 "$XA"
check claim_setup_ordinary_tap_took_the_mac fdb_on "$XA" "${TAPS[sm]:-none}"
refused claim_mac_on_another_tap_refused 1 "in use" once "$NOBODY" "$XA"
OUT=$(as_nobody "$CTL" list 2>&1)
check list_locked_port_without_its_entry_says_no_entry \
	grep -Eq "^$GA +br0 +65534 +nobody +[0-9]+ +no +1 +- +no +no-entry$" <<<"$OUT"
release sm
check claim_setup_no_entry_left_for_the_mac no_fdb "$XA"
refused claim_held_by_the_alias_refused 1 "in use" once "$NOBODY" "$XA"
check claim_guest_without_entry_sends_nothing \
	unanswered ga arp "$XA" 192.0.2.113 192.0.2.1
check claim_guest_without_entry_frame_crosses_nothing unseen "$XA" 192.0.2.113
release gb; release ga; release obs
check no_tap_left_after_takeover no_tap
check no_entry_left_after_takeover bash -c '! bridge -n "$1" fdb show | grep -Eqi "^($2|$3) "' _ "$NS" "$XA" "$XB"

# ---- the same MAC asked for at once ------------------------------------------
# 8 locked runs with one MAC, started together: at most one is served, the
# others are refused (in use), and the bridge has one entry for it.
MC=52:54:00:00:03:03 CPIDS=()
rm -f "$W"/cc.*; mkfifo "$W/cc.in"
for i in $(seq 8); do
	(
		for fd in "${GFD[@]}"; do exec {fd}>&-; done
		exec ip netns exec "$NS" $NOBODY "$TAPCLIENT" guest "$HELPER" br0 "$MC"
	) < "$W/cc.in" > "$W/cc.$i" 2>&1 &
	CPIDS+=($!)
done
exec {CCFD}> "$W/cc.in"
for _ in $(seq 200); do
	[ "$(cat "$W"/cc.[0-9]* | grep -c .)" -ge 8 ] && break
	sleep 0.05
done
n_served=$(grep -l "^ifname=tap" "$W"/cc.[0-9]* | wc -l)
n_inuse=$(grep -l "exit status 1" "$W"/cc.[0-9]* | xargs -r grep -l "in use" | wc -l)
echo "        8 at once with one MAC: $n_served served, $n_inuse refused as in use"
check concurrent_same_mac_at_most_one_served [ "$n_served" -le 1 ]
check concurrent_same_mac_others_refused_in_use [ $((n_served + n_inuse)) = 8 ]
check concurrent_same_mac_one_tap_at_most [ "$(taps_left | grep -c .)" -le 1 ]
check concurrent_same_mac_entries_match_the_served \
	[ "$(bridge -n "$NS" fdb show | grep -ci "^$MC ")" = "$n_served" ]
exec {CCFD}>&-
wait "${CPIDS[@]}"
check no_tap_left_after_concurrent_runs no_tap
check no_entry_left_after_concurrent_runs no_fdb "$MC"

# ---- QEMU's helper string can carry --mac (run through sh -c) ---------------
hold qs "$NOBODY" guest "$HELPER --mac=$M" br0 -
check qemu_helper_string_with_mac_served fdb_static_on "$M" "${TAPS[qs]:-none}"
check qemu_helper_string_with_mac_port_locked port_has "${TAPS[qs]:-none}" "locked on"
release qs

# ---- refusals --------------------------------------------------------------
refused no_mac_under_locked_exit_1 1 "brhelper: |locked|--mac|brhelper-run" \
	once "$NOBODY" -
# QEMU's helper= passes no MAC: the case the words are for.
refused no_mac_qemu_style_exit_1 1 "brhelper: |locked|--mac|brhelper-run" \
	direct --use-vnet --br=br0
refused mac_without_locked_exit_2 2 "brhelper: |--mac|locked" \
	once "$PLAIN_CALLER" "$M"
refused mac_without_locked_qemu_style_exit_2 2 "brhelper: |--mac|locked" \
	ip netns exec "$NS" $PLAIN_CALLER "$TAPCLIENT" direct "$HELPER" --br=br0 --mac="$M"
refused multicast_mac_exit_1 1 "brhelper: |multicast" once "$NOBODY" 01:00:5e:00:00:01
refused multicast_bit_mac_exit_1 1 "brhelper: |multicast" once "$NOBODY" 53:54:00:12:34:56
refused broadcast_mac_exit_1 1 "brhelper: " once "$NOBODY" ff:ff:ff:ff:ff:ff
refused bridge_own_mac_exit_1 1 "brhelper: |bridge's own" once "$NOBODY" "$BR_MAC"
refused bridge_own_mac_upper_case_exit_1 1 "brhelper: |bridge's own" once "$NOBODY" "${BR_MAC^^}"
# What the library would refuse itself (EINVAL) goes to the helper directly.
for bad in 52:54:00:12:34 52:54:00:12:34:5g 525400123456 52:54:00:12:34:56:78 \
	52-54-00-12-34-56 52:54:0:12:34:56 "52:54:00:12:34:56 " ""; do
	refused "malformed_mac_exit_2 ('$bad')" 2 "brhelper: |mac|!unknown argument" \
		direct --use-vnet --br=br0 --mac="$bad"
done
refused all_zero_mac_exit_2 2 "brhelper: |mac|!unknown argument" direct --use-vnet --br=br0 --mac=00:00:00:00:00:00
refused mac_given_twice_exit_2 2 "brhelper: |mac|!unknown argument" \
	direct --use-vnet --br=br0 --mac="$M" --mac=52:54:00:12:34:57
# The controls: the same call well formed is served, upper case too.
OUT=$(direct --use-vnet --br=br0 --mac="$M" 2>&1); rc=$?
check well_formed_mac_qemu_style_served served "$rc" "$OUT"
OUT=$(direct --use-vnet --br=br0 --mac="${M^^}" 2>&1); rc=$?
check upper_case_mac_served served "$rc" "$OUT"
check no_tap_left_after_refusals no_tap
check no_entry_left_after_refusals no_fdb "$M"
sleep 0.1
check audit_mac_refusal_result_mac audit "^uid=65534 user=nobody bridge=br0 result=mac "

# ---- brhelper-run --mac ------------------------------------------------------
OUT=$(as_nobody "$BRH_RUN" --br=br0 --helper="$HELPER" --mac="$M" -- \
	sh -c 'echo "mac=$BRHELPER_MAC"; bridge -d link show dev "$BRHELPER_IFNAME"; bridge fdb show dev "$BRHELPER_IFNAME"' 2>&1)
check brhelper_run_exports_brhelper_mac grep -qx "mac=$M" <<<"$OUT"
check brhelper_run_port_locked grep -q " locked on " <<<"$OUT"
check brhelper_run_static_entry grep -Eqi "^$M (.* )?master br0 static" <<<"$OUT"
check no_tap_left_after_brhelper_run no_tap

# ---- quota: a refusal after the entry leaves nothing -------------------------
M1=52:54:00:00:01:01 M2=52:54:00:00:01:02
write_acl "allow br0 locked max=1"
guest q1 "$NOBODY" "$M1"
Q1=${TAPS[q1]:-none}
# strace shows the second run's entry was made before the refusal.
trace_start "$W/quota.log"
refused quota_refusal_exit_1 1 "brhelper: |refused by the quota" \
	traced guest "$HELPER" br0 "$M2" < /dev/null
trace_stop
check quota_refusal_came_after_the_entry grep -q "RTM_NEWNEIGH" "$W/quota.log"
check quota_refusal_leaves_no_entry no_fdb "$M2"
check quota_refusal_leaves_the_held_tap [ "$(taps_left)" = "$Q1" ]
check quota_refusal_leaves_the_held_entry fdb_static_on "$M1" "$Q1"
release q1
check no_tap_left_after_quota no_tap
check no_entry_left_after_quota no_fdb "$M1"
write_acl "allow br0 gid=4321
allow br0 locked"

# ---- vlan=: the entry on the rule's VLAN (where br0 can filter) ------------
if ip -n "$NS" link add brv type bridge vlan_filtering 1 2>/dev/null; then
	ip -n "$NS" link set brv up
	write_acl "allow brv locked vlan=100"
	GBR=brv guest gv "$NOBODY" "$M"
	GV=${TAPS[gv]:-none}
	check vlan_locked_entry_on_the_rules_vlan \
		grep -Eqi "^$M vlan 100 (.* )?master brv static" <<<"$(bridge -n "$NS" fdb show dev "$GV")"
	release gv
	ip -n "$NS" link del brv
	write_acl "allow br0 gid=4321
allow br0 locked"
else
	echo "skip    vlan_locked_entry_on_the_rules_vlan: this kernel has no bridge VLAN filtering (tests/e2e/vlan.sh)"
fi

# ---- STP: a BPDU from a locked port -------------------------------------------
# With STP on, the bridge hands a BPDU to STP before the lock's check (link-
# local frames come first): a locked port has BPDU guard on, so a BPDU from
# it, whatever its source, disables the port instead of changing the tree.
# The control: the same BPDU from an ordinary port makes it the root port.
root_port_0() { [[ $(ip -n "$NS" -d link show brstp) == *" root_port 0 "* ]]; }
ip -n "$NS" link add brstp address 52:54:00:00:0b:00 type bridge stp_state 1
ip -n "$NS" link set brstp up
write_acl "allow brstp gid=4321
allow brstp locked"
GBR=brstp guest stpl "$NOBODY" 52:54:00:00:03:01
check stp_locked_port_has_bpdu_guard port_has "${TAPS[stpl]:-none}" "guard on"
check stp_bridge_is_its_own_root root_port_0
say stpl bpdu 02:00:00:00:00:01 > /dev/null
sleep 0.5
check stp_bpdu_from_a_locked_port_leaves_the_root root_port_0
check stp_bpdu_disables_the_locked_port port_has "${TAPS[stpl]:-none}" "state disabled"
release stpl
GBR=brstp guest stpo "$PLAIN_CALLER" -
say stpo bpdu 02:00:00:00:00:01 > /dev/null
sleep 0.5
if root_port_0; then
	bad stp_control_bpdu_from_an_ordinary_port_moves_the_root "$(ip -n "$NS" -d link show brstp)"
else
	ok stp_control_bpdu_from_an_ordinary_port_moves_the_root
fi
release stpo
ip -n "$NS" link del brstp
write_acl "allow br0 gid=4321
allow br0 locked"

# ---- order: entry, learning off and lock before the port is up ---------------
# Every sendmsg of a locked run is held HOLD us at its entry (strace
# delay_enter); while it is held (strace has written the call, not its
# result), the TAP's state is noted in $W/snaps: "N tap= up= master=
# locked= learning= fdb=", the state before request N is made.
HOLD=2000000
held_at() {
	local started finished
	started=$(grep -c ' sendmsg(' "$W/strace.log" 2>/dev/null)
	finished=$(grep -Ec '(sendmsg\(.*|<\.\.\. sendmsg resumed>.*)\) = ' "$W/strace.log" 2>/dev/null)
	[ "$started" = "$1" ] && [ "$finished" = $(($1 - 1)) ]
}
snapshot() {
	local l tap f d up=0 master=- locked=- learning=- fdb=0
	l=$(ip -n "$NS" -o link show type tun 2>/dev/null | head -n 1)
	[ -z "$l" ] && { echo "tap=- up=- master=- locked=- learning=- fdb=-"; return; }
	tap=$(awk -F': ' '{print $2}' <<<"$l"); tap=${tap%%@*}
	f=${l#*<}; f=${f%%>*}
	[[ ,$f, == *,UP,* ]] && up=1
	[[ $l == *" master br0 "* ]] && master=br0
	d=$(bridge -n "$NS" -d link show dev "$tap" 2>/dev/null)
	[[ $d =~ \ locked\ ([a-z]+) ]] && locked=${BASH_REMATCH[1]}
	[[ $d =~ \ learning\ ([a-z]+) ]] && learning=${BASH_REMATCH[1]}
	fdb_static_on "$M" "$tap" && fdb=1
	echo "tap=$tap up=$up master=$master locked=$locked learning=$learning fdb=$fdb"
}
# what request N of the run held at each was, in a few words
request() {
	local l
	[ "$1" -ge 1 ] || return 0
	l=$(grep ' sendmsg(' "$W/order.log" | sed -n "${1}p")
	printf '%s' "$(grep -oE 'RTM_[A-Z]+|SCM_RIGHTS' <<<"$l" | head -n 1)"
	for w in IFLA_MASTER IFLA_PROTINFO IFLA_AF_SPEC IFF_UP NTF_MASTER NLM_F_EXCL NLM_F_REPLACE; do
		[[ $l == *"$w"* ]] && printf ' %s' "$w"
	done
	echo
}
check order_starts_with_no_tap no_tap
: > "$W/snaps"
trace_start "$W/strace.log" "sendmsg:delay_enter=$HOLD"
echo | traced guest "$HELPER" br0 "$M" > "$W/held" 2>&1 &
HELD=$!
n=1
while kill -0 "$HELD" 2>/dev/null; do
	if held_at "$n"; then
		s=$(snapshot)
		if held_at "$n"; then echo "$n $s" >> "$W/snaps"; else echo "$n late" >> "$W/snaps"; fi
		n=$((n + 1))
	else
		sleep 0.02
	fi
done
wait "$HELD"; rc=$?
trace_stop
cp "$W/strace.log" "$W/order.log"
N=$(grep -c ' sendmsg(' "$W/order.log")
echo "        the requests of a locked run, and the TAP before each:"
while read -r i s; do
	printf '        %2d %-60s %s\n' "$i" "$s" "$(request "$i")"
done < "$W/snaps"
check order_client_served_under_holds served "$rc" "$(cat "$W/held")"
check order_state_seen_at_every_request \
	bash -c '[ "$(grep -c . "$1")" = "$2" ] && ! grep -q " late$" "$1"' _ "$W/snaps" "$N"
U=$(awk '/ up=1 /{print $1; exit}' "$W/snaps")   # first held with the TAP up
UP=$(( ${U:-0} - 1 ))                             # the request that brought it up
A=$(awk '/ master=br0 /{print $1; exit}' "$W/snaps")
NI=$(grep ' sendmsg(' "$W/order.log" | grep -n 'RTM_NEWNEIGH' | head -n 1 | cut -d: -f1)
at() { grep -q "^$1 .* $2\( \|$\)" "$W/snaps"; }
check order_port_comes_up_during_the_run [ "$UP" -ge 1 ]
check order_up_request_sets_iff_up grep -q "IFF_UP" <<<"$(request "$UP")"
check order_port_attached_down_and_unlocked_first \
	grep -q "^[0-9]* tap=tap[0-9]* up=0 master=br0 locked=off " "$W/snaps"
check order_at_up_request_port_down at "$UP" up=0
check order_at_up_request_attached at "$UP" master=br0
check order_at_up_request_locked_on at "$UP" locked=on
check order_at_up_request_learning_off at "$UP" learning=off
check order_at_up_request_static_entry_present at "$UP" fdb=1
check order_entry_added_by_rtm_newneigh_before_up [ "${NI:-999}" -lt "$UP" ]
check order_tap_down_at_every_request_before_up \
	bash -c '[ "$2" -ge 1 ] && ! awk -v u="$2" '"'"'$1 < u && / up=1 /'"'"' "$1" | grep -q .' _ "$W/snaps" "$UP"
check order_no_tap_left no_tap
check order_no_entry_left no_fdb "$M"

# ---- the MAC taken at the last moment ----------------------------------------
# Held at its entry request, after every check of the MAC, the MAC turns up
# on the host port (an administrator's static entry; a learned one is the
# same to the kernel).  The run must not move it: it fails, leaving nothing.
MR=52:54:00:00:02:02
if [ -n "$NI" ]; then
	trace_start "$W/strace.log" "sendmsg:delay_enter=$HOLD:when=$NI"
	echo | traced guest "$HELPER" br0 "$MR" > "$W/held" 2>&1 &
	HELD=$!
	for _ in $(seq 200); do held_at "$NI" && break; sleep 0.02; done
	bridge -n "$NS" fdb add "$MR" dev vhost master static
	wait "$HELD"; rc=$?
	trace_stop
	if [ "$rc" = 1 ] || [ "$rc" = 4 ]; then ok "race_mac_taken_at_the_entry_run_fails (status $rc)"
	else bad race_mac_taken_at_the_entry_run_fails "status $rc: $(cat "$W/held")"; fi
	check race_mac_stays_on_the_other_port fdb_on "$MR" vhost
	check race_mac_in_one_entry [ "$(bridge -n "$NS" fdb show | grep -ci "^$MR ")" = 1 ]
	check race_no_tap_left no_tap
	bridge -n "$NS" fdb del "$MR" dev vhost master
else
	bad race_mac_taken_at_the_entry_run_fails "no RTM_NEWNEIGH request seen"
fi

# ---- the lock read back -----------------------------------------------------
# A kernel before 5.18 takes IFLA_BRPORT_LOCKED and ignores it.  Held at the
# request that reads the port back after its lock request, the port is
# unlocked here (as such a kernel leaves it): the run fails (exit 4),
# naming the lock, and leaves nothing.
RB=$(grep ' sendmsg(' "$W/order.log" |
	awk -v n="${NI:-999}" 'NR > n && /RTM_GETLINK/ { print NR; exit }')
MRB=52:54:00:00:02:03
if [ -n "$RB" ]; then
	trace_start "$W/strace.log" "sendmsg:delay_enter=$HOLD:when=$RB"
	echo | traced guest "$HELPER" br0 "$MRB" > "$W/held" 2>&1 &
	HELD=$!
	for _ in $(seq 200); do held_at "$RB" && break; sleep 0.02; done
	bridge -n "$NS" link set dev "$(taps_left | head -n 1)" locked off
	wait "$HELD"; rc=$?
	trace_stop
	if [ "$rc" = 4 ] && grep -q "locking the port (IFLA_BRPORT_LOCKED" "$W/held"; then
		ok lock_not_taken_by_the_kernel_exit_4_naming_it
	else
		bad lock_not_taken_by_the_kernel_exit_4_naming_it "status $rc: $(cat "$W/held")"
	fi
	check lock_not_taken_no_tap_left no_tap
	check lock_not_taken_no_entry_left no_fdb "$MRB"
else
	bad lock_not_taken_by_the_kernel_exit_4_naming_it "no read-back request after the entry seen"
fi

# ---- a failure at each request from the attach to the up ------------------
# Injected (EPERM) at each request after the attach up to the one that
# brings the port up: exit 4, and no TAP and no entry left.  Those before
# the up request (learning, the entry, the lock) name the rule.
if [ -n "$A" ] && [ "$UP" -ge "$A" ]; then
	for k in $(seq "$A" "$UP"); do
		what=$(request "$k")
		words="brhelper: "
		[ "$k" -lt "$UP" ] && words="brhelper: |$LOCKED_RULE"
		trace_start "$W/inject.log" "sendmsg:error=EPERM:when=$k"
		refused "injected_failure_at_request_${k}_exit_4 ($what)" 4 "$words" \
			traced guest "$HELPER" br0 "$M" < /dev/null
		trace_stop
		check "injected_failure_at_request_${k}_leaves_no_entry" no_fdb "$M"
		if [ -n "$NI" ] && [ "$k" = $((NI + 1)) ]; then
			check injected_failure_after_the_entry_leaves_nothing no_tap
		fi
	done
else
	bad injected_failure_after_the_entry_leaves_nothing "no attach or up request seen"
fi
check no_port_left_on_the_bridge [ -z "$(ip -n "$NS" -o link show master br0 type tun)" ]

check no_tap_left_at_end no_tap
summary "integration (locked${VIA:+, via $VIA})"
