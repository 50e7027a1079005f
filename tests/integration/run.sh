#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# Integration: the installed helper, run as nobody through libbrhelper in a
# throwaway network namespace.  Usage: run.sh setuid|caps
#
# Needs (from tests/run.sh): BRH_T (work dir), BRH_ETC (the ACL directory the
# helper was built for), HELPER (installed helper), TAPCLIENT, BRH_RUN
# (brhelper-run), PLAIN (the helper as built, not privileged).
set -u
. "$(dirname "$0")/../lib.sh"
MODE=$1

make_netns "brh-int-$MODE-$$" || { echo "cannot make a network namespace"; exit 1; }
trap 'exec {HOLD}>&- 2>/dev/null; cleanup_netns' EXIT

ip -n "$NS" link add br0 type bridge && ip -n "$NS" link set br0 up
ip -n "$NS" link add br1 type bridge
ip -n "$NS" link add br9000 type bridge && ip -n "$NS" link set br9000 mtu 9000 up
ip -n "$NS" link add v0 type veth peer name v1
ip -n "$NS" link add vx0 type vxlan id 7 dstport 4789
# Two bridges with no port: brmac with the random address a new bridge gets,
# brfix with one set by the administrator (addr_assign_type 3, "set").
ip -n "$NS" link add brmac type bridge && ip -n "$NS" link set brmac up
ip -n "$NS" link add brfix type bridge && ip -n "$NS" link set brfix up
ip -n "$NS" link set brfix address 02:00:00:00:aa:01

write_acl "allow br0
allow br9000
allow v0
allow vx0
allow lo
allow nope
allow abcdefghijklmno
deny br1
include $BRH_ETC/staff.conf
allow brmac
allow brfix"
cat > "$BRH_ETC/staff.conf" <<ACL
allow brstaff
ACL
chown 0:4321 "$BRH_ETC/staff.conf"; chmod 0640 "$BRH_ETC/staff.conf"
ip -n "$NS" link add brstaff type bridge

# open_tap BRIDGE [novnet]: a client holding a TAP; sets TAPNAME, LINE
# (TAPMODE=setmac open_tap BRIDGE MAC: the client sets the TAP's MAC first)
open_tap() {
	local fifo=$BRH_T/hold.$$ out=$BRH_T/client.$$
	rm -f "$fifo" "$out"; mkfifo "$fifo"
	as_nobody "$TAPCLIENT" "${TAPMODE:-open}" "$HELPER" "$@" < "$fifo" > "$out" 2>&1 &
	CLIENT=$!
	exec {HOLD}> "$fifo"
	for _ in $(seq 100); do
		grep -q . "$out" 2>/dev/null && break
		kill -0 "$CLIENT" 2>/dev/null || break
		sleep 0.05
	done
	LINE=$(head -n 1 "$out")
	TAPNAME=$(sed -n 's/^ifname=\([^ ]*\) .*/\1/p' "$out")
	rm -f "$fifo"
}
release_tap() { exec {HOLD}>&-; wait "$CLIENT"; }
link() { ip -n "$NS" -d -o link show dev "$1" 2>/dev/null; }

# ---- a working TAP ----------------------------------------------------------
open_tap br0
L=$(link "$TAPNAME")
check tap_has_vnet_header_and_no_pi [ "${LINE#* }" = "vnet=1 tap=1 nopi=1 hdrsz=10" ]
check tap_vnet_header_size_is_the_default grep -q " hdrsz=10$" <<<"$LINE"
check tap_master_is_the_bridge  grep -q " master br0 " <<<"$L"
check tap_mtu_is_the_bridges    grep -q " mtu 1500 " <<<"$L"
check tap_mac_starts_with_fe    grep -q "link/ether fe:" <<<"$L"
check tap_is_up                 grep -q "<[^>]*[<,]UP[,>]" <<<"$L"
check tap_is_not_persistent     grep -q "persist off" <<<"$L"
check tap_named_by_kernel       grep -q '^tap[0-9]*$' <<<"$TAPNAME"
release_tap
check tap_gone_when_fd_closed   [ -z "$(link "$TAPNAME")" ]

