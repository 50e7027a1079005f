#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# Hostile callers: the installed setuid helper against an environment,
# descriptors, limits, signals, ACL files, names and load chosen by an
# attacker.  Each case must end in a clean refusal (one "brhelper:" line and
# brhelper(8)'s status) or a correct result: never a crash, never a TAP left
# behind.  Fault injection (strace) makes each syscall of the privileged path
# fail in turn.  Needs HELPER, TAPCLIENT, BRH_T, BRH_ETC (tests/run.sh).
set -u
. "$(dirname "$0")/../lib.sh"

make_netns "brh-hostile-$$" || exit 1
trap cleanup_netns EXIT
ip -n "$NS" link add br0 type bridge && ip -n "$NS" link set br0 up
ip -n "$NS" link add "brü" type bridge
write_acl "allow br0
allow brü
allow abcdefghijklmno"
W=$BRH_T/hostile; mkdir -p "$W"; chmod 0777 "$W"

# tap_ok NAME OUTPUT: the client got a TAP
tap_ok() { check "$1" grep -q "^ifname=tap[0-9]* vnet=1 tap=1 nopi=1" <<<"$2"; }
# clean NAME STATUS OUTPUT: a refusal, said in one brhelper: line, or a TAP
clean() {
	local name=$1 rc=$2 out=$3
	if [ "$rc" = 0 ] && grep -q "^ifname=tap" <<<"$out"; then ok "$name (served)"
	elif [ "$rc" -ge 1 ] && [ "$rc" -le 4 ] && grep -q "brhelper: " <<<"$out"; then ok "$name (refused: ${out##*brhelper: })"
	else bad "$name" "status $rc: $out"; fi
}
nothing_left() { check "$1" [ -z "$(taps_left)" -a -z "$(ip -n "$NS" -o link show master br0)" ]; }

# ---- environment -----------------------------------------------------------
cat > "$W/evil.c" <<'C'
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
__attribute__((constructor)) static void evil(void)
{
	if (strcmp(program_invocation_short_name, "brhelper") == 0) {
		FILE *f = fopen("/tmp/brhelper-pwned", "w");
		if (f) fclose(f);
	}
}
C
cc -shared -fPIC -o "$W/evil.so" "$W/evil.c"
mkdir -p "$W/gconv" "$W/bin"; printf '#!/bin/sh\ntouch /tmp/brhelper-pwned\n' > "$W/bin/ip"; chmod 755 "$W/bin/ip"
rm -f /tmp/brhelper-pwned
OUT=$(echo | ip netns exec "$NS" $NOBODY env LD_PRELOAD="$W/evil.so" \
	LD_LIBRARY_PATH="$W" MALLOC_CHECK_=3 MALLOC_PERTURB_=85 GCONV_PATH="$W/gconv" \
	LOCPATH="$W" PATH="$W/bin:/bin" IFS=/ NLSPATH="$W/%N" LIBNL_DEBUG=9 \
	NLCB=debug NLDBG=9 "$TAPCLIENT" open "$HELPER" br0 2>&1)
tap_ok hostile_environment_still_serves "$OUT"
check hostile_environment_runs_nothing_of_the_callers [ ! -e /tmp/brhelper-pwned ]
rm -f /tmp/brhelper-pwned

