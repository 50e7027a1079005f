#!/bin/bash
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# SPDX-License-Identifier: GPL-2.0-or-later
# Hostile review (issue 17, part 3): one test per finding, against both
# installs, each written from SPEC.md and the issue, each failing on 54be39b.
#
#  1. A caller in a user namespace it made (unshare -r as root and as uid
#     65534, unshare --map-user=1001, and a private root of its own: tmpfs,
#     its own ACL at the compiled-in path, /etc/passwd, its own bridge in its
#     own network namespace, where 54be39b wrote "uid=0 user=root ...
#     result=allowed"): refused with exit 4 and a line naming the initial
#     user namespace, before anything is read (the private root's files keep
#     their atime) or written (no line reaches our /dev/log, no TAP).
#  2. /dev/log's queue filled by another user (a socket nobody reads): a run
#     still ends at once (exit 0 with its TAP, or 1 for a refusal); the line
#     is lost.
#  5. The hand-off's sendmsg fails: exit 4, one line naming the send, never a
#     signal, no TAP; EINTR there is retried or refused, never a signal; and
#     every call the failure path makes under the filter is failed in turn.
#     strace skips an injected call by setting its number to -1, which the
#     seccomp filter sees: the filter must let a tracer's skip through
#     (libseccomp's SCMP_FLTATR_API_TSKIP; no call has number -1).  The same
#     failure made by the kernel itself, with no tracer (ETOOMANYREFS: the
#     caller's uid has more descriptors in flight than its RLIMIT_NOFILE),
#     is tested too.
# (Finding 6 is documentation only.)
#
# Needs (from tests/run.sh): BRH_T, BRH_ETC, HELPER (setuid install),
# HELPER_CAPS (file-capability install), TAPCLIENT, LOGLISTEN; strace, cc.
set -u
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
: "${HELPER:?}" "${HELPER_CAPS:?}" "${TAPCLIENT:?}" "${LOGLISTEN:?}" "${BRH_T:?}" "${BRH_ETC:?}"

make_netns "brh-review-$$" || { echo "cannot make a network namespace"; exit 1; }
W=$BRH_T/review
trap 'cleanup_netns; rm -rf "$W" "$BRH_ETC/bridge.conf"' EXIT
rm -rf "$W"; mkdir -m 0755 "$W"
# Written by the roots of the user namespaces uid 65534 makes.
install -d -o 65534 -g 65534 -m 0755 "$W/out"
ip -n "$NS" link add br0 type bridge && ip -n "$NS" link set br0 up
ip -n "$NS" link add br1 type bridge && ip -n "$NS" link set br1 up
write_acl "allow br0
deny br1"
helper_of() { if [ "$1" = setuid ]; then echo "$HELPER"; else echo "$HELPER_CAPS"; fi; }
export W NS BRH_ETC TAPCLIENT HELPER HELPER_CAPS