open_tap br9000
check tap_mtu_9000_copied_from_bridge grep -q " mtu 9000 " <<<"$(link "$TAPNAME")"
release_tap

open_tap br0 novnet
check without_use_vnet_no_vnet_header [ "${LINE#* }" = "vnet=0 tap=1 nopi=1 hdrsz=10" ]
release_tap

open_tap abcdefghijklmno
check fifteen_byte_name_is_looked_up_whole grep -q "bridge abcdefghijklmno: no such interface" <<<"$LINE"
release_tap

# QEMU's "helper string with spaces": run through sh -c, its --br= wins.
check shell_helper_string_keeps_its_br bash -c "
	echo | ip netns exec $NS $NOBODY $TAPCLIENT open '$HELPER --br=br0' br9000 |
	grep -q '^ifname=tap'"

# brhelper-run: the TAP on fd 3, its name in BRHELPER_IFNAME
OUT=$(as_nobody "$BRH_RUN" --br=br0 --helper="$HELPER" -- \
	sh -c 'readlink /proc/self/fd/3; echo "$BRHELPER_IFNAME"' 2>&1)
check brhelper_run_gives_tap_on_fd3 grep -qx "/dev/net/tun" <<<"$OUT"
check brhelper_run_names_the_tap grep -qx "tap[0-9]*" <<<"$OUT"
# --queues=3: one multiqueue TAP on fds 3, 4, 5, listed QEMU's way.
OUT=$(as_nobody "$BRH_RUN" --br=br0 --queues=3 --helper="$HELPER" -- \
	sh -c 'echo "$BRHELPER_FDS"; for f in 3 4 5 6; do readlink /proc/self/fd/$f || echo none; done' 2>&1)
check brhelper_run_queues_fds_listed grep -qx "3:4:5" <<<"$OUT"
check brhelper_run_queues_on_fds_3_to_5 [ "$(grep -c '^/dev/net/tun$' <<<"$OUT")" = 3 ]
check brhelper_run_queues_nothing_on_fd_6 grep -qx none <<<"$OUT"
expect brhelper_run_queues_above_rule_refused 125 "--queues=9 is more than the 8 that" \
	as_nobody "$BRH_RUN" --br=br0 --queues=9 --helper="$HELPER" -- true
expect brhelper_run_reports_helper_refusal 125 "denied by" \
	as_nobody "$BRH_RUN" --br=br1 --helper="$HELPER" -- true

