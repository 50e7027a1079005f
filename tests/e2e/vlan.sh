#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# End to end: a rule's vlan=N proven with frames, in a QEMU guest (TCG),
# because bridge VLAN filtering may be missing from the host's kernel and
# Debian's kernel has it.  The guest boots Debian's kernel with an
# initramfs built here that carries the installed setuid helper, its ACL
# under the path the helper was built for, the tapclient, iproute2's ip
# and bridge, util-linux's setpriv, strace, busybox and the bridge, veth,
# tun and netlink_diag modules (through which strace names netlink
# requests).  Its init makes br0 with vlan_filtering 1 and two host ports,
# each in its own network namespace answering ARP: 192.0.2.10 on VLAN 10
# and 192.0.2.20 on VLAN 20 (PVID, untagged).  With "allow br0 vlan=10",
# nobody's TAP must reach .10 and not .20, be reached from VLAN 10 and not
# from VLAN 20, and carry VLAN 10 alone, as PVID, untagged; once br0
# stops filtering VLANs, the rule is refused (exit 4).
#
# Then a locked port on a VLAN (brhelper.conf(5), locked): a second bridge,
# brv, filtering VLANs, with host ports on VLAN 30 (192.0.2.130) and VLAN 40
# (192.0.2.140), and the rule "allow brv locked vlan=30".  The helper runs
# through a script that adds --mac=52:54:00:00:02:96, the MAC the tapclient
# sends from as 192.0.2.150.  strace (as tests/integration/ports.sh) first
# finds which netlink request brings the port up, then holds the helper
# there: the port must by then carry VLAN 30 alone as PVID untagged, be
# locked with learning off, and have the MAC static on VLAN 30, while
# still down.  Frames: from that MAC they reach VLAN 30's host port (and
# not VLAN 40's); from 192.0.2.151's MAC, through the same locked port,
# none reaches it and the bridge learns nothing; when the TAP closes, its
# entry is gone.  The guest prints one "BRH-VLAN ok|FAILED NAME [DETAIL]"
# line per check and BRH-VLAN-DONE on ttyS0, then powers off.
#
# Needs (from tests/run.sh): HELPER, TAPCLIENT, CTL, BRH_T, BRH_ETC.
set -u
. "$(dirname "$0")/../lib.sh"

W=$BRH_T/e2e-vlan
R=$W/root
trap 'rm -rf "$W"' EXIT
rm -rf "$W"; mkdir -p "$W/logs" "$R" && chmod 0755 "$W" "$R" &&
	chown 65534:65534 "$W/logs"
kver=$(ls /lib/modules | sort -V | tail -n 1)

# libs_of FILE...: every shared library FILE loads, the dynamic loader
# included, at the same paths under $R
libs_of() {
	local f l
	for f in "$@"; do
		for l in $(ldd "$f" | grep -o '/[^ ]*'); do
			cp -L --parents "$l" "$R"
		done
	done
}

# modules MODULE...: their files, dependencies first, as insmod lines
modules() {
	local dep=/lib/modules/$kver/modules.dep m p d
	declare -A seen=()
	for m in "$@"; do
		p=$(grep -o "^[^:]*/$m\.ko[^:]*" "$dep" | head -n 1)
		[ -n "$p" ] || { echo "echo BRH-VLAN FAILED module_$m not in $kver"; continue; }
		for d in $(grep "^$p:" "$dep" | cut -d: -f2 | tr ' ' '\n' | tac) "$p"; do
			[ -n "${seen[$d]:-}" ] && continue
			seen[$d]=1
			mkdir -p "$R/lib/modules"
			cp "/lib/modules/$kver/$d" "$R/lib/modules/"
			echo "insmod /lib/modules/$(basename "$d")"
		done
	done
}

