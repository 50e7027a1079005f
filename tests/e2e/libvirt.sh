#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# End to end with libvirt in session mode.  The test starts the monolithic
# libvirtd as nobody inside its network namespace, with every session path
# (HOME, XDG dirs) under $BRH_T/virt and bridge_helper set to the installed
# brhelper.  A TCG domain with <interface type='bridge'> boots the test guest
# (tests/e2e/guest.sh), which must get an answer from the bridge; a second
# interface is hot-plugged (a new TAP on br0; the guest pings over it) and
# unplugged (the guest lets it go through ACPI; the TAP is gone); a domain
# start and a hot-plug on a bridge the ACL denies fail with brhelper's
# message in virsh's error; and nothing is left afterwards.  Needs HELPER,
# BRH_T, BRH_ETC (tests/run.sh).  VIA=service: all of it through the
# service, with no privileged binary (tests/lib.sh, start_service).
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/guest.sh"

V=$BRH_T/virt
H=$V/home		# the test user's HOME: libvirt's session paths
DOM=brh-vm		# short: the monitor socket path must fit sun_path
MAC2=52:54:00:12:34:57	# the hot-plugged interface
MAC3=52:54:00:12:34:58	# the hot-plug the ACL refuses
# what virsh must show when the ACL refuses brdenied (rule 2 below)
DENIED="brhelper: bridge brdenied: denied by $BRH_ETC/bridge.conf:2: deny"
DENIED+=" brdenied"
LVPID="" QPID=""

# After its ping on eth0, the guest waits for the hot-plugged NIC (eth1),
# moves to it alone and pings again, then reports when eth1 goes away.
# Hot-plug on the 'pc' machine is ACPI PCI hotplug: QEMU refuses device_add
# without <acpi/>, and the guest kernel must take the eject request for
# the unplug to complete; Debian's kernel has acpiphp built in
# (CONFIG_HOTPLUG_PCI_ACPI=y), so the initramfs loads no module for it.
GUEST_AFTER='while [ ! -e /sys/class/net/eth1 ]; do sleep 1; done
ip link set eth0 down
ip link set eth1 up
ip addr add 192.0.2.3/24 dev eth1
if ping -c 2 -W 3 192.0.2.1
then echo BRH-GUEST-ETH1-PING-OK
else echo BRH-GUEST-ETH1-PING-FAILED
fi
while [ -e /sys/class/net/eth1 ]; do sleep 1; done
echo BRH-GUEST-ETH1-GONE
while :; do sleep 60; done'

# AS_USER CMD...: nobody, in the namespace, with only the session variables
# (no inherited environment; LIBVIRT_AUTOSTART=0: virsh never starts a
# daemon of its own that the test would not know about).  An array, not a
# function, so that "${AS_USER[@]}" libvirtd & gives libvirtd's own pid.
AS_USER=()
set_user_env() {
	AS_USER=(ip netns exec "$NS" $NOBODY env -i
		PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$H"
		XDG_CONFIG_HOME="$H/.config" XDG_CACHE_HOME="$H/.cache"
		XDG_DATA_HOME="$H/.local/share" XDG_STATE_HOME="$H/.local/state"
		XDG_RUNTIME_DIR="$H/run" LIBVIRT_AUTOSTART=0)
}
vsh() { "${AS_USER[@]}" timeout 120 virsh -q -c qemu:///session "$@"; }

setup_user() {
	rm -rf "$V"; mkdir -p "$H/.config/libvirt" "$H/run" "$V/logs"
	chmod 0755 "$V"; chmod 0700 "$H" "$H/run"
	printf 'bridge_helper = "%s"\nstdio_handler = "file"\n' "$HELPER" \
		> "$H/.config/libvirt/qemu.conf"
	chown -R 65534:65534 "$H" "$V/logs"
}

# domain_xml NAME BRIDGE: a TCG domain, direct kernel boot of the test
# guest, its serial console in $V/logs/NAME.console
domain_xml() {
	cat <<XML
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$V/vmlinuz</kernel>
    <initrd>$V/initrd</initrd>
    <cmdline>console=ttyS0 panic=-1 quiet rdinit=/init</cmdline>
  </os>
  <features><acpi/></features>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>destroy</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <interface type='bridge'>
      <source bridge='$2'/>
      <mac address='52:54:00:12:34:56'/>
      <model type='virtio'/>
    </interface>
    <serial type='file'><source path='$V/logs/$1.console'/></serial>
    <controller type='usb' model='none'/>
    <memballoon model='none'/>
  </devices>
</domain>
XML
}

# running PID: it exists and is not a zombie
running() { grep -q '^State:[[:space:]]*[^Z]' "/proc/$1/status" 2>/dev/null; }

start_libvirtd() {
	"${AS_USER[@]}" libvirtd > "$V/logs/libvirtd.log" 2>&1 &
	LVPID=$!
	local i
	for i in $(seq 100); do
		[ -S "$H/run/libvirt/libvirt-sock" ] && vsh uri >/dev/null 2>&1 &&
			return 0
		running "$LVPID" || break
		sleep 0.2
	done
	return 1
}

# stop_pid PID COMM: TERM, then KILL after 10 s; waits until it is gone.
# Only while PID is still the COMM the test started (not a reused pid).
stop_pid() {
	local i
	[ -n "$1" ] && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] &&
		running "$1" || return 0
	kill -TERM "$1"
	for i in $(seq 50); do running "$1" || return 0; sleep 0.2; done
	kill -KILL "$1"
	while running "$1"; do sleep 0.1; done
}

