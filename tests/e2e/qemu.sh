#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# End to end: real QEMU, as nobody, boots Debian's kernel with a busybox
# initramfs built here; the guest brings eth0 up on the bridge and pings
# the host side of the bridge.  Passes only when the ping is answered.
# Also multiqueue: brhelper-run --queues=2 and QEMU's fds=3:4.  And a
# locked port (brhelper.conf(5), locked): for callers in gid 4321, which
# only those checks' caller has, the rule locks br0's port to the MAC given
# with brhelper-run --mac; the guest pings the bridge with that MAC on its
# NIC, and not one reply comes with another MAC; QEMU's own helper= (which
# cannot pass a MAC) is refused with brhelper's line naming brhelper-run.
# TCG only (no /dev/kvm).  Needs HELPER, BRH_T, BRH_ETC, BRH_RUN (tests/run.sh).
# VIA=service: all of it through the service, with no privileged binary
# (tests/lib.sh, start_service; needs SVC, SVC_SOCK).
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/guest.sh"

W=$BRH_T/e2e
mkdir -p "$W/logs" && chmod 0755 "$W" && chown 65534:65534 "$W/logs"

# boot NAME NETDEV-ARGS...: boot the guest as nobody, look for the ping;
# WRAP, when set, is a command that QEMU runs under (brhelper-run).
WRAP=()
DEVICE=virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56
boot() {
	local name=$1; shift
	local log=$W/logs/$name.log
	# shellcheck disable=SC2086 # NOBODY is a command with its arguments
	timeout 180 ip netns exec "$NS" $NOBODY "${WRAP[@]}" \
		qemu-system-x86_64 -machine q35,accel=tcg -m 256 -nodefaults \
		-display none -serial "file:$log" -no-reboot \
		-kernel "$W/vmlinuz" -initrd "$W/initrd" \
		-append "console=ttyS0 panic=-1 quiet rdinit=/init" \
		"$@" -device "$DEVICE" \
		> "$W/$name.out" 2>&1
	if grep -q BRH-GUEST-PING-OK "$log" 2>/dev/null; then
		ok "$name"
	else
		bad "$name" "QEMU: $(tail -n 3 "$W/$name.out" | tr '\n' ' ')" \
			"guest: $(grep -a -i -E 'ping|eth0|error|BRH' "$log" 2>/dev/null | tail -n 5 | tr '\n' ' ')"
	fi
	[ -z "$(taps_left)" ] || bad "$name: no TAP left" "$(taps_left)"
}

make_netns "brh-e2e-$$" || exit 1
trap 'stop_service; cleanup_netns' EXIT
if [ "${VIA:-}" = service ]; then start_service || exit 1; fi
ip -n "$NS" link add br0 type bridge
ip -n "$NS" addr add 192.0.2.1/24 dev br0
ip -n "$NS" link set br0 up
# The first rule is for the locked checks' caller alone (gid 4321); every
# other run is nobody's and gets the plain second rule.
LOCKER="setpriv --reuid=65534 --regid=65534 --groups=4321"
write_acl "allow br0 gid=4321 locked
allow br0"
build_guest "$W"
# The locked guests wait after their ping, until the host has looked at
# the port and tells QEMU to quit; a deadline (timeout) stops a hung one.
build_guest "$W/held" 'while :; do sleep 60; done'

boot qemu_netdev_bridge_guest_pings_bridge \
	-netdev "bridge,id=n0,br=br0,helper=$HELPER"
boot qemu_helper_string_with_spaces_guest_pings_bridge \
	-netdev "bridge,id=n0,br=nosuchbr,helper=$HELPER --br=br0"
boot qemu_netdev_tap_helper_guest_pings_bridge \
	-netdev "tap,id=n0,br=br0,helper=$HELPER"
# A second consumer: brhelper-run hands the TAP to QEMU as fd 3.
WRAP=("$BRH_RUN" --br=br0 --helper="$HELPER" --)
boot brhelper_run_tap_fd3_guest_pings_bridge -netdev "tap,id=n0,fd=3"
# Multiqueue, which no helper offered before: two queues on fds 3 and 4,
# a two-CPU guest that sees two queue pairs and pings through them.
WRAP=("$BRH_RUN" --br=br0 --queues=2 --helper="$HELPER" --)
DEVICE=$DEVICE,mq=on,vectors=6
boot brhelper_run_two_queues_guest_pings_bridge -smp 2 \
	-netdev "tap,id=n0,fds=3:4,vhost=off"