build_initrd() {
	mkdir -p "$R"/{bin,proc,sys,dev,run,tmp,etc,usr/libexec}
	chmod 0755 "$R"/{bin,proc,sys,dev,run,etc,usr,usr/libexec}
	chmod 1777 "$R/tmp"
	cp /bin/busybox "$R/bin/busybox"
	cp -L --parents /usr/sbin/ip /usr/sbin/bridge /usr/bin/setpriv /usr/bin/strace "$R"
	cp -L "$TAPCLIENT" "$R/usr/libexec/tapclient"
	cp -L "$CTL" "$R/usr/bin/brhelperctl"
	libs_of /usr/sbin/ip /usr/sbin/bridge /usr/bin/setpriv /usr/bin/strace "$TAPCLIENT" "$CTL"
	install -o 0 -g 0 -m 4755 "$HELPER" "$R/usr/libexec/brhelper"
	# The helper with the guest's MAC, as a VMM that has one runs it.
	printf '#!/bin/sh\nexec /usr/libexec/brhelper --mac=52:54:00:00:02:96 "$@"\n' \
		> "$R/usr/libexec/brhelper-locked"
	chmod 0755 "$R/usr/libexec/brhelper-locked"
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$R/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' > "$R/etc/group"
	# The ACL where the helper looks for it; every directory from / is
	# root's and 0755, as the helper demands.
	local d=$BRH_ETC p=$R
	for c in $(tr '/' ' ' <<<"$d"); do p=$p/$c; mkdir -p "$p"; chmod 0755 "$p"; done
	printf 'allow br0 vlan=10\nallow brv locked vlan=30\n' > "$R$BRH_ETC/bridge.conf"
	chmod 0644 "$R$BRH_ETC/bridge.conf" "$R/etc/passwd" "$R/etc/group"
	{
		echo '#!/bin/busybox sh'
		echo '/bin/busybox --install -s /bin'
		echo 'export PATH=/bin:/usr/sbin:/usr/bin'
		echo 'mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev'
		modules llc stp bridge veth tun netlink_diag
		sed "s|@ACL@|$BRH_ETC/bridge.conf|" <<'INIT'
say() { echo "BRH-VLAN $*"; }
# check NAME COMMAND...: one verdict line
check() { n=$1; shift; if "$@"; then say ok "$n"; else say FAILED "$n" "$(echo "$OUT" | tr '\n' '|')"; fi; }
has() { case "$OUT" in *"$1"*) return 0;; esac; return 1; }
IP=/usr/sbin/ip BR=/usr/sbin/bridge
NOBODY="/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups"
H=/usr/libexec/brhelper C=/usr/libexec/tapclient CTL=/usr/bin/brhelperctl
$IP link set lo up
$IP link add br0 type bridge vlan_filtering 1 && $IP link set br0 up
for v in 10 20; do
	$IP netns add h$v
	$IP link add p$v type veth peer name e$v netns h$v
	$IP link set p$v master br0
	$BR vlan add dev p$v vid $v pvid untagged
	$BR vlan del dev p$v vid 1
	$IP link set p$v up
	$IP -n h$v link set lo up
	$IP -n h$v addr add 192.0.2.$v/24 dev e$v
	$IP -n h$v link set e$v up
done
OUT=$($IP -d link show br0)
check bridge_filters_vlans has "vlan_filtering 1"
OUT=$($NOBODY $C arp $H br0 192.0.2.50 192.0.2.10 2>&1)
check vlan_tap_reaches_its_vlan has "192.0.2.10 answered"
OUT=$($NOBODY $C arp $H br0 192.0.2.50 192.0.2.20 2>&1)
check vlan_tap_does_not_reach_another_vlan has "192.0.2.20 no answer"
# A TAP held by a responder: its VLANs, and who reaches it.
mkfifo /tmp/hold
$NOBODY $C responder $H br0 192.0.2.30 < /tmp/hold > /tmp/resp 2>&1 &
exec 3> /tmp/hold
for i in $(seq 100); do grep -q . /tmp/resp && break; sleep 0.1; done
TAP=$(sed -n 's/^ifname=\([^ ]*\) responding$/\1/p' /tmp/resp)
OUT="$(cat /tmp/resp) $($BR vlan show dev "${TAP:-none}" 2>&1)"
$BR vlan show
VLANS=$($BR vlan show dev "${TAP:-none}" | sed 1d | sed "s/^${TAP:-none}//" | tr -s ' \t' ' ' | sed 's/^ //; s/ $//' | grep .)
check vlan_port_carries_only_its_vlan_pvid_untagged [ "$VLANS" = "10 PVID Egress Untagged" ]
OUT=$($NOBODY $CTL list 2>&1)
listed() { echo "$OUT" | grep -Eq "^${TAP:-none} +br0 +65534 .* +1 +10 +no +-\$"; }
check list_shows_the_ports_vlan listed
OUT=$($IP netns exec h10 arping -c 1 -w 2 -I e10 192.0.2.30 2>&1)
check vlan_host_port_reaches_tap has "Unicast reply from 192.0.2.30"
OUT=$($IP netns exec h20 arping -c 1 -w 1 -I e20 192.0.2.30 2>&1)
check other_vlan_host_port_does_not_reach_tap has "Received 0 response"
exec 3>&-
wait
$IP link set br0 type bridge vlan_filtering 0
OUT=$($NOBODY $C arp $H br0 192.0.2.50 192.0.2.10 2>&1); rc=$?
status4() { [ "$rc" = 4 ] && has "$1"; }
check vlan_rule_without_filtering_exit_4 status4 "@ACL@:1 (allow br0) gives vlan=10, but br0 does not filter VLANs"
OUT=$($IP -o link show type tun)
check no_tap_left_after_vlan [ -z "$OUT" ]

# ---- locked vlan=30 on brv ---------------------------------------------------
$IP link add brv type bridge vlan_filtering 1 && $IP link set brv up
for v in 30 40; do
	$IP netns add l$v
	$IP link add q$v type veth peer name f$v netns l$v
	$IP link set q$v master brv
	$BR vlan add dev q$v vid $v pvid untagged
	$BR vlan del dev q$v vid 1
	$IP link set q$v up
	$IP -n l$v link set lo up
	$IP -n l$v addr add 192.0.2.1$v/24 dev f$v
	$IP -n l$v link set f$v up
done
L=/usr/libexec/brhelper-locked M=52:54:00:00:02:96 OTHER=52:54:00:00:02:97
ST="/usr/bin/strace -qq -f -e trace=sendmsg"
# The requests of one run, unheld: the first RTM_NEWLINK that sets IFF_UP.
OUT=$($ST -o /tmp/learn $NOBODY $C open $L brv < /dev/null 2>&1); rc=$?
check locked_run_unheld_served [ "$rc" = 0 ]
grep -F ' sendmsg(' /tmp/learn > /tmp/sends
up_request() { grep -E 'RTM_(NEW|SET)LINK' | grep -q 'ifi_flags=[^,]*IFF_UP'; }
UPN=$(grep -n -E 'RTM_(NEW|SET)LINK' /tmp/sends | grep 'ifi_flags=[^,]*IFF_UP' | head -n 1 | cut -d: -f1)
OUT=$(cut -c 1-300 /tmp/sends)
check locked_run_has_an_up_request [ -n "$UPN" ]
# The entry is added before that, on VLAN 30.
before_up() { head -n $((${UPN:-1} - 1)) /tmp/sends | grep 'RTM_NEWNEIGH' | grep -q 'NDA_VLAN'; }
check locked_fdb_request_with_vlan_before_up before_up
# Held at that request: the port as it is just before it comes up.
mkfifo /tmp/lhold
$ST -o /tmp/held -e inject=sendmsg:delay_enter=6000000:when=${UPN:-99} \
	$NOBODY $C open $L brv < /tmp/lhold > /tmp/lresp 2>&1 &
exec 4> /tmp/lhold
# settled: the port has every setting of the rule (looked for up to 6 s,
# the hold; below libbrhelper's 10 s deadline, which would kill the helper)
settled() {
	LT=$($IP -o link show master brv type tun 2>/dev/null)
	TAP=$(echo "$LT" | awk -F': ' 'NR == 1 {print $2}')
	[ -n "$TAP" ] || return 1
	LINK=$($BR -d link show dev "$TAP")
	VLANS=$($BR vlan show dev "$TAP" | sed 1d | sed "s/^$TAP//" | tr -s ' \t' ' ' | sed 's/^ //; s/ $//' | grep .)
	FDB=$($BR fdb show dev "$TAP")
	OUT="$LT|$LINK|vlans: $VLANS|fdb: $FDB"
	case "$LINK" in *" locked on"*) ;; *) return 1;; esac
	case "$LINK" in *" learning off"*) ;; *) return 1;; esac
	[ "$VLANS" = "30 PVID Egress Untagged" ] || return 1
	echo "$FDB" | grep -q "^$M .*vlan 30 .*master brv .*static"
}
for i in $(seq 60); do settled && break; sleep 0.1; done
check locked_vlan_port_settled_while_held settled
# is_down: the TAP has no IFF_UP among its flags (looked at after settled)
is_down() {
	LT=$($IP -o link show dev "${TAP:-none}" 2>&1); OUT=$LT
	f=${LT#*<}; f=${f%%>*}
	[ -n "$TAP" ] && case ",$f," in *,UP,*) false;; *) true;; esac
}
check locked_vlan_port_still_down_once_settled is_down
OUT=$($BR fdb show dev "${TAP:-none}")
check locked_entry_only_on_vlan_30 [ "$(echo "$OUT" | grep -ci "^$M ")" = 1 ]
for i in $(seq 250); do grep -q '^ifname=' /tmp/lresp && break; sleep 0.1; done
OUT=$(cat /tmp/lresp)
check locked_client_served_after_the_hold grep -q "^ifname=${TAP:-none} " /tmp/lresp
OUT=$(grep -F ' sendmsg(' /tmp/held | sed -n "${UPN:-99}p")
held_up() { echo "$OUT" | up_request; }
check locked_held_request_was_the_up_request held_up
OUT=$($NOBODY $CTL list 2>&1)
locked_listed() { echo "$OUT" | grep -Eq "^${TAP:-none} +brv +65534 .* +1 +30 +no +$M\$"; }
check list_shows_the_locked_mac locked_listed
OUT=$($BR fdb show dev "${TAP:-none}")
static_on_30() { echo "$OUT" | grep -q "^$M .*vlan 30 .*master brv .*static"; }
check locked_entry_stays_once_up static_on_30
exec 4>&-
wait
OUT=$($BR fdb show)
check locked_entry_gone_when_tap_closes [ -z "$(echo "$OUT" | grep -i "$M")" ]
# Frames, each through a fresh TAP locked to $M: the tapclient sends from
# 192.0.2.150's MAC ($M) or 192.0.2.151's ($OTHER).
OUT=$($NOBODY $C arp $L brv 192.0.2.150 192.0.2.130 2>&1)
check locked_mac_reaches_its_vlans_host_port has "192.0.2.130 answered"
OUT=$($NOBODY $C arp $L brv 192.0.2.150 192.0.2.140 2>&1)
check locked_mac_does_not_reach_another_vlan has "192.0.2.140 no answer"
OUT=$($NOBODY $C arp $L brv 192.0.2.151 192.0.2.130 2>&1)
check other_mac_through_locked_port_gets_no_answer has "192.0.2.130 no answer"
OUT=$($IP -n l30 neigh show; $IP -n l40 neigh show)
check other_mac_reached_no_host_port [ -z "$(echo "$OUT" | grep -i -e 192.0.2.151 -e "$OTHER")" ]
OUT=$($BR fdb show)
check other_mac_not_learned [ -z "$(echo "$OUT" | grep -i "$OTHER")" ]
check locked_entry_gone_after_the_frames [ -z "$(echo "$OUT" | grep -i "$M")" ]
OUT=$($IP -o link show type tun)
check no_tap_left [ -z "$OUT" ]
echo BRH-VLAN-DONE
poweroff -f
INIT
	} > "$R/init"
	chmod 0755 "$R/init"
	(cd "$R" && find . | cpio -o -H newc --quiet) > "$W/initrd"
	cp "/boot/vmlinuz-$kver" "$W/vmlinuz"
	chmod 0644 "$W/initrd" "$W/vmlinuz"
}

build_initrd || { echo "cannot build the guest"; exit 1; }
log=$W/logs/guest.log
# QEMU needs no privilege here: it runs as nobody, with no network device.
timeout 170 $NOBODY qemu-system-x86_64 -machine q35,accel=tcg -m 256 \
	-nodefaults -display none -serial "file:$log" -no-reboot \
	-kernel "$W/vmlinuz" -initrd "$W/initrd" \
	-append "console=ttyS0 panic=-1 quiet rdinit=/init" > "$W/qemu.out" 2>&1
rc=$?
while read -r _ verdict name detail; do
	if [ "$verdict" = ok ]; then ok "$name"; else bad "$name" "$detail"; fi
done < <(grep -a '^BRH-VLAN \(ok\|FAILED\) ' "$log" 2>/dev/null | tr -d '\r')
if ! grep -aq '^BRH-VLAN-DONE' "$log" 2>/dev/null; then
	bad guest_ran_every_check "QEMU status $rc: $(tail -n 3 "$W/qemu.out" | tr '\n' ' ')" \
		"guest: $(tail -n 15 "$log" 2>/dev/null | tr -d '\r' | tr '\n' '|')"
fi
summary "e2e (vlan)"