# ---- our tools ---------------------------------------------------------------
cat > "$W/revtool.c" <<'C'
/*
 * revtool deaf PATH	bind a datagram socket at PATH (0666) that nobody
 *			ever reads; say "ready"; wait for SIGTERM
 * revtool fill PATH	queue datagrams at PATH until the kernel says the
 *			queue is full; print "filled=N EAGAIN"
 * revtool inflight N	send N descriptors over a socket pair and never
 *			receive them; print "inflight=N"; hold until stdin
 *			closes
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static int dgram_at(const char *path, struct sockaddr_un *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa->sun_path))
		return -1;
	strcpy(sa->sun_path, path);
	return socket(AF_UNIX, SOCK_DGRAM, 0);
}

static int deaf(const char *path)
{
	struct sockaddr_un sa;
	int s = dgram_at(path, &sa);

	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    chmod(path, 0666) < 0) {
		perror("revtool deaf");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}

static int fill(const char *path)
{
	struct sockaddr_un sa;
	int s = dgram_at(path, &sa), n = 0;

	if (s < 0)
		return 1;
	while (n < 100000 && sendto(s, "<13>revtool: filler", 19, MSG_DONTWAIT,
				    (struct sockaddr *)&sa, sizeof(sa)) == 19)
		n++;
	printf("filled=%d %s\n", n, errno == EAGAIN ? "EAGAIN" : strerror(errno));
	return errno == EAGAIN ? 0 : 1;
}

static int inflight(int want)
{
	int sv[2], fds[250], i, sent = 0, fd = open("/dev/null", O_RDONLY);
	char buf[64];

	if (fd < 0 || socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0)
		return 1;
	for (i = 0; i < 250; i++)
		fds[i] = fd;
	while (sent < want) {
		int k = want - sent > 250 ? 250 : want - sent;
		char cbuf[CMSG_SPACE(sizeof(fds))], b = 0;
		struct iovec io = { &b, 1 };
		struct msghdr m = { .msg_iov = &io, .msg_iovlen = 1,
				    .msg_control = cbuf,
				    .msg_controllen = CMSG_SPACE(k * sizeof(int)) };
		struct cmsghdr *c = CMSG_FIRSTHDR(&m);

		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(k * sizeof(int));
		memcpy(CMSG_DATA(c), fds, k * sizeof(int));
		if (sendmsg(sv[0], &m, 0) < 0) {
			perror("revtool inflight");
			return 1;
		}
		sent += k;
	}
	printf("inflight=%d\n", sent);
	fflush(stdout);
	while (read(0, buf, sizeof(buf)) > 0)
		;
	return 0;
}

int main(int argc, char *argv[])
{
	if (argc == 3 && strcmp(argv[1], "deaf") == 0)
		return deaf(argv[2]);
	if (argc == 3 && strcmp(argv[1], "fill") == 0)
		return fill(argv[2]);
	if (argc == 3 && strcmp(argv[1], "inflight") == 0)
		return inflight(atoi(argv[2]));
	fprintf(stderr, "usage: revtool deaf|fill PATH | inflight N\n");
	return 2;
}
C
if ! ${CC:-cc} -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -o "$W/revtool" "$W/revtool.c"; then
	bad revtool_builds "cannot build the suite's own tool"
	summary review; exit
fi
REVTOOL=$W/revtool
export REVTOOL
# A TAP node of our own at 0666 for the private root (a host's node may be
# 0600, which a user namespace's root cannot open); the host's is not touched.
mknod -m 0666 "$W/tun0666" c 10 200

# ---- 1. user namespaces --------------------------------------------------------
printf '        user.max_user_namespaces=%s kernel.unprivileged_userns_clone=%s\n' \
	"$(sysctl -n user.max_user_namespaces 2>/dev/null || echo absent)" \
	"$(sysctl -n kernel.unprivileged_userns_clone 2>/dev/null || echo absent)"
if $NOBODY unshare -r true 2>/dev/null; then
	UNPRIV_USERNS=1
	ok unprivileged_user_namespaces_enabled_here
elif [ "${CI:-}" = true ]; then
	UNPRIV_USERNS=0
	bad unprivileged_user_namespaces_enabled_here "uid 65534 cannot unshare -r"
else
	UNPRIV_USERNS=0
	echo "skipped uid 65534's user namespace cases: it cannot unshare -r here"
fi
export UNPRIV_USERNS

# private-root.sh W BRH_ETC HELPER NAME ARGS...: run by uid 65534 as
# "unshare -r -m -n private-root.sh ...", so as the root of its own user
# namespace, with its own mount and network namespaces.  It builds a root
# on tmpfs where everything is its own (so owned by "root"): the ACL at
# the compiled-in path allowing brx, /etc/passwd and /etc/group, /dev/log
# (the test's listener), a TAP node, the helper bound in; a bridge brx;
# then runs the helper chrooted there.  It writes out the TAPs of its
# network namespace and the atimes of the three files (set to 2001 first;
# strictatime: any read moves them) once the helper is done.
cat > "$W/private-root.sh" <<'EOS'
set -u
W=$1 BRH_ETC=$2 helper=$3 name=$4; shift 4
R=$W/root.$name O=$W/out
mount --make-rprivate / && mount -t tmpfs -o mode=0755,strictatime brh-review "$R" || exit 120
mkdir -p "$R$BRH_ETC" "$R/etc" "$R/dev/net" || exit 121
printf 'allow brx\n' > "$R$BRH_ETC/bridge.conf"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$R/etc/passwd"
printf 'root:x:0:\n' > "$R/etc/group"
FILES="$R$BRH_ETC/bridge.conf $R/etc/passwd $R/etc/group"
chmod 0644 $FILES
for f in null log net/tun; do : > "$R/dev/$f"; done
: > "$R/brhelper"
mount --bind /dev/null "$R/dev/null" && mount --bind /dev/log "$R/dev/log" &&
	mount --bind "$W/tun0666" "$R/dev/net/tun" &&
	mount --bind "$helper" "$R/brhelper" || exit 122
touch -a -d @978307200 $FILES || exit 123
ip link set lo up && ip link add brx type bridge && ip link set brx up || exit 124
chroot "$R" /brhelper "$@"; rc=$?
ip -o link show type tun > "$O/taps.$name"
stat -c %X $FILES | tr '\n' ' ' > "$O/atime.$name"
: > "$O/done.$name"
exit $rc
EOS

# userns.sh: every attempt, in with-syslog.sh's mount namespace (our
# listener at /dev/log).  Each records "NAME STATUS LINES" (lines the
# listener got during it) in out/cases, those lines in out/lines.NAME, the
# client's output in out/client.NAME and the TAPs seen once the helper was
# done in out/taps.NAME.
cat > "$W/userns.sh" <<'EOS'
set -u
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
lines() { wc -l < "$W/log"; }
# attempt NAME COMMAND...: run the client; hold its stdin (so a TAP it got
# stays) until the helper is done, then list the TAPs and let it go.
attempt() {
	local name=$1 before c rc H; shift
	rm -f "$W/hold"; mkfifo "$W/hold"
	before=$(lines)
	"$@" < "$W/hold" > "$W/out/client.$name" 2>&1 &
	c=$!
	exec {H}> "$W/hold"
	for _ in $(seq 300); do
		if [ -n "${DONE:-}" ]; then [ -e "$W/out/done.$name" ] && break
		else grep -q '^ifname=' "$W/out/client.$name" && break; fi
		kill -0 "$c" 2>/dev/null || break
		sleep 0.05
	done
	[ -n "${DONE:-}" ] || ip -n "$NS" -o link show type tun > "$W/out/taps.$name"
	exec {H}>&-
	wait "$c"; rc=$?
	rm -f "$W/hold"
	sleep 0.1
	tail -n +$((before + 1)) "$W/log" > "$W/out/lines.$name"
	echo "$name $rc $(( $(lines) - before ))" >> "$W/out/cases"
}
# The control: a run in the initial user namespace writes its line here.
attempt control ip netns exec "$NS" $NOBODY "$TAPCLIENT" open "$HELPER" br0
for inst in setuid caps; do
	if [ $inst = setuid ]; then h=$HELPER; else h=$HELPER_CAPS; fi
	attempt root_map_$inst ip netns exec "$NS" unshare -r "$TAPCLIENT" open "$h" br0
	[ "$UNPRIV_USERNS" = 1 ] || continue
	attempt map_user_$inst ip netns exec "$NS" $NOBODY \
		unshare --map-user=1001 --map-group=1001 "$TAPCLIENT" open "$h" br0
	attempt unprivileged_root_map_$inst ip netns exec "$NS" $NOBODY \
		unshare -r "$TAPCLIENT" open "$h" br0
	mkdir -m 0755 "$W/root.private_root_$inst"
	DONE=1 attempt private_root_$inst ip netns exec "$NS" $NOBODY "$TAPCLIENT" open \
		"exec unshare -r -m -n bash $W/private-root.sh $W $BRH_ETC $h private_root_$inst" brx
done
EOS
: > "$W/out/cases"
mkdir -m 0700 "$W/sl"
bash "$top/tests/with-syslog.sh" "$LOGLISTEN" "$W/sl" "$W/log" -- bash "$W/userns.sh"

case_of() { awk -v k="$1" '$1 == k { print $2, $3 }' "$W/out/cases"; }
read -r rc n <<<"$(case_of control)"
if [ "${rc:-}" = 0 ] && [ "${n:-}" = 1 ]; then ok audit_control_run_in_initial_userns_writes_one_line
else bad audit_control_run_in_initial_userns_writes_one_line \
	"want status 0 and 1 line; got status ${rc:-none}, ${n:-no} lines" "$(cat "$W/out/client.control")"; fi

# refused_in_userns NAME LABEL: exit 4 and one line naming the initial user
# namespace; no line at our /dev/log; no TAP (none in the namespace once
# the helper was done, none received).
refused_in_userns() {
	local name=$1 label=$2 rc n out
	read -r rc n <<<"$(case_of "$name")"
	out=$(cat "$W/out/client.$name" 2>/dev/null)
	if [ "${rc:-}" = 4 ] && [ "$(grep -c 'brhelper: ' <<<"$out")" = 1 ] &&
	   grep -qi 'brhelper: .*initial user namespace' <<<"$out"; then
		ok "${label}_refused_exit_4"
	else
		bad "${label}_refused_exit_4" \
			"want status 4 and one 'brhelper: ... initial user namespace' line" \
			"got status ${rc:-none}: $out"
	fi
	if [ "${n:-}" = 0 ]; then ok "${label}_writes_no_audit_line"
	else bad "${label}_writes_no_audit_line" "${n:-?} line(s) reached /dev/log during it:" \
		"$(sed 's/^.*brhelper\[[0-9]*\]: //' "$W/out/lines.$name" 2>/dev/null)"; fi
	if [ -e "$W/out/taps.$name" ] && ! grep -q . "$W/out/taps.$name" &&
	   ! grep -q '^ifname=' <<<"$out"; then
		ok "${label}_makes_no_tap"
	else
		bad "${label}_makes_no_tap" "client: $out" \
			"TAPs: $(cat "$W/out/taps.$name" 2>/dev/null || echo '(not listed)')"
	fi
}
for inst in setuid caps; do
	refused_in_userns root_map_$inst userns_root_map_$inst
	[ "$UNPRIV_USERNS" = 1 ] || continue
	refused_in_userns map_user_$inst userns_map_user_1001_$inst
	refused_in_userns unprivileged_root_map_$inst userns_unprivileged_root_map_$inst
	refused_in_userns private_root_$inst userns_private_root_$inst
	A=$(cat "$W/out/atime.private_root_$inst" 2>/dev/null)
	if [ "$A" = "978307200 978307200 978307200 " ]; then
		ok "userns_private_root_${inst}_reads_no_file"
	else
		bad "userns_private_root_${inst}_reads_no_file" \
			"atimes of its ACL, passwd, group moved (or not seen): '$A'"
	fi
done
check userns_attempts_reach_dev_log_with_no_line [ "$(grep -c . "$W/log")" = 1 ]

# ---- 2. a full syslog queue ------------------------------------------------------
# In with-syslog.sh's mount namespace, a socket nobody reads is bound over
# /dev/log and filled by uid 1234; then runs as uid 65534, each bounded by
# timeout 5.  The listener is ended (which wakes a helper blocked on it)
# only after every run.
cat > "$W/fullq.sh" <<'EOS'
set -u
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
OTHER="setpriv --reuid=1234 --regid=1234 --clear-groups"
rm -f "$W/deaf.sock"
"$REVTOOL" deaf "$W/deaf.sock" > "$W/out/deaf" 2>&1 & D=$!
for _ in $(seq 200); do grep -q ready "$W/out/deaf" && break; sleep 0.02; done
mount --bind "$W/deaf.sock" /dev/log || { kill "$D"; exit 125; }
$OTHER "$REVTOOL" fill /dev/log > "$W/out/fill.before" 2>&1
run() {
	local name=$1 br=$2 h=$3 t0=${EPOCHREALTIME//[.,]/} rc
	echo | timeout 5 ip netns exec "$NS" $NOBODY "$TAPCLIENT" open "$h" "$br" \
		> "$W/out/fq.$name" 2>&1; rc=$?
	echo "$name $rc $(( (${EPOCHREALTIME//[.,]/} - t0) / 1000 ))" >> "$W/out/fq"
}
run setuid br0 "$HELPER"
run caps br0 "$HELPER_CAPS"
run setuid_denied br1 "$HELPER"
$OTHER "$REVTOOL" fill /dev/log > "$W/out/fill.after" 2>&1
kill "$D"; wait "$D" 2>/dev/null
exit 0
EOS
: > "$W/out/fq"
mkdir -m 0700 "$W/sl.fq"
bash "$top/tests/with-syslog.sh" "$LOGLISTEN" "$W/sl.fq" "$W/log.fq" -- bash "$W/fullq.sh"
QLEN=$(sysctl -n net.unix.max_dgram_qlen)
F=$(cat "$W/out/fill.before" 2>/dev/null)
N=$(sed -n 's/^filled=\([0-9]*\) EAGAIN$/\1/p' <<<"$F")
if [ -n "$N" ] && [ "$N" -ge "$QLEN" ]; then ok full_syslog_queue_filled_by_another_user
else bad full_syslog_queue_filled_by_another_user "want filled=N>=$QLEN EAGAIN; got: $F"; fi
fq_case() { awk -v k="$1" '$1 == k { print $2, $3 }' "$W/out/fq"; }
for inst in setuid caps; do
	read -r rc ms <<<"$(fq_case $inst)"
	out=$(cat "$W/out/fq.$inst" 2>/dev/null)
	if [ "${rc:-}" = 0 ] && grep -q '^ifname=tap[0-9]* vnet=1' <<<"$out"; then
		ok "full_syslog_queue_${inst}_run_completes_exit_0 (${ms} ms)"
	else
		bad "full_syslog_queue_${inst}_run_completes_exit_0" \
			"want status 0 and a TAP within 5 s; got status ${rc:-none} after ${ms:-?} ms (124: timed out): $out"
	fi
done
read -r rc ms <<<"$(fq_case setuid_denied)"
out=$(cat "$W/out/fq.setuid_denied" 2>/dev/null)
if [ "${rc:-}" = 1 ] && grep -q 'brhelper: bridge br1: denied' <<<"$out"; then
	ok "full_syslog_queue_refusal_completes_exit_1 (${ms} ms)"
else
	bad full_syslog_queue_refusal_completes_exit_1 \
		"want status 1 within 5 s; got status ${rc:-none} after ${ms:-?} ms (124: timed out): $out"
fi
check full_syslog_queue_still_full_after_the_runs \
	grep -qx "filled=0 EAGAIN" "$W/out/fill.after"
# A helper that blocked (and was woken when the listener went) has gone by now.
for _ in $(seq 40); do [ -z "$(taps_left)" ] && break; sleep 0.05; done
check full_syslog_queue_leaves_no_tap [ -z "$(taps_left)" ]

# ---- 5. the hand-off fails -----------------------------------------------------------
write_acl "allow br0"
if ! command -v strace >/dev/null; then
	if [ "${CI:-}" = true ]; then bad handoff_fault_injection "strace is not installed"
	else echo "skipped the hand-off's fault injection: strace is not installed"; fi
fi
# traced INST LOG INJECT...: the helper as uid 65534 under strace (which keeps
# its set-user-ID or file-capability privilege), through tapclient; sets
# OUT and rc.
traced() {
	local h; h=$(helper_of "$1"); local log=$2; shift 2
	OUT=$(in_ns "$TAPCLIENT" open "strace -f -qq -o $log -u nobody $* $h" br0 \
		< /dev/null 2>&1); rc=$?
}
# calls_after_filter LOG: "NAME INDEX" for each call made once the filter
# was loaded (the call that loads it returns 0; libseccomp's probes do not),
# INDEX counting that call from the start as strace's when= does; the
# hand-off and exit left out.
calls_after_filter() {
	sed -E 's/^[0-9]+ +//' "$1" | awk '
		/^(\+\+\+|---|<\.\.\.)/ { next }
		{ name = $0; sub(/\(.*/, "", name); seen[name]++ }
		after && name !~ /^(sendmsg|exit|exit_group)$/ { print name, seen[name] }
		/^(seccomp\(SECCOMP_SET_MODE_FILTER|prctl\(PR_SET_SECCOMP).* = 0$/ { after = 1 }'
}
# send_refused NAME: exit 4 (not 159, SIGSYS), one brhelper: line that
# names the send, no TAP received and none left.
send_refused() {
	if [ "$rc" = 4 ] && [ "$(grep -c 'brhelper: ' <<<"$OUT")" = 1 ] &&
	   grep -qi 'brhelper: .*send' <<<"$OUT" && ! grep -q '^ifname=' <<<"$OUT"; then
		ok "${1}_exit_4"
	else
		bad "${1}_exit_4" "want status 4 and one 'brhelper: ...send...' line" \
			"got status $rc: $OUT" "${2:-}"
	fi
	check "${1}_leaves_no_tap" [ -z "$(taps_left)" ]
}
# served_or_refused NAME [QUIET]: exit 0 with a TAP, or 1-4 with one
# brhelper: line (none asked when QUIET: what failed was the write of that
# line); never a signal, never a TAP left.
served_or_refused() {
	local name=$1 quiet=${2:-}
	if [ "$rc" = 0 ] && grep -q '^ifname=tap' <<<"$OUT"; then :
	elif [ "$rc" -ge 1 ] && [ "$rc" -le 4 ] &&
	     { [ -n "$quiet" ] || [ "$(grep -c 'brhelper: ' <<<"$OUT")" = 1 ]; }; then :
	else bad "$name" "status $rc: $OUT"; return 1; fi
	[ -z "$(taps_left)" ] || { bad "$name" "TAP left: $(taps_left)"; return 1; }
}
for inst in setuid caps; do
	command -v strace >/dev/null || break
	traced $inst "$W/st.ok.$inst"
	last=$(grep -E '^[0-9]+ +sendmsg\(' "$W/st.ok.$inst" | tail -n 1)
	n=$(grep -cE '^[0-9]+ +sendmsg\(' "$W/st.ok.$inst")
	if [ "$rc" = 0 ] && grep -q 'SCM_RIGHTS' <<<"$last"; then
		ok "handoff_is_the_last_sendmsg_${inst} (sendmsg $n)"
	else
		bad "handoff_is_the_last_sendmsg_${inst}" "status $rc: $OUT" "last sendmsg: $last"
		continue
	fi

	traced $inst "$W/st.fail.$inst" -e inject=sendmsg:error=ENOBUFS:when=$n
	send_refused "handoff_send_enobufs_${inst}" "$(tail -n 2 "$W/st.fail.$inst" | cut -c1-120)"

	# EINTR: nothing was sent; retried (exit 0, the TAP) or refused cleanly.
	traced $inst "$W/st.eintr.$inst" -e inject=sendmsg:error=EINTR:when=$n
	served_or_refused "handoff_send_eintr_${inst}_served_or_refused" &&
		ok "handoff_send_eintr_${inst}_served_or_refused (status $rc)"

	# Every call the failed hand-off then makes under the filter fails in
	# turn, and so does every call after the filter on the way to success.
	swept=0 held=0
	while read -r sc k; do
		swept=$((swept + 1))
		traced $inst "$W/st.sweep" -e inject=sendmsg:error=ENOBUFS:when=$n \
			-e inject="$sc":error=EIO:when="$k"
		quiet=
		case $sc in write|writev) quiet=1 ;; esac
		served_or_refused "after_filter_${sc}_${k}_fails_after_failed_handoff_${inst}" $quiet &&
			held=$((held + 1))
	done < <(calls_after_filter "$W/st.fail.$inst")
	if [ "$swept" -gt 0 ]; then
		ok "after_filter_failure_path_calls_failed_in_turn_${inst} ($held of $swept held)"
	else
		bad "after_filter_failure_path_calls_failed_in_turn_${inst}" \
			"the failed hand-off made no call under the filter (it must at least say why)"
	fi
	while read -r sc k; do
		traced $inst "$W/st.sweep" -e inject="$sc":error=EIO:when="$k"
		served_or_refused "after_filter_${sc}_${k}_fails_on_the_way_to_success_${inst}" &&
			ok "after_filter_${sc}_${k}_fails_on_the_way_to_success_${inst} (status $rc)"
	done < <(calls_after_filter "$W/st.ok.$inst")