# ---- a queue taken before the TAP has an owner ------------------------------
# Until TUNSETOWNER a new TAP has no owner, and tun(4) lets anyone attach a
# queue to a multi-queue one.  strace holds the helper at its 2nd ioctl
# (TUNSETOWNER; the 1st made the 4-queue TAP) while uid 1234, with no rule
# of its own, takes a queue (through its own 0666 node in a private mount
# namespace, so that a host's 0600 node does not stop the attack here): the
# helper counts the queues once the owner is set, refuses, attaches nothing.
# visit_while_held HOW DELAYS CLIENT...: the visitor (tapclient grab 10
# HOW) runs while strace holds the helper at its 2nd ioctl with DELAYS,
# and CLIENT runs brhelper-run --queues=4 on br0; sets OUT and rc (the
# client's), L (br0's TAPs right after) and SAW (the visitor's output).
visit_while_held() {
	local how=$1 delays=$2 grab; shift 2
	rm -f "$GRABIN"; mkfifo "$GRABIN"
	in_ns unshare -m sh -c 'mount --make-rprivate / && mount --bind "$0" /dev/net/tun &&
		exec setpriv --reuid=1234 --regid=1234 --clear-groups "$1" grab 10 $2' \
		"$TUN666" "$TAPCLIENT" "$how" < "$GRABIN" > "$BRH_T/visitor.$MODE" 2>&1 &
	grab=$!
	exec {GIN}> "$GRABIN"
	OUT=$(in_ns strace -qq -f -o /dev/null -e trace=ioctl \
		-e inject=ioctl:"$delays":when=2 \
		$NOBODY "$BRH_RUN" --br=br0 --queues=4 --helper="$HELPER" -- "$@" 2>&1); rc=$?
	L=$(ip -n "$NS" -o link show master br0 type tun)
	exec {GIN}>&-; wait "$grab"
	SAW=$(cat "$BRH_T/visitor.$MODE")
}
if command -v strace >/dev/null; then
	TUN666=$BRH_T/tun0666.$MODE GRABIN=$BRH_T/grab.$MODE
	rm -f "$TUN666"; mknod -m 0666 "$TUN666" c 10 200
	visit_while_held "" delay_enter=2000000 true
	check queue_grab_happened_while_held grep -q '^grabbed=tap' <<<"$SAW"
	check queue_grabbed_before_owner_refused_exit_4 [ "$rc" = 125 ]
	check queue_grabbed_before_owner_named grep -q \
		"5 queues attached and 0 detached (4 made), owned by the caller, no group, not persistent: not the caller's TAP as made; another process attached to it before it had an owner" <<<"$OUT"
	check queue_grabbed_tap_not_attached [ -z "$L" ]
	check queue_grabbed_tap_gone_with_the_grabber [ -z "$(ip -n "$NS" -o link show type tun)" ]
	# The same visitor, once the helper has set the owner, makes itself
	# the owner through its queue (tun(4) asks no permission), lets the
	# queue go and would come back as the owner: the helper, holding
	# after TUNSETOWNER too, finds another owner and refuses.
	visit_while_held steal delay_enter=1500000:delay_exit=1500000 true
	check owner_stolen_while_held grep -q '^steal=tap' <<<"$SAW"
	check owner_stolen_refused_exit_4 [ "$rc" = 125 ]
	check owner_stolen_named grep -q "(4 made), owned by another uid, no group, not persistent: not the caller's TAP as made" <<<"$OUT"
	check owner_stolen_tap_not_attached [ -z "$L" ]
	# Or gives it a group, or makes it persistent: refused too, and the
	# helper takes persistence off again as it closes the TAP.
	visit_while_held group delay_enter=1500000:delay_exit=1500000 true
	check group_given_while_held grep -q '^group=tap' <<<"$SAW"
	check group_given_refused_exit_4 grep -q "(4 made), owned by the caller, given a group, not persistent: not the caller's TAP as made" <<<"$OUT"
	visit_while_held persist delay_enter=1500000:delay_exit=1500000 true
	check persist_set_while_held grep -q '^persist=tap' <<<"$SAW"
	check persist_set_refused_exit_4 grep -q "(4 made), owned by the caller, no group, made persistent: not the caller's TAP as made" <<<"$OUT"
	check persist_set_tap_not_left_behind [ -z "$(ip -n "$NS" -o link show type tun)" ]
	# Or it leaves the owner alone and changes what any queue may: the
	# helper sets it back, and the TAP is served as made.
	visit_while_held tamper delay_enter=1500000:delay_exit=1500000 \
		"$TAPCLIENT" fdinfo 3
	check tampered_while_held grep -q '^tamper=tap' <<<"$SAW"
	check tampered_tap_served_as_made [ "$rc" = 0 ]
	check tampered_tap_set_back grep -qx "hdrsz=10 sndbuf=2147483647" <<<"$OUT"
	rm -f "$TUN666" "$GRABIN"
elif [ "${CI:-}" = true ]; then
	bad queue_grabbed_before_owner "strace is not installed"
fi