# ---- the libraries' environment ----------------------------------------------
# libnl reads NLDBG and NLCB, and libnl-route NLSYSCONFDIR (it opens the
# classid file there), in constructors that run before main.  With them set
# every outcome must be exactly the one without: status, output, the
# helper's stderr (NLDBG and NLCB=debug print dumps with heap addresses,
# NLCB=bogus a complaint); and no hang (a FIFO named classid blocks
# whoever opens it).
mkdir -p "$W/nlconf"; rm -f "$W/nlconf/classid"; mkfifo -m 0644 "$W/nlconf/classid"
POISONS=("NLDBG=7 NLCB=debug NLSYSCONFDIR=$W/nlconf" "NLDBG=1 NLCB=bogus NLSYSCONFDIR=$W/nlconf")
WRAPPED="exec $TAPCLIENT wrap stderr=$W/env-err -- $HELPER"
write_acl "allow br0
allow nope
deny br1"
# outcome ENV COMMAND...: status, output (TAP names masked), helper's stderr
outcome() {
	local env=$1 out rc; shift
	rm -f "$W/env-err"
	out=$(echo | ip netns exec "$NS" $NOBODY env -u NLDBG -u NLCB -u NLSYSCONFDIR \
		$env timeout 15 "$@" 2>&1); rc=$?
	printf 'status %s\n%s\n' "$rc" "$out"
	[ -e "$W/env-err" ] && printf -- '--- stderr\n%s\n' "$(cat "$W/env-err")"
}
# unchanged NAME WANT_STATUS COMMAND...: each poisoned outcome is the clean one
unchanged() {
	local name=$1 want=$2 clean poisoned env; shift 2
	clean=$(outcome "" "$@" | sed 's/tap[0-9][0-9]*/tapN/g')
	if [[ "$clean" != "status $want"$'\n'* ]]; then
		bad "$name" "clean run: want status $want" "got: $clean"; return
	fi
	for env in "${POISONS[@]}"; do
		poisoned=$(outcome "$env" "$@" | sed 's/tap[0-9][0-9]*/tapN/g')
		if [ "$poisoned" != "$clean" ]; then
			bad "$name" "with $env, unlike without:" \
				"$(diff <(echo "$clean") <(echo "$poisoned") | head -n 12)"
			return
		fi
	done
	ok "$name"
}
unchanged poisoned_libnl_environment_allowed_run_unchanged 0 "$TAPCLIENT" open "$WRAPPED" br0
unchanged poisoned_libnl_environment_acl_refusal_unchanged 1 "$TAPCLIENT" open "$WRAPPED" br1
unchanged poisoned_libnl_environment_missing_bridge_unchanged 4 "$TAPCLIENT" open "$WRAPPED" nope
unchanged poisoned_libnl_environment_usage_error_unchanged 2 "$HELPER" --bogus
nothing_left poisoned_libnl_environment_leaves_no_tap
write_acl "allow br0
allow brü
allow abcdefghijklmno"

# ---- descriptors -----------------------------------------------------------
S=$(in_ns "$TAPCLIENT" sandbox "exec $TAPCLIENT wrap fds=1000 -- $HELPER" br0 2>&1)
check thousand_inherited_fds_all_closed_at_send grep -qx "Fds:	5" <<<"$S"
tap_ok thousand_inherited_fds_still_serves "$(grep ifname <<<"$S")"
OUT=$(echo | as_nobody "$TAPCLIENT" open "exec $TAPCLIENT wrap closestd -- $HELPER" br0 2>&1)
tap_ok stdio_closed_at_exec_still_serves "$OUT"
# An inherited socket whose last close waits (SO_LINGER 5 s, its peer not
# reading): the helper holds it while a capability is permitted, and
# closes it with none left.  The child of the wrapper reads the helper's
# CapPrm 1.5 s on, while the close is still waiting.
rm -f "$W/linger"
OUT=$(echo | as_nobody "$TAPCLIENT" open "exec $TAPCLIENT wrap linger=$W/linger -- $HELPER" br0 2>&1)
tap_ok lingering_inherited_socket_still_serves "$OUT"
check lingering_inherited_socket_holds_the_helper grep -qx "alive=1" "$W/linger"
check lingering_inherited_socket_waited_on_with_no_capability \
	grep -qx "CapPrm:	0000000000000000" "$W/linger"

# ---- limits ----------------------------------------------------------------
for l in nofile=4 nofile=5 nofile=6 as=4000000 as=20000000 data=2000000 core=0 core=999999999; do
	OUT=$(echo | as_nobody "$TAPCLIENT" open "exec $TAPCLIENT wrap $l -- $HELPER" br0 2>&1); rc=$?
	clean "rlimit_$l" "$rc" "$OUT"