# teardown: the domains, QEMU and libvirtd by pid, then the files.  Safe to
# run twice (it is also the EXIT trap).
teardown() {
	if [ -n "$LVPID" ] && running "$LVPID"; then
		vsh destroy "$DOM" >/dev/null 2>&1
		vsh undefine "$DOM" >/dev/null 2>&1
		vsh undefine brh-denied >/dev/null 2>&1
	fi
	stop_pid "$QPID" qemu-system-x86
	stop_pid "$LVPID" libvirtd
	wait "$LVPID" 2>/dev/null
	rm -rf "$V"
}
on_exit() { teardown; stop_service; cleanup_netns; }

# wait_console NAME WORD: wait up to 120 s (TCG) for BRH-GUEST-WORD-OK, or
# -FAILED, on the console of domain NAME
wait_console() {
	local log=$V/logs/$1.console i
	for i in $(seq 240); do
		grep -q -a -E "BRH-GUEST-$2-(OK|FAILED)" "$log" 2>/dev/null && break
		[ -n "$QPID" ] && ! running "$QPID" && break
		sleep 0.5
	done
	grep -q -a "BRH-GUEST-$2-OK" "$log" 2>/dev/null
}

# wait_until SECONDS CMD...: poll until CMD succeeds
wait_until() {
	local n=$(($1 * 5)); shift
	while [ "$n" -gt 0 ]; do "$@" && return 0; sleep 0.2; n=$((n - 1)); done
	return 1
}

# tap_on_br0 TAP: a brhelper TAP (its alias) of nobody, a port of br0
tap_on_br0() {
	local l
	l=$(ip -n "$NS" -o link show dev "$1" 2>/dev/null)
	[[ $l == *" master br0 "* && $l == *"alias brhelper uid=65534 "* ]]
}

# the last lines of interest, on one line, for a failure's report
console_tail() {
	grep -a -E 'BRH|eth|ping|error|ACPI' "$V/logs/$1.console" 2>/dev/null |
		tail -n 5 | tr '\n' ' '
}
daemon_tail() {
	grep -a -E 'error|warning' "$V/logs/libvirtd.log" 2>/dev/null |
		tail -n 3 | tr '\n' ' '
}

# --- the run -----------------------------------------------------------
make_netns "brh-virt-$$" || exit 1
trap on_exit EXIT
if [ "${VIA:-}" = service ]; then start_service || exit 1; fi
set_user_env
ip -n "$NS" link add br0 type bridge
ip -n "$NS" addr add 192.0.2.1/24 dev br0
ip -n "$NS" link set br0 up
ip -n "$NS" link add brdenied type bridge
ip -n "$NS" link set brdenied up
write_acl "allow br0
deny brdenied"
setup_user
build_guest "$V" "$GUEST_AFTER"

if start_libvirtd && [ "$(cat "/proc/$LVPID/comm")" = libvirtd ]; then
	ok libvirt_session_daemon_starts_as_nobody_in_netns
else
	bad libvirt_session_daemon_starts_as_nobody_in_netns \
		"$(tail -n 5 "$V/logs/libvirtd.log" | tr '\n' ' ')"
	exit 1
fi