check guest_sees_two_queue_pairs grep -aq "BRH-GUEST-QUEUES 2" \
	"$W/logs/brhelper_run_two_queues_guest_pings_bridge.log"
WRAP=()

# ---- a locked port ------------------------------------------------------------
LOCKED_MAC=52:54:00:12:34:56
# boot_locked NAME NIC-MAC: the waiting guest as gid 4321's caller, its TAP
# from brhelper-run --mac=$LOCKED_MAC on fd 3 and NIC-MAC on its NIC.  Once
# the guest has said how its ping went, and while QEMU still holds the TAP:
# the port's settings in LINK, its FDB entries in FDB_TAP, the bridge's
# in FDB, the bridge host's neighbours in NEIGH; then QEMU is told to quit
# (its monitor on a pipe).  The guest's console in $W/logs/NAME.log.
boot_locked() {
	local name=$1 nicmac=$2 log=$W/logs/$1.log mon=$W/logs/$1.mon pid m tap rc
	rm -f "$log" "$mon.in" "$mon.out"
	mkfifo -m 0600 "$mon.in" "$mon.out" && chown 65534:65534 "$mon.in" "$mon.out"
	exec {m}<>"$mon.in"	# held open here: the quit below never blocks
	# shellcheck disable=SC2086 # LOCKER is a command with its arguments
	timeout 180 ip netns exec "$NS" $LOCKER \
		"$BRH_RUN" --br=br0 --mac="$LOCKED_MAC" --helper="$HELPER" -- \
		qemu-system-x86_64 -machine q35,accel=tcg -m 256 -nodefaults \
		-display none -serial "file:$log" -no-reboot -monitor "pipe:$mon" \
		-kernel "$W/held/vmlinuz" -initrd "$W/held/initrd" \
		-append "console=ttyS0 panic=-1 quiet rdinit=/init" \
		-netdev tap,id=n0,fd=3 -device "virtio-net-pci,netdev=n0,mac=$nicmac" \
		> "$W/$name.out" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null &&
		! grep -aq 'BRH-GUEST-PING-\(OK\|FAILED\)' "$log" 2>/dev/null; do
		sleep 0.5
	done
	tap=$(taps_left)
	LINK=$(bridge -n "$NS" -d link show dev "${tap:-none}" 2>&1)
	FDB_TAP=$(bridge -n "$NS" fdb show dev "${tap:-none}" 2>&1)
	FDB=$(bridge -n "$NS" fdb show 2>&1)
	NEIGH=$(ip -n "$NS" neigh show 2>&1)
	echo quit >&"$m"
	wait "$pid"; rc=$?
	exec {m}>&-
	check "$name: QEMU ran and held a TAP" [ -n "$tap" ]
	check "$name: QEMU quit when told" [ "$rc" = 0 ]
	check "$name: no TAP left" [ -z "$(taps_left)" ]
}
has() { [[ $1 == *"$2"* ]]; }
hasnt() { [[ $1 != *"$2"* ]]; }
# port_locked_to MAC: LINK says locked, learning and flooding off; FDB_TAP has
# MAC static and sticky
port_locked_to() {
	has "$LINK" " locked on" && has "$LINK" " learning off" &&
		has "$LINK" " flood off" &&
		grep -Eqi "^$1 sticky master br0 static\$" <<<"$FDB_TAP"
}
# locked_check NAME: port_locked_to $LOCKED_MAC, showing LINK and FDB_TAP if not
locked_check() {
	if port_locked_to "$LOCKED_MAC"; then ok "$1"; else
		bad "$1" "link: $(tr '\n' ' ' <<<"$LINK")" "fdb: $(tr '\n' '|' <<<"$FDB_TAP")"
	fi
}
guest_log() { tr -d '\r' < "$W/logs/$1.log" 2>/dev/null; }

boot_locked locked_port_guest_with_its_mac 52:54:00:12:34:56
G=$(guest_log locked_port_guest_with_its_mac)
if has "$G" BRH-GUEST-PING-OK; then
	ok locked_port_guest_with_its_mac_pings_bridge
else
	bad locked_port_guest_with_its_mac_pings_bridge \
		"QEMU: $(tail -n 3 "$W/locked_port_guest_with_its_mac.out" | tr '\n' ' ')" \
		"guest: $(grep -a -i -E 'ping|eth0|error|BRH' <<<"$G" | tail -n 5 | tr '\n' ' ')"