# ---- /dev/net/tun at mode 0600 ----------------------------------------------
# As some systems ship it.  A private mount namespace puts our own 0600 node
# (10,200, made here) over /dev/net/tun; the host's node is never touched.
TUN600=$BRH_T/tun0600.$MODE
rm -f "$TUN600"; mknod -m 0600 "$TUN600" c 10 200
tun0600() {
	unshare -m sh -c 'mount --make-rprivate / && mount --bind "$0" /dev/net/tun &&
		exec "$@"' "$TUN600" "$@"
}
check tun_node_0600_in_place tun0600 sh -c \
	'[ "$(stat -c %a:%u:%t:%T /dev/net/tun)" = 600:0:a:c8 ]'
expect tun_node_0600_closed_to_nobody 1 "/dev/net/tun: Permission denied" \
	tun0600 $NOBODY bash -c 'exec 3<>/dev/net/tun'
OUT=$(echo | tun0600 ip netns exec "$NS" $NOBODY "$TAPCLIENT" open "$HELPER" br0 2>&1)
check tun_node_0600_still_works grep -q "^ifname=tap[0-9]* vnet=1" <<<"$OUT"
if [ "$MODE" = caps ]; then
	# Only cap_net_admin (an older install): refused at entry, saying why.
	install -m 0755 -o 0 -g 0 "$PLAIN" "$BRH_T/caps-net-admin-only"
	setcap cap_net_admin+p "$BRH_T/caps-net-admin-only"
	expect net_admin_only_install_says_reinstall 4 \
		"file capabilities other than cap_net_admin,cap_dac_override,cap_setpcap+p; reinstall it with 'make install-caps'" \
		tun0600 ip netns exec "$NS" $NOBODY "$TAPCLIENT" open "$BRH_T/caps-net-admin-only" br0
	rm -f "$BRH_T/caps-net-admin-only"
fi
rm -f "$TUN600"

# ---- the ACL, read as the caller with the caller's groups ------------------
expect acl_denies_exit_1 1 "brhelper: bridge br1: denied by $BRH_ETC/bridge.conf:8: deny br1" \
	as_nobody "$TAPCLIENT" open "$HELPER" br1
# br2 does not exist: the ACL answers (1) before any lookup (which would be 4),
# so a refused caller learns nothing about which interfaces exist.
expect missing_unlisted_bridge_denied_before_lookup 1 \
	"bridge br2: denied: no rule in $BRH_ETC/bridge.conf allows it" \
	as_nobody "$TAPCLIENT" open "$HELPER" br2
expect group_readable_include_skipped_without_group 1 "bridge brstaff: denied" \
	as_nobody "$TAPCLIENT" open "$HELPER" brstaff
OUT=$(echo | ip netns exec "$NS" setpriv --reuid=65534 --regid=65534 --groups=4321 \
	"$TAPCLIENT" open "$HELPER" brstaff 2>&1)
check group_readable_include_read_with_group grep -q "^ifname=tap" <<<"$OUT"

# What the helper holds while it reads the ACL: every open of the file waits
# (fanotify, tapclient watchopen) while the helper's /proc/PID/status is read.
WATCH=$BRH_T/watch.$$
rm -f "$WATCH.in" "$WATCH.out"; mkfifo "$WATCH.in"
"$TAPCLIENT" watchopen "$BRH_ETC/bridge.conf" < "$WATCH.in" > "$WATCH.out" 2>&1 &
WATCHER=$!
exec {WATCHIN}> "$WATCH.in"
for _ in $(seq 100); do grep -q . "$WATCH.out" && break; sleep 0.05; done
OUT=$(echo | as_nobody "$TAPCLIENT" open "$HELPER" br0 2>&1)
exec {WATCHIN}>&-; wait "$WATCHER"
S=$(cat "$WATCH.out"); rm -f "$WATCH.in" "$WATCH.out"
# every_line KEY VALUE: S has KEY lines, and each is exactly "KEY<tab>VALUE"
every_line() { grep -q "^$1" <<<"$S" && ! grep "^$1" <<<"$S" | grep -vqx "$1	$2"; }
check acl_read_watched_run_still_works grep -q "^ifname=tap" <<<"$OUT"
check acl_read_seen_while_open_waits grep -q "^opener=[0-9]" <<<"$S"
check acl_read_with_no_capability_in_effect every_line CapEff: 0000000000000000
check acl_read_permits_only_net_admin every_line CapPrm: 0000000000001000
check acl_read_as_the_caller every_line Uid: "65534	65534	65534	65534"

