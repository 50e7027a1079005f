#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# Integration: service mode (brhelper(8), SERVICE), with no privileged
# binary on the client's side.  brhelperd runs under systemd-socket-activate
# --accept --seqpacket in a throwaway network namespace, as its unit runs
# it; the helper of the same install is 0755 with no file capabilities, so
# QEMU's and libvirt's way of calling it goes through brhelper-forward.
# Everything runs in a private mount namespace whose /dev/log is ours
# (tests/with-syslog.sh), so the audit lines of the service and of the
# setuid helper can be compared.  Checks: the same decisions and lines as
# the setuid helper; the caller is the kernel's word (uid, groups); every
# malformed request gets a usage answer and nothing else; a silent client
# is cut off; brhelperd refuses to run but as root on a connection; the
# units pass systemd-analyze verify and rate OK or better; no TAP is left.
#
# Needs (from tests/run.sh): BRH_T, BRH_ETC, HELPER (the setuid install),
# SVC (the service install's prefix), SVC_SOCK, TAPCLIENT, SVCCLIENT,
# LOGLISTEN.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
W=$BRH_T/service
if [ "${1:-}" != inner ]; then
	mkdir -p "$W" && chmod 0755 "$W"
	exec bash "$top/tests/with-syslog.sh" "$LOGLISTEN" "$W" "$W/log" -- \
		bash "$0" inner
fi
. "$top/tests/lib.sh"
LOG=$W/log
FWD=$SVC/libexec/brhelper
DAEMON=$SVC/libexec/brhelperd
SAPIDS=()
stop_services() {
	local p
	for p in "${SAPIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	SAPIDS=()
	return 0
}
make_netns "brh-svc-$$" || { echo "cannot make a network namespace"; exit 1; }
trap 'stop_services; cleanup_netns; rm -rf "$BRH_ETC/bridge.conf" "$SVC_SOCK" "$W/nr" "$W/nn"' EXIT
for br in br0 br1 br9; do
	ip -n "$NS" link add "$br" type bridge && ip -n "$NS" link set "$br" up
done
write_acl "allow br0
allow br1 gid=4321"
USER4242="setpriv --reuid=4242 --regid=4242 --clear-groups"
STAFF4242="setpriv --reuid=4242 --regid=4242 --groups=4321"

# serve SOCKET [PREFIX...]: brhelperd on SOCKET in the namespace, run by
# PREFIX (nothing: root, as the unit runs it).
serve() {
	local sock=$1; shift
	rm -f "$sock"
	ip netns exec "$NS" "$@" systemd-socket-activate --accept --seqpacket \
		-l "$sock" "$DAEMON" >> "$W/activate.log" 2>&1 &
	SAPIDS+=($!)
	for _ in $(seq 100); do
		[ -S "$sock" ] && chmod 0666 "$sock" && return 0 # SocketMode=0666
		sleep 0.05
	done
	echo "the service did not start: $(cat "$W/activate.log")"; return 1
}

# ---- without the service: the unprivileged helper says what to do --------
check helper_is_unprivileged [ "$(stat -c %a "$FWD")" = 755 ] 
check helper_has_no_file_capabilities [ -z "$(getcap "$FWD")" ]
expect no_service_says_how_to_install_exit_4 4 "no service at $SVC_SOCK: install brhelper setuid root" \
	as_nobody "$TAPCLIENT" open "$FWD" br0

serve "$SVC_SOCK" || exit 1

# ---- through the forwarder, as QEMU and libvirt call a helper -------------
expect forwarded_allowed_exit_0 0 "ifname=tap" as_nobody "$TAPCLIENT" open "$FWD" br0
expect forwarded_novnet_allowed_exit_0 0 "vnet=0" as_nobody "$TAPCLIENT" open "$FWD" br0 novnet
expect forwarded_denied_exit_1 1 "brhelper: bridge br9: denied: no rule in $BRH_ETC/bridge.conf allows it" \
	as_nobody "$TAPCLIENT" open "$FWD" br9
# QEMU's helper string with spaces: run through sh -c, its --br= wins.
expect forwarded_shell_helper_string_exit_0 0 "ifname=tap" \
	as_nobody "$TAPCLIENT" open "$FWD --br=br0" br9000

# ---- libvirt-less callers: brhelper-run and libbrhelper, no exec at all -----
RUN=$SVC/bin/brhelper-run
OUT=$(as_nobody "$RUN" --br=br0 -- sh -c 'echo "$BRHELPER_IFNAME"; readlink /proc/self/fd/3' 2>&1)
check brhelper_run_default_uses_the_service_socket grep -qx '/dev/net/tun' <<<"$OUT"
OUT=$(as_nobody "$RUN" --br=br9 -- true 2>&1); rc=$?
if [ "$rc" = 125 ] && grep -q 'brhelper: bridge br9: denied: .*\[exit status 1, refused by the ACL; through the service\]' <<<"$OUT"; then
	ok brhelper_run_refusal_says_through_the_service