fi
locked_check locked_port_guest_with_its_mac_port_locked_to_it

OTHER_MAC=52:54:00:65:43:21
boot_locked locked_port_guest_with_another_mac "$OTHER_MAC"
G=$(guest_log locked_port_guest_with_another_mac)
# busybox ping: "2 packets transmitted, 0 packets received, 100% packet loss"
if has "$G" BRH-GUEST-PING-FAILED && has "$G" " 0 packets received" && hasnt "$G" "bytes from"; then
	ok locked_port_guest_with_another_mac_gets_no_reply
else
	bad locked_port_guest_with_another_mac_gets_no_reply \
		"QEMU: $(tail -n 3 "$W/locked_port_guest_with_another_mac.out" | tr '\n' ' ')" \
		"guest: $(grep -a -i -E 'ping|packets|bytes from|BRH' <<<"$G" | tail -n 6 | tr '\n' ' ')"
fi
locked_check locked_port_guest_with_another_mac_port_still_locked_to_the_given_mac
# The bridge learned nothing from the NIC's frames, and none reached the
# bridge's own stack (an ARP request would have put the MAC among its
# neighbours: earlier guests left 192.0.2.2 there with $LOCKED_MAC).
expect_none() { ! grep -qi "$1" <<<"$2"; }
if expect_none "$OTHER_MAC" "$FDB"; then
	ok locked_port_bridge_fdb_has_no_entry_for_the_nics_mac
else
	bad locked_port_bridge_fdb_has_no_entry_for_the_nics_mac "$(grep -i "$OTHER_MAC" <<<"$FDB")"
fi
if expect_none "$OTHER_MAC" "$NEIGH"; then
	ok locked_port_no_frame_from_the_nics_mac_reached_the_bridge_host
else
	bad locked_port_no_frame_from_the_nics_mac_reached_the_bridge_host "$NEIGH"
fi

# What QEMU would take its NIC's MAC from, in a command string.
# shellcheck disable=SC2016,SC2086 # $BRHELPER_MAC: that sh's; LOCKER: a command
expect brhelper_run_mac_sets_BRHELPER_MAC 0 "BRHELPER_MAC=$LOCKED_MAC." \
	ip netns exec "$NS" $LOCKER "$BRH_RUN" --br=br0 --mac="$LOCKED_MAC" \
	--helper="$HELPER" -- sh -c 'echo "BRHELPER_MAC=$BRHELPER_MAC."'
check "brhelper_run_mac: no TAP left" [ -z "$(taps_left)" ]

# QEMU's helper= with no --mac in it: under the locked rule it must not
# start, and what it prints carries brhelper's line that says what to do.
# shellcheck disable=SC2086 # LOCKER is a command with its arguments
timeout 120 ip netns exec "$NS" $LOCKER qemu-system-x86_64 -machine q35,accel=tcg \
	-m 256 -nodefaults -display none -no-reboot \
	-kernel "$W/vmlinuz" -initrd "$W/initrd" -append "console=ttyS0 panic=-1" \
	-netdev "bridge,id=n0,br=br0,helper=$HELPER" -device "$DEVICE" \
	> "$W/locked_helper.out" 2>&1
rc=$?
OUT=$(cat "$W/locked_helper.out")
line=$(grep -a '^brhelper: ' <<<"$OUT" | head -n 1)
if [ "$rc" != 0 ] && [ "$rc" != 124 ] && has "$line" locked && has "$line" --mac &&
	has "$line" brhelper-run; then
	ok qemu_netdev_bridge_refused_by_locked_rule_names_brhelper_run
else
	bad qemu_netdev_bridge_refused_by_locked_rule_names_brhelper_run \
		"QEMU status $rc (want a failure to start, with brhelper's line naming locked, --mac and brhelper-run)" \
		"$(tr '\n' '|' <<<"$OUT")"
fi
check "qemu_netdev_bridge_refused_by_locked_rule: no TAP left" [ -z "$(taps_left)" ]
# A helper string with --mac (QEMU runs it through sh -c) is the other way:
# under the locked rule, that guest, whose NIC has the same MAC, pings.
DEVICE=virtio-net-pci,netdev=n0,mac=$LOCKED_MAC NOBODY=$LOCKER \
	boot qemu_helper_string_with_mac_under_locked_rule_guest_pings_bridge \
	-netdev "bridge,id=n0,br=br0,helper=$HELPER --mac=$LOCKED_MAC"
summary e2e