# ---- usage -----------------------------------------------------------------
expect empty_argv_refused_exit_2 2 "brhelper: started without argv[0]" \
	as_nobody "$TAPCLIENT" noargv "$HELPER"
expect no_arguments_exit_2 2 "brhelper: missing --br=BRIDGE" as_nobody "$HELPER"
expect sixteen_byte_bridge_refused_not_truncated 2 \
	"--br=abcdefghijklmnop: bridge name is longer than 15 bytes" \
	as_nobody "$HELPER" --use-vnet --fd=3 --br=abcdefghijklmnop
expect unknown_option_exit_2 2 "unknown argument '--bogus'" as_nobody "$HELPER" --bogus
for k in file closed tcp udp pipe listen unconnected dgram gone; do
	case $k in
	file) m="not a socket" ;; closed) m="not an open file descriptor" ;;
	tcp|udp) m="not a unix (AF_UNIX) socket" ;; pipe) m="not a socket" ;;
	listen) m="a listening socket" ;; unconnected) m="not connected" ;;
	dgram) m="not a stream or seqpacket socket" ;;
	gone) m="its peer has already closed it" ;;
	esac
	expect "fd_${k}_refused" 2 "$m" as_nobody "$TAPCLIENT" badfd "$k" "$HELPER" br0
done

# ---- configuration ---------------------------------------------------------
cp "$BRH_ETC/bridge.conf" "$BRH_T/acl.saved"
chmod 0664 "$BRH_ETC/bridge.conf"
expect group_writable_acl_exit_3 3 "bridge.conf: it is writable by group or others (mode 0664); run 'chmod go-w' on it" \
	as_nobody "$TAPCLIENT" open "$HELPER" br0
chmod 0644 "$BRH_ETC/bridge.conf"; chown 65534 "$BRH_ETC/bridge.conf"
expect acl_not_owned_by_root_exit_3 3 "is owned by uid 65534, not root" \
	as_nobody "$TAPCLIENT" open "$HELPER" br0
write_acl "allow br0
allow br0 extra"
expect malformed_acl_exit_3 3 "bridge.conf:2:11: unknown word 'extra'; after the bridge name a rule takes" \
	as_nobody "$TAPCLIENT" open "$HELPER" br0
rm -f "$BRH_ETC/bridge.conf"
expect missing_acl_exit_3 3 "bridge.conf: No such file or directory; create it" \
	as_nobody "$TAPCLIENT" open "$HELPER" br0
cp "$BRH_T/acl.saved" "$BRH_ETC/bridge.conf"; chmod 0644 "$BRH_ETC/bridge.conf"

# ---- system ----------------------------------------------------------------
expect no_such_bridge_exit_4 4 "bridge nope: no such interface" \
	as_nobody "$TAPCLIENT" open "$HELPER" nope
expect veth_is_not_a_bridge_exit_4 4 "v0 is a veth interface, not a bridge" \
	as_nobody "$TAPCLIENT" open "$HELPER" v0
expect vxlan_is_not_a_bridge_exit_4 4 "vx0 is a vxlan interface, not a bridge" \
	as_nobody "$TAPCLIENT" open "$HELPER" vx0
expect loopback_is_not_a_bridge_exit_4 4 "lo is an interface without a kind, not a bridge" \
	as_nobody "$TAPCLIENT" open "$HELPER" lo
