#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# End to end: real QEMU, as nobody, boots Debian's kernel with a busybox
# initramfs built here; the guest brings eth0 up on the bridge and pings
# the host side of the bridge.  Passes only when the ping is answered.
# Also multiqueue: brhelper-run --queues=2 and QEMU's fds=3:4.
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
write_acl "allow br0"
build_guest "$W"

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
summary e2e
