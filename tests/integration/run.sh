#!/bin/bash
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

write_acl "allow br0
allow br9000
allow v0
allow vx0
allow lo
allow nope
allow abcdefghijklmno
deny br1
include $BRH_ETC/staff.conf"
cat > "$BRH_ETC/staff.conf" <<ACL
allow brstaff
ACL
chown 0:4321 "$BRH_ETC/staff.conf"; chmod 0640 "$BRH_ETC/staff.conf"
ip -n "$NS" link add brstaff type bridge

# open_tap BRIDGE [novnet]: a client holding a TAP; sets TAPNAME, LINE
open_tap() {
	local fifo=$BRH_T/hold.$$ out=$BRH_T/client.$$
	rm -f "$fifo" "$out"; mkfifo "$fifo"
	as_nobody "$TAPCLIENT" open "$HELPER" "$@" < "$fifo" > "$out" 2>&1 &
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
check tap_has_vnet_header_and_no_pi [ "${LINE#* }" = "vnet=1 tap=1 nopi=1" ]
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
check without_use_vnet_no_vnet_header [ "${LINE#* }" = "vnet=0 tap=1 nopi=1" ]
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
expect brhelper_run_reports_helper_refusal 125 "denied by" \
	as_nobody "$BRH_RUN" --br=br1 --helper="$HELPER" -- true

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
check no_tap_left_after_refusals [ -z "$(taps_left)" ]

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
if [ "$MODE" = setuid ]; then
	check sandbox_bounding_set_empty grep -qx "CapBnd:	0000000000000000" <<<"$S"
fi
# The VMM hangs up while the helper, sandboxed, is blocked sending: the
# failure is reported under the filter (write to fd 2) and nothing is left.
expect hand_off_to_a_gone_vmm_exit_4 4 "brhelper: sending the TAP fd on --fd=3: " \
	as_nobody "$TAPCLIENT" hangup "$HELPER" br0
# As root (to read /proc/PID/fd of a non-dumpable process): 0-2, socket, TAP.
S=$(in_ns "$TAPCLIENT" sandbox "$HELPER" br0 2>&1)
check sandbox_only_five_fds_at_send grep -qx "Fds:	5" <<<"$S"
check no_tap_left_at_end [ -z "$(taps_left)" ]

summary "integration ($MODE)"