expect unprivileged_copy_refuses_exit_4 4 "no privilege to create a TAP" \
	as_nobody "$TAPCLIENT" open "$PLAIN" br0
# Step 2 comes first: in a setuid run nothing is opened or made (no socket,
# no /dev/net/tun, no ACL) before the helper becomes the caller.
if [ "$MODE" = setuid ]; then
	echo | ip netns exec "$NS" strace -qq -f -u nobody -o "$BRH_T/order.log" \
		-e trace=setresuid,socket,openat,open,openat2 \
		"$TAPCLIENT" open "$HELPER" br0 > /dev/null 2>&1
	hpid=$(grep -m1 -F 'setresuid(' "$BRH_T/order.log" | cut -d' ' -f1)
	before=$(awk -v p="$hpid" '$1 == p' "$BRH_T/order.log" | sed '/setresuid(/,$d')
	check setuid_run_becomes_the_caller_first [ -n "$hpid" ]
	check nothing_opened_before_becoming_the_caller \
		bash -c '! grep -Eq "socket\(|/dev/net/tun|bridge\.conf|passwd" <<<"$1"' _ "$before"
	rm -f "$BRH_T/order.log"
fi
# Odd privilege states are refused before anything else happens.
if [ "$MODE" = setuid ]; then
	install -m 2755 -o 0 -g 0 "$PLAIN" "$BRH_T/odd-setgid"
	expect setgid_install_refused_exit_4 4 "installed set-group-ID" \
		as_nobody "$BRH_T/odd-setgid" --use-vnet --fd=3 --br=br0
	install -m 4755 -o 1234 -g 0 "$PLAIN" "$BRH_T/odd-setuid-user"
	expect setuid_to_non_root_refused_exit_4 4 "set-user-ID to uid 1234, not root" \
		as_nobody "$BRH_T/odd-setuid-user" --use-vnet --fd=3 --br=br0
	expect root_without_net_admin_refused_exit_4 4 "running as root without CAP_NET_ADMIN" \
		in_ns setpriv --bounding-set=-net_admin "$HELPER" --use-vnet --fd=3 --br=br0
	rm -f "$BRH_T/odd-setgid" "$BRH_T/odd-setuid-user"
fi
if [ "$MODE" = caps ]; then
	odd_caps() {
		install -m 0755 -o 0 -g 0 "$PLAIN" "$BRH_T/odd-caps"
		setcap "$1" "$BRH_T/odd-caps"
	}
	odd_caps cap_net_admin,cap_dac_override,cap_setpcap+ep
	expect file_caps_in_effect_at_exec_refused_exit_4 4 \
		"capabilities in effect at start: install it with +p, not +ep ('make install-caps'" \
		as_nobody "$BRH_T/odd-caps" --use-vnet --fd=3 --br=br0
	odd_caps cap_dac_override,cap_setpcap+p
	expect dac_override_without_net_admin_refused_exit_4 4 \
		"file capabilities other than cap_net_admin,cap_dac_override,cap_setpcap+p" \
		as_nobody "$BRH_T/odd-caps" --use-vnet --fd=3 --br=br0
	odd_caps cap_net_admin,cap_dac_override,cap_setpcap,cap_sys_admin+p
	expect file_caps_beyond_the_three_refused_exit_4 4 \
		"file capabilities other than cap_net_admin,cap_dac_override,cap_setpcap+p" \
		as_nobody "$BRH_T/odd-caps" --use-vnet --fd=3 --br=br0
	rm -f "$BRH_T/odd-caps"
fi
# A refused run waits for its line on stderr to be read (libvirt): with no
# capability left by then, not even permitted; the kernel's refusal (no
# such interface) and the ACL's alike.
for c in "nope no_such_interface no such interface" "br1 acl_refusal denied by"; do
	set -- $c
	OUT=$(ip netns exec "$NS" $NOBODY "$WAITCAPS" "$HELPER" "$1" 2>&1)
	check "${2}_waits_with_no_capability_permitted" \
		grep -qx "CapPrm:	0000000000000000" <<<"$OUT"
	check "${2}_waits_with_no_capability_in_effect" \
		grep -qx "CapEff:	0000000000000000" <<<"$OUT"
	check "${2}_waited_for_is_the_refusal" grep -q "${*:3}" <<<"$OUT"