# Refusal first: the helper's own line must reach the user through virsh,
# every time.  libvirt builds its error when the helper's socket closes and
# reads stderr in another thread; without brhelper's wait for its stderr to
# be read (helper/report.c) about one start in ten lost the line, so one
# try proves little: 50 tries (under 3 s) must all show it.
denied_start_shows_message() {
	local i out
	for i in $(seq 50); do
		out=$(vsh start brh-denied 2>&1) &&
			{ echo "try $i started: $out"; return 1; }
		[[ $out == *"$DENIED"* ]] ||
			{ echo "try $i: want '$DENIED', got: $out"; return 1; }
	done
}
domain_xml brh-denied brdenied > "$V/denied.xml"
vsh define "$V/denied.xml" >/dev/null
if msg=$(denied_start_shows_message); then
	ok libvirt_denied_bridge_fails_start_with_brhelper_message
else
	bad libvirt_denied_bridge_fails_start_with_brhelper_message "$msg"
fi
check libvirt_denied_bridge_leaves_no_tap_and_no_domain \
	test -z "$(taps_left)" -a -z "$(vsh list --name | tr -d '[:space:]')"

domain_xml "$DOM" br0 > "$V/$DOM.xml"
vsh define "$V/$DOM.xml" >/dev/null
if out=$(vsh start "$DOM" 2>&1); then
	QPID=$(cat "$H/run/libvirt/qemu/run/$DOM.pid")
fi
tap0=$(taps_left)
if [ -n "$tap0" ] && tap_on_br0 "$tap0" && wait_console "$DOM" PING; then
	ok libvirt_bridge_interface_guest_pings_bridge
else
	bad libvirt_bridge_interface_guest_pings_bridge "start: ${out:-}" \
		"taps: $tap0" "guest: $(console_tail "$DOM")" \
		"libvirtd: $(daemon_tail)"
	exit 1
fi

# Hot-plug: a new TAP on br0, and the guest gets an answer over it.
vsh attach-interface "$DOM" --type bridge --source br0 --model virtio \
	--mac "$MAC2" --live > "$V/attach.out" 2>&1
tap1=$(taps_left | grep -vx "$tap0")
if [ "$(echo "$tap1" | wc -w)" = 1 ] && tap_on_br0 "$tap1" &&
	wait_console "$DOM" ETH1-PING; then
	ok libvirt_hotplug_interface_adds_tap_guest_pings
else
	bad libvirt_hotplug_interface_adds_tap_guest_pings \
		"virsh: $(cat "$V/attach.out")" "taps: $(taps_left | tr '\n' ' ')" \
		"guest: $(console_tail "$DOM")" "libvirtd: $(daemon_tail)"
fi

# Unplug: the guest acknowledges through ACPI, QEMU closes the TAP fd, the
# TAP is gone, and libvirt no longer lists the interface.
tap1_gone() { ! ip -n "$NS" link show dev "$tap1" >/dev/null 2>&1; }
vsh detach-interface "$DOM" --type bridge --mac "$MAC2" --live \
	> "$V/detach.out" 2>&1
if [ -n "$tap1" ] && wait_until 30 tap1_gone &&
	wait_until 30 grep -q -a BRH-GUEST-ETH1-GONE "$V/logs/$DOM.console" &&
	! vsh domiflist "$DOM" | grep -q -i "$MAC2" &&
	[ "$(taps_left)" = "$tap0" ]; then
	ok libvirt_unplug_interface_removes_tap
else
	bad libvirt_unplug_interface_removes_tap \
		"virsh: $(cat "$V/detach.out")" "taps: $(taps_left | tr '\n' ' ')" \
		"guest: $(console_tail "$DOM")" "libvirtd: $(daemon_tail)"
fi

# A hot-plug on a bridge the ACL refuses: virsh shows brhelper's line,
# and the domain has no new interface and br0 no new TAP.
if out=$(vsh attach-interface "$DOM" --type bridge --source brdenied \
	--model virtio --mac "$MAC3" --live 2>&1); then
	bad libvirt_hotplug_denied_bridge_refused_with_brhelper_message \
		"attached: $out"
elif [[ $out == *"$DENIED"* ]] && [ "$(taps_left)" = "$tap0" ] &&
	! vsh domiflist "$DOM" | grep -q -i "$MAC3"; then
	ok libvirt_hotplug_denied_bridge_refused_with_brhelper_message
else
	bad libvirt_hotplug_denied_bridge_refused_with_brhelper_message \
		"want '$DENIED'" "got: $out" "taps: $(taps_left | tr '\n' ' ')"
fi

# Nothing left: no TAP, no process in the namespace (QEMU, libvirtd and
# anything they started), no file.
teardown
stop_service # the activator only: an instance still running would show
check libvirt_teardown_leaves_no_tap test -z "$(taps_left)"
check libvirt_teardown_leaves_no_process test -z "$(ip netns pids "$NS")"
check libvirt_teardown_leaves_no_file test ! -e "$V"
summary e2e-libvirt