done

# The bounding set: a drop the kernel refuses with EINVAL for a capability
# it knows (CAP_SYS_MODULE, 16) must not pass for "no more capabilities".
for inst in setuid caps; do
	command -v strace >/dev/null || break
	k=$(sed -E 's/^[0-9]+ +//' "$W/st.ok.$inst" | grep -E '^prctl\(' |
		grep -n 'PR_CAPBSET_DROP, CAP_SYS_MODULE)' | cut -d: -f1)
	[ -n "$k" ] || { bad "bounding_drop_einval_refused_${inst}" "no drop of CAP_SYS_MODULE traced"; continue; }
	traced $inst "$W/st.bnd.$inst" -e inject=prctl:error=EINVAL:when="$k"
	if [ "$rc" = 4 ] && grep -q 'brhelper: emptying the bounding set: Invalid argument' <<<"$OUT" &&
	   ! grep -q '^ifname=' <<<"$OUT"; then
		ok "bounding_drop_einval_refused_${inst}_exit_4"
	else
		bad "bounding_drop_einval_refused_${inst}_exit_4" "status $rc: $OUT"
	fi
	check "bounding_drop_einval_leaves_no_tap_${inst}" [ -z "$(taps_left)" ]
done

# The same failure from the kernel, no tracer: uid 65534 holds 300
# descriptors in flight and the helper runs with RLIMIT_NOFILE 64, so the
# kernel refuses its SCM_RIGHTS message (ETOOMANYREFS).
rm -f "$W/inflight.in"; mkfifo "$W/inflight.in"
$NOBODY "$REVTOOL" inflight 300 < "$W/inflight.in" > "$W/out/inflight" 2>&1 & INF=$!
exec {INFIN}> "$W/inflight.in"
for _ in $(seq 100); do grep -q . "$W/out/inflight" && break; sleep 0.02; done
if grep -qx "inflight=300" "$W/out/inflight"; then
	for inst in setuid caps; do
		OUT=$(as_nobody "$TAPCLIENT" open "exec $TAPCLIENT wrap nofile=64 -- $(helper_of $inst)" br0 \
			< /dev/null 2>&1); rc=$?
		send_refused "handoff_refused_by_the_kernel_${inst}"
	done
else
	bad handoff_refused_by_the_kernel "could not put descriptors in flight: $(cat "$W/out/inflight")"
fi
exec {INFIN}>&-; wait "$INF"

check no_tap_left_at_end [ -z "$(taps_left)" ]
summary review