done
# Refused before it becomes the caller (no descriptor for the user-namespace
# check): it must not wait for its stderr as root or with a capability.
printf '#!/bin/sh\nulimit -n 4\nexec %s "$@"\n' "$HELPER" > "$BRH_T/nofile4"
chmod 0755 "$BRH_T/nofile4"
OUT=$(ip netns exec "$NS" $NOBODY "$WAITCAPS" "$BRH_T/nofile4" br0 2>&1)
check early_refusal_says_why grep -q "initial user namespace" <<<"$OUT"
# (waitcaps reads /proc/PID/status once the line is out: a zombie by then
# did not wait; one still running must be the caller, with nothing.)
waiting() { ! grep -q "^State:	Z" <<<"$OUT"; }
check early_refusal_never_waits_as_root \
	bash -c '! { [ "$2" = 1 ] && grep -Eq "^Uid:[[:space:]]+[0-9]+[[:space:]]+0[[:space:]]" <<<"$1"; }' \
	_ "$OUT" "$(waiting && echo 1)"
check early_refusal_never_waits_with_a_capability \
	bash -c '! { [ "$2" = 1 ] && grep -Eq "^Cap(Eff|Prm):[[:space:]]+0*[1-9a-f]" <<<"$1"; }' \
	_ "$OUT" "$(waiting && echo 1)"
rm -f "$BRH_T/nofile4"
check no_tap_left_after_refusals [ -z "$(taps_left)" ]