done
OUT=$(as_nobody "$TAPCLIENT" open "exec $TAPCLIENT wrap fsize=0 stderr=$W/err -- $HELPER" brnope 2>&1); rc=$?
check rlimit_fsize_0_refusal_is_exit_1_not_a_signal [ "$rc" = 1 ]
nothing_left no_tap_left_after_limits

# ---- signals ---------------------------------------------------------------
OUT=$(as_nobody "$TAPCLIENT" kill 100 "$HELPER" br0 2>&1)
check sigkill_at_random_instants_100_runs grep -q "^killed=" <<<"$OUT"
nothing_left sigkill_leaves_no_tap_and_no_port

# ---- the ACL -----------------------------------------------------------------
{ printf 'allow '; head -c 1048576 /dev/zero | tr '\0' a; echo; } > "$BRH_ETC/bridge.conf"
expect acl_one_mib_line_refused 3 "bridge.conf:1:4097: line is longer than 4096 bytes" \
	as_nobody "$CTL" check --br=br0
printf 'allow br0\nallow b\0r1\n' > "$BRH_ETC/bridge.conf"
expect acl_nul_byte_refused 3 "bridge.conf:2:8: NUL byte in a text file" \
	as_nobody "$CTL" check --br=br0
printf 'allow br0\n' > "$BRH_ETC/leaf.conf"
for i in $(seq 10000); do echo "include $BRH_ETC/leaf.conf"; done > "$BRH_ETC/bridge.conf"
expect acl_ten_thousand_includes_refused 3 "more than 1024 files included" \
	as_nobody "$CTL" check --br=br0
printf 'include %s/bridge.conf\n' "$BRH_ETC" > "$BRH_ETC/bridge.conf"
expect acl_include_loop_refused 3 "include loop" as_nobody "$CTL" check --br=br0
printf 'allow br0\n' > "$BRH_ETC/real.conf"; rm -f "$BRH_ETC/bridge.conf"
ln -s "$BRH_ETC/real.conf" "$BRH_ETC/bridge.conf"
OUT=$(echo | as_nobody "$TAPCLIENT" open "$HELPER" br0 2>&1)
tap_ok acl_symlinked_to_safe_file_serves "$OUT"
ln -sf /etc/passwd "$BRH_ETC/bridge.conf"
expect acl_symlinked_to_foreign_file_refused 3 "bridge.conf:1:1: unknown keyword 'root:x:0:0:" \
	as_nobody "$CTL" check --br=br0
# Replaced while read: two valid versions swapped in by rename(2) as fast as
# possible; every run sees one whole version or the other.
rm -f "$BRH_ETC/bridge.conf"
printf 'allow br0\n' > "$W/a"; printf '# b\nallow all\n' > "$W/b"; chmod 644 "$W/a" "$W/b"
cp "$W/a" "$BRH_ETC/bridge.conf"
( while :; do cp "$W/a" "$BRH_ETC/.n1"; mv "$BRH_ETC/.n1" "$BRH_ETC/bridge.conf"
	cp "$W/b" "$BRH_ETC/.n2"; mv "$BRH_ETC/.n2" "$BRH_ETC/bridge.conf"; done ) &
SWAPPER=$!
mixed=0
for i in $(seq 200); do
	out=$(as_nobody "$CTL" check --br=br0 2>&1)
	case $out in "br0: allowed by $BRH_ETC/bridge.conf:1: allow br0"$'\n'"options: queues=8"|\
		"br0: allowed by $BRH_ETC/bridge.conf:2: allow all"$'\n'"options: queues=8") ;;
	*) mixed=$((mixed + 1)); echo "        saw: $out" ;; esac