else
	bad brhelper_run_refusal_says_through_the_service "status $rc: $OUT"
fi
OUT=$(as_nobody "$RUN" --br=br0 --helper="$FWD" -- sh -c 'readlink /proc/self/fd/3' 2>&1)
check brhelper_run_helper_chosen_runs_the_helper grep -qx '/dev/net/tun' <<<"$OUT"
OUT=$(as_nobody "$RUN" --br=br0 --service="$W/none.sock" -- true 2>&1)
check brhelper_run_service_chosen_says_where grep -q "the service at $W/none.sock: No such file or directory" <<<"$OUT"

# ---- who asks: the kernel's word, never the request's -----------------------
raw() { ip netns exec "$NS" "$@"; }
OUT=$(raw $USER4242 "$SVCCLIENT" "$SVC_SOCK" good br0)
check tap_owned_by_the_connected_uid_4242 grep -q '^status=0 fds=1 owner=4242 ifname=tap' <<<"$OUT"
PID=$(sed -n 's/^alias=.* pid=\([0-9]*\)$/\1/p' <<<"$OUT")
check tap_alias_names_the_connected_process grep -q "^alias=brhelper uid=4242 pid=$PID pid=$PID\$" <<<"$OUT"
OUT=$(raw $NOBODY "$SVCCLIENT" "$SVC_SOCK" good br0)
check tap_owned_by_the_connected_uid_65534 grep -q '^status=0 fds=1 owner=65534 ifname=tap' <<<"$OUT"
OUT=$(raw $STAFF4242 "$SVCCLIENT" "$SVC_SOCK" good br1)
check supplementary_group_from_the_kernel_allowed grep -q '^status=0 fds=1 owner=4242' <<<"$OUT"
OUT=$(raw $USER4242 "$SVCCLIENT" "$SVC_SOCK" good br1)
check without_the_group_denied grep -q '^status=1 fds=0 .*text=bridge br1: denied' <<<"$OUT"

# ---- a request of another shape: a usage answer and nothing else ------------
for kind in short long version flags reserved mac name junk fds; do
	OUT=$(raw $NOBODY "$SVCCLIENT" "$SVC_SOCK" "$kind" br0)
	check "request_${kind}_usage_answer_exit_2" grep -q '^status=2 fds=0 owner=- ifname=- text=.' <<<"$OUT"
done
OUT=$(raw $NOBODY "$SVCCLIENT" "$SVC_SOCK" good br0 254)
check request_queues_254_usage_answer grep -q '^status=2 fds=0 .*text=queues=254: from 1 to 253' <<<"$OUT"
OUT=$(raw $NOBODY "$SVCCLIENT" "$SVC_SOCK" silent br0)
check silent_client_cut_off_with_usage_answer grep -q '^status=2 fds=0 .*text=no request within 5 s' <<<"$OUT"

# ---- the same decisions as the setuid helper, the same lines ----------------
# compare NAME CALLER BRIDGE: status and stderr line equal; the audit lines
# equal apart from the pid, via= and tap=.
audit_of() { grep "brhelper\[$1\]" "$LOG" | sed -E 's/^.*brhelper\[[0-9]+\]: //; s/ via=[a-z]+//; s/ tap=[^ ]+//'; }
last_pid() { sed -nE 's/^.*brhelper\[([0-9]+)\]: .*$/\1/p' "$LOG" | tail -n 1; }
compare() {
	local name=$1 who=$2 br=$3 a b ra rb la lb
	a=$(ip netns exec "$NS" $who "$TAPCLIENT" open "$HELPER" "$br" 2>&1 < /dev/null); ra=$?
	sleep 0.1; la=$(audit_of "$(last_pid)")
	b=$(ip netns exec "$NS" $who "$TAPCLIENT" open "$FWD" "$br" 2>&1 < /dev/null); rb=$?
	sleep 0.1; lb=$(audit_of "$(last_pid)")
	a=$(grep -o 'brhelper: .*' <<<"$a"); b=$(grep -o 'brhelper: .*' <<<"$b")
	if [ "$ra" = "$rb" ] && [ "$a" = "$b" ] && [ -n "$la" ] && [ "$la" = "$lb" ]; then
		ok "same_as_setuid_${name} (status $ra)"
	else
		bad "same_as_setuid_${name}" "setuid: $ra $a | $la" "service: $rb $b | $lb"
	fi
}
compare nobody_br0 "$NOBODY" br0
compare nobody_br9 "$NOBODY" br9
compare staff_br1 "$STAFF4242" br1
compare nostaff_br1 "$USER4242" br1
compare nobody_no_such_bridge "$NOBODY" nosuch
check audit_line_says_via_service grep -q 'uid=65534 user=nobody bridge=br0 result=allowed rule=.* via=service tap=tap' "$LOG"
check audit_denial_says_via_service grep -q 'uid=65534 user=nobody bridge=br9 result=denied via=service' "$LOG"