# ---- what the fd's holder can do, with no privilege -------------------------
# TUNSETPERSIST: the TAP outlives its holder, still a port of the bridge, and
# its owner (TUNSETOWNER, the caller) attaches to it again without the helper.
OUT=$(as_nobody "$TAPCLIENT" persist "$HELPER" br0 2>&1)
PTAP=${OUT#persistent=}
L=$(link "$PTAP")
check fd_holder_can_make_tap_persistent grep -q " persist on" <<<"$L"
check persistent_tap_stays_a_bridge_port grep -q " master br0 " <<<"$L"
expect persistent_tap_reattached_without_the_helper 0 "attached=$PTAP" \
	as_nobody "$TAPCLIENT" attach "$PTAP"
ip -n "$NS" link del "$PTAP"
# TUNSETOWNER: the holder gives the TAP to another uid, who may attach to it.
OUT=$(as_nobody "$TAPCLIENT" give "$HELPER" br0 1 2>&1)
PTAP=${OUT#persistent=}
expect fd_holder_can_give_tap_to_another_user 0 "attached=$PTAP" \
	ip netns exec "$NS" setpriv --reuid=1 --regid=1 --clear-groups "$TAPCLIENT" attach "$PTAP"
expect given_tap_refuses_its_former_owner 1 "attaching to $PTAP: Operation not permitted" \
	as_nobody "$TAPCLIENT" attach "$PTAP"
ip -n "$NS" link del "$PTAP"
# A bridge without an address of its own takes the lowest of its ports'
# addresses: its only port's, 0xfe or not, and whatever the holder sets.
mac_of() { ip -n "$NS" -o link show dev "$1" | sed -n 's|.* link/ether \([0-9a-f:]*\) .*|\1|p'; }
open_tap brmac
check bridge_with_only_a_tap_takes_its_fe_address \
	[ "$(mac_of brmac)" = "$(mac_of "$TAPNAME")" -a "$(mac_of brmac | cut -c1-3)" = "fe:" ]
release_tap
TAPMODE=setmac open_tap brmac 02:00:00:00:00:01
check bridge_without_fixed_address_adopts_caller_mac [ "$(mac_of brmac)" = 02:00:00:00:00:01 ]
release_tap
# With another port (a veth standing in for a host NIC), 0xfe loses to it
# until the holder sets a lower address.
ip -n "$NS" link add vm0 address 02:00:00:00:00:10 type veth peer name vm1
ip -n "$NS" link set vm0 master brmac
open_tap brmac
check other_port_below_fe_gives_the_bridge_address [ "$(mac_of brmac)" = 02:00:00:00:00:10 ]
release_tap
TAPMODE=setmac open_tap brmac 02:00:00:00:00:01
check caller_mac_below_other_ports_taken_by_the_bridge [ "$(mac_of brmac)" = 02:00:00:00:00:01 ]
release_tap
ip -n "$NS" link del vm0
TAPMODE=setmac open_tap brfix 02:00:00:00:00:01
check caller_set_its_tap_mac [ "$(mac_of "$TAPNAME")" = 02:00:00:00:00:01 ]
check bridge_with_fixed_address_keeps_it [ "$(mac_of brfix)" = 02:00:00:00:aa:01 -a \
	"$(in_ns cat /sys/class/net/brfix/addr_assign_type)" = 3 ]
release_tap

# ---- the sandbox at the moment of the hand-off ------------------------------
S=$(as_nobody "$TAPCLIENT" sandbox "$HELPER" br0 2>&1)
check sandbox_capeff_zero      grep -qx "CapEff:	0000000000000000" <<<"$S"
check sandbox_capprm_zero      grep -qx "CapPrm:	0000000000000000" <<<"$S"
check sandbox_capamb_zero      grep -qx "CapAmb:	0000000000000000" <<<"$S"
check sandbox_no_new_privs     grep -qx "NoNewPrivs:	1" <<<"$S"
check sandbox_seccomp_filter   grep -qx "Seccomp:	2" <<<"$S"
check sandbox_runs_as_caller   grep -qx "Uid:	65534	65534	65534	65534" <<<"$S"
check sandbox_gid_is_callers   grep -qx "Gid:	65534	65534	65534	65534" <<<"$S"
check sandbox_then_fd_arrives  grep -q "^ifname=tap.* vnet=1" <<<"$S"
# Both installs reach one state at entry: the bounding set empty too.
check sandbox_capbnd_zero      grep -qx "CapBnd:	0000000000000000" <<<"$S"
check sandbox_capinh_zero      grep -qx "CapInh:	0000000000000000" <<<"$S"
# The VMM hangs up while the helper, sandboxed, is blocked sending: the
# failure is reported under the filter (write to fd 2) and nothing is left.
expect hand_off_to_a_gone_vmm_exit_4 4 "brhelper: sending the TAP fd on --fd=3: " \
	as_nobody "$TAPCLIENT" hangup "$HELPER" br0
# As root (to read /proc/PID/fd of a non-dumpable process): 0-2, socket, TAP.
S=$(in_ns "$TAPCLIENT" sandbox "$HELPER" br0 2>&1)
check sandbox_only_five_fds_at_send grep -qx "Fds:	5" <<<"$S"
# Four queues: the same sandbox, and 0-2, the socket and the four fds.
S=$(in_ns "$TAPCLIENT" sandbox "$HELPER" br0 4 2>&1)
check sandbox_with_4_queues_capeff_zero grep -qx "CapEff:	0000000000000000" <<<"$S"
check sandbox_with_4_queues_seccomp_filter grep -qx "Seccomp:	2" <<<"$S"
check sandbox_with_4_queues_no_new_privs grep -qx "NoNewPrivs:	1" <<<"$S"
check sandbox_with_4_queues_only_eight_fds grep -qx "Fds:	8" <<<"$S"
check sandbox_with_4_queues_all_arrive grep -qx "queues=4" <<<"$S"
check no_tap_left_at_end [ -z "$(taps_left)" ]

summary "integration ($MODE)"