done
kill "$SWAPPER"; wait "$SWAPPER" 2>/dev/null
check acl_replaced_while_read_seen_whole [ "$mixed" = 0 ]
rm -f "$BRH_ETC"/.n1 "$BRH_ETC"/.n2
write_acl "allow br0
allow brü
allow abcdefghijklmno"

# ---- names -------------------------------------------------------------------
for n in "a/b" ".." "." "br 0" "" "abcdefghijklmnop" $'br\t0' $'br\n0' "br:0"; do
	expect "bridge_name_$(printf %q "$n")_refused" 2 "brhelper: --br=" \
		as_nobody "$HELPER" --fd=3 --br="$n"
done
expect fifteen_byte_name_not_a_bridge_here 4 "bridge abcdefghijklmno: no such interface" \
	as_nobody "$TAPCLIENT" open "$HELPER" abcdefghijklmno
OUT=$(echo | as_nobody "$TAPCLIENT" open "$HELPER" "brü" 2>&1)
tap_ok non_ascii_bridge_name_served "$OUT"

# ---- load ------------------------------------------------------------------
OUT=$(as_nobody "$TAPCLIENT" load 1000 64 "$HELPER" br0 2>&1)
check load_1000_sequential_64_concurrent_no_failure grep -q "failures=0 " <<<"$OUT"
check load_64_concurrent_taps_distinct grep -q " distinct=64 " <<<"$OUT"
check load_callers_fds_unchanged grep -q " fd_growth=0 " <<<"$OUT"
rss=$(sed -n 's/.*seq_rss_growth_pages=\(-*[0-9]*\).*/\1/p' <<<"$OUT")
check load_callers_memory_flat_over_1000_runs [ -n "$rss" ] && [ "$rss" -le 16 ]
echo "        $OUT"
nothing_left load_leaves_no_tap

# ---- fault injection -------------------------------------------------------
# Each syscall of the privileged path fails once, at its 1st..6th call: the
# helper must fail closed (status 1-4, one brhelper: line) or, when the
# failure hit a call it can do without, still serve a correct TAP.
if command -v strace >/dev/null; then
	# sendmsg is here too: strace's injection rewrites the syscall number
	# to -1, which the filter lets through, so the hand-off's failure path
	# runs under the filter as it would for a real failure.  (The full
	# sweep of every call and occurrence is tests/faults/run.sh.)  brk is
	# not here: the kernel's brk never fails (it returns the old break),
	# and glibc stores whatever it returns as the heap's top, so an
	# injected error is a state no kernel makes, ending in a crash of
	# glibc's malloc wherever the next allocation falls.
	for sc in openat read close fcntl newfstatat ioctl socket bind setsockopt \
		  getsockopt getsockname getpeername sendto sendmsg recvmsg capset prctl \
		  setresuid setresgid seccomp close_range poll mmap; do
		for n in 1 2 3 4 5 6; do
			for e in EIO EINTR; do
				[ "$e" = EINTR ] && case $sc in read|recvmsg|sendto|sendmsg|poll) ;; *) continue ;; esac
				OUT=$(echo | in_ns "$TAPCLIENT" open \
					"strace -qq -f -o $W/strace.log -e trace=$sc,prctl -e inject=$sc:error=$e:when=$n $HELPER" \
					br0 2>&1); rc=$?
				if [ "$rc" = 0 ] && grep -q "^ifname=tap" <<<"$OUT"; then continue; fi
				if [ "$rc" -ge 1 ] && [ "$rc" -le 4 ] && grep -q "brhelper: " <<<"$OUT"; then
					faults="${faults:-0}"; faults=$((faults + 1)); continue
				fi
				bad "fault_${sc}_${e}_call_$n" "status $rc: $OUT"
			done
		done
		ok "fault_injection_$sc"
	done
	echo "        ${faults:-0} injected failures were refused cleanly"
	nothing_left fault_injection_leaves_no_tap
elif [ "${CI:-}" = true ]; then
	bad fault_injection "strace is not installed"
fi

summary hostile