# ---- brhelperd runs only as root, on a connection ---------------------------
mkdir -p -m 0777 "$W/nr"
serve "$W/nr/sock" $NOBODY || exit 1
OUT=$(raw $NOBODY "$SVCCLIENT" "$W/nr/sock" good br0)
check brhelperd_not_root_refused_exit_4 grep -q '^status=4 fds=0 .*text=the service runs as root' <<<"$OUT"
stop_services
mkdir -p -m 0777 "$W/nn"
serve "$W/nn/sock" setpriv --bounding-set=-net_admin || exit 1
OUT=$(raw $NOBODY "$SVCCLIENT" "$W/nn/sock" good br0)
check brhelperd_root_without_net_admin_refused_exit_4 grep -q '^status=4 fds=0 .*text=running as root without CAP_NET_ADMIN' <<<"$OUT"
expect brhelperd_without_connection_exit_4 4 "fd 3 is not a client's connection" \
	in_ns "$DAEMON" 3</dev/null
expect brhelperd_with_arguments_exit_2 2 "brhelperd takes no arguments" in_ns "$DAEMON" --br=br0

# ---- nothing left -----------------------------------------------------------
sleep 0.2
check no_tap_left [ -z "$(taps_left)" ]

# ---- the units ----------------------------------------------------------------
UNITS=$SVC/lib/systemd/system
expect units_verify 0 "" systemd-analyze verify --man=no "$UNITS/brhelper.socket" "$UNITS/brhelper@.service"
RATING=$(systemd-analyze security --offline=true "$UNITS/brhelper@.service" 2>&1 | tail -n 1)
if grep -Eq 'Overall exposure level for .*: [0-9.]+ (OK|SAFE)' <<<"$RATING"; then
	ok "unit_rated_ok_or_better (${RATING#*: })"
else
	bad unit_rated_ok_or_better "$RATING"
fi
# Every system call brhelperd makes, allowed (granted) run and refused,
# is in the unit's SystemCallFilter= (its groups expanded as systemd does).
expand() {
	local t
	for t in "$@"; do
		case $t in
		@*) expand $(systemd-analyze syscall-filter "$t" | sed -n 's/^    \([^#@ ][^ ]*\)$/\1/p; s/^    \(@[^ ]*\)$/\1/p') ;;
		*) echo "$t" ;;
		esac
	done
}
ALLOWED=$(expand $(sed -n 's/^SystemCallFilter=//p' "$UNITS/brhelper@.service") | sort -u)
rm -f "$W/st.sock"
# (-I 1: strace ends on SIGTERM, as stop_services sends it)
ip netns exec "$NS" strace -I 1 -f -qq -o "$W/st.svc" systemd-socket-activate --accept \
	--seqpacket -l "$W/st.sock" "$DAEMON" >> "$W/activate.log" 2>&1 &
STPID=$!
SAPIDS+=("$STPID")
for _ in $(seq 100); do [ -S "$W/st.sock" ] && chmod 0666 "$W/st.sock" && break; sleep 0.05; done
# strace only detaches on SIGTERM: its tracee (by pid) is ended too.
SAPIDS+=($(ps -o pid= --ppid "$STPID"))
raw $USER4242 "$SVCCLIENT" "$W/st.sock" good br0 4 > /dev/null
raw $USER4242 "$SVCCLIENT" "$W/st.sock" good br9 > /dev/null
raw $USER4242 "$SVCCLIENT" "$W/st.sock" short br0 > /dev/null
sleep 0.3
USED=$(awk '
	/execve\(".*brhelperd"/ { mine[$1] = 1; next }
	!($1 in mine) { next }
	{ name = $2; if (name ~ /^</ || name ~ /^\+\+\+/ || name ~ /^---/) next
	  sub(/\(.*/, "", name); print name }' "$W/st.svc" | sort -u)
# (files, not <(...): this /dev has no /dev/fd, tests/with-syslog.sh)
echo "$USED" > "$W/used"; echo "$ALLOWED" > "$W/allowed"
MISSING=$(comm -23 "$W/used" "$W/allowed")
if [ -n "$USED" ] && [ -s "$W/allowed" ] && [ -z "$MISSING" ] &&
   grep -qx sendmsg "$W/used"; then
	ok "unit_system_call_filter_allows_every_call ($(echo "$USED" | wc -l) calls)"
else
	bad unit_system_call_filter_allows_every_call "used: $(echo $USED)" "not allowed: $(echo $MISSING)"
fi
check unit_execstart_is_this_install grep -qx "ExecStart=$DAEMON" "$UNITS/brhelper@.service"
check socket_listens_where_the_forwarder_connects grep -qx "ListenSequentialPacket=$SVC_SOCK" "$UNITS/brhelper.socket"

summary service
