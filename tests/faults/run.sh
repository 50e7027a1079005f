#!/bin/bash
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/faults/run.sh - the fault sweep: every system call of the privileged
# path fails, each occurrence in turn, and the run stays clean (issue 17).
#
# In a throwaway network namespace (br0 up, with one veth port v0), the
# installed helper runs as uid 65534 under `strace -u nobody`, which as
# root keeps the set-user-ID and file-capability semantics.  For each run
# kind (plain; --queues=4; a rule with isolated; a rule with max=2; a
# locked rule with --mac) and
# each install (setuid, file capabilities):
#
#  1. A clean run is traced; the system calls the helper makes after its
#     execve, and how often, are taken from that trace (never from a list
#     written here).
#  2. Each call, at each of its occurrences N, is made to fail with
#     `-e inject=CALL:error=ERRNO:when=N`, ERRNO from the table below.
#  3. Every injected run must hold (judge()):
#     - it ended with status 0 and the caller holds one complete TAP, as
#       brhelper(8) promises it, or with status 3 or 4 and no fd at all;
#       never a signal, never a hang.  Status 1 is a decision: here every
#       rule allows uid 65534 and no TAP of its is held, so a refusal
#       means the fault changed the decision.  Status 2 is a usage error:
#       the command line is valid, so it blames the caller for the
#       kernel's refusal, unless the injected errno says the caller's
#       descriptor is wrong (EBADF on the --fd check: "not open").  Both
#       fail;
#     - on failure, stderr is exactly one "brhelper: " line, which names
#       the failure (it carries the injected errno's text); on success,
#       stderr is empty;
#     - no TAP (so no persistent one either) and no port but v0 is left
#       in the namespace once the caller's fds are closed;
#     - the audit line (a private /dev/log, tests/with-syslog.sh, for the
#       whole sweep: it costs nothing per run) is there exactly when the
#       audit socket was made, and says result=allowed for a served run,
#       result=error (denied/quota for a decision) for a failed one, unless
#       the failure came after the line was sent (it recorded the decision
#       then, as brhelper(8) orders it: before the seccomp filter).
#  4. After the filter, strace makes a call fail by rewriting its number
#     to -1; the allowlist lets -1 through (it does nothing), so those
#     runs are judged like any other.  Were it ever killed instead, a run
#     whose trace ends with the injected call and that kill is counted
#     apart.  The failure path under the filter is also run for real: the
#     caller's end of the socket is non-blocking and full, so the hand-off
#     fails with EAGAIN (faultclient full); it must exit 4, cleanly.
#  5. A fault in glibc's static start-up, before the helper's first
#     constructor (the clean trace's stacks, strace -k, tell which calls
#     those are), is glibc's to handle: it goes on, or ends the process its
#     own way (exit 127 with its own message, or its trap loop when fd 0-2
#     seem closed and cannot be reopened in place).  Such a run must have
#     made nothing (no fd, nothing left, no audit line); it is counted apart
#     and what glibc did is noted.
#
# Every occurrence is swept (about 30 s here); the count line's
# "occurrences" are the (call, Nth call) points over all 10 runs, each
# tried with one errno, so the injected runs are occurrences x 1.
# Env (tests/run.sh): BRH_T, BRH_ETC, HELPER_SUID, HELPER_CAPS, LOGLISTEN,
# TAPCLIENT (only to check each install serves outside the sweep);
# FAULTS_QUICK=1 tries only the first and last occurrence of each call;
# FAULTS_VERBOSE=1 prints every injected run's outcome.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
W=$BRH_T/faults
FC=$W/faultclient
KINDS=${FAULTS_KINDS:-"plain queues isolated max locked"}
MAC=52:54:00:12:34:56 # the locked kind's

# ---- the errno table ---------------------------------------------------------
# One errno per call, one the call can really return in this process.
# EINTR is never one: the helper installs no signal handler, so the kernel
# restarts any interrupted call and no call of it can see EINTR.
errno_for() {
	case $1 in
	openat | openat2 | open | access | faccessat | readlink | readlinkat) echo EACCES ;;
	read | pread64 | close | fstatfs | statfs | write) echo EIO ;;
	newfstatat | fstat | stat | lstat | statx) echo ENOMEM ;;
	fcntl) echo EBADF ;; # F_GETFD's only error: fd 0, 1 or 2 not open
	ioctl | prctl | capset | setresuid | setresgid | setgroups | prlimit64) echo EPERM ;;
	capget | getgroups) echo EINVAL ;; # a version, a size the kernel refuses
	socket | dup | dup2 | dup3) echo EMFILE ;;
	bind | connect | setsockopt | getsockopt | getsockname | getpeername | sendto | sendmsg) echo ENOBUFS ;;
	recvmsg | recvfrom | poll | ppoll | mmap | munmap | mprotect | seccomp | nanosleep) echo ENOMEM ;;
	getrandom) echo EAGAIN ;;          # GRND_NONBLOCK before the pool is ready
	close_range | rseq) echo ENOSYS ;; # a kernel before 5.9, or without rseq
	*) echo EIO ;;                     # a call new to the helper: reported below
	esac
}

# Calls never made to fail.  They cannot fail in this process: no error
# return at all (exit_group, getpid, getppid, gettid, getuid, getgid,
# umask, set_tid_address), or only for arguments the program itself gets
# wrong (EFAULT, EINVAL on constants: getresuid, getresgid,
# rt_sigprocmask, rt_sigaction, set_robust_list, arch_prctl).  execve is
# the start.  brk: the kernel's brk never returns an error; when it
# cannot move the break it returns the old one, which strace cannot inject
# (the break is randomized in every run of a set-user-ID program), and
# the -ENOMEM it can inject is a value the kernel never gives.
skipped() {
	case $1 in
	exit_group | exit | getpid | getppid | gettid | getuid | getgid | geteuid | getegid | \
		umask | set_tid_address | getresuid | getresgid | rt_sigprocmask | rt_sigaction | \
		set_robust_list | arch_prctl | execve | brk) return 0 ;;
	esac
	return 1
}

# ---- the outer run: namespace, private /dev/log, then the sweep --------------
if [ "${1:-}" != --inner ]; then
	need=""
	for v in BRH_T BRH_ETC HELPER_SUID HELPER_CAPS LOGLISTEN; do
		[ -n "${!v:-}" ] || need="$need $v"
	done
	for v in HELPER_SUID HELPER_CAPS LOGLISTEN; do
		[ -z "${!v:-}" ] || [ -x "${!v}" ] || need="$need $v(executable)"
	done
	[ -z "$need" ] || { echo "faults: needs$need (tests/run.sh sets them)"; exit 1; }
	if ! command -v strace >/dev/null; then
		if [ "${CI:-}" = true ]; then bad strace_installed "strace is not installed"; fi
		echo "faults: strace is not installed: nothing swept"
		summary faults; exit
	fi
	mkdir -p "$W" && chmod 0755 "$W"
	cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -o "$FC" "$here/faultclient.c" ||
		{ echo "faults: cannot build faultclient"; exit 1; }
	make_netns "brh-faults-$$" || { echo "faults: cannot make a network namespace"; exit 1; }
	trap cleanup_netns EXIT
	ip -n "$NS" link add br0 type bridge && ip -n "$NS" link set br0 up &&
		ip -n "$NS" link add v0 type veth peer name v1 &&
		ip -n "$NS" link set v0 master br0 && ip -n "$NS" link set v0 up &&
		ip -n "$NS" link set v1 up || { echo "faults: cannot make br0"; exit 1; }
	export NS W FC
	: > "$W/audit.log"
	bash "$here/../with-syslog.sh" "$LOGLISTEN" "$W" "$W/audit.log" -- \
		ip netns exec "$NS" bash "$here/run.sh" --inner
	rc=$?
	[ "$rc" -le 1 ] || echo "faults: FAILED: the sweep ended with status $rc"
	exit "$rc"
fi

# ---- the inner run: in the namespace, with /dev/log ours ----------------------
# (/dev is with-syslog.sh's: no /dev/fd, so no <(...) here)
SECONDS=0
runs=0 held=0 startup=0 filtered=0 calls=""

# the ACL, helper arguments and client words of each kind
acl_of() {
	case $1 in
	isolated) echo "allow br0 isolated" ;;
	max) echo "allow br0 max=2" ;;
	locked) echo "allow br0 locked" ;;
	*) echo "allow br0" ;;
	esac
}
args_of() {
	case $1 in
	queues) echo "--queues=4 --use-vnet --br=br0 --fd=3" ;;
	locked) echo "--mac=$MAC --use-vnet --br=br0 --fd=3" ;;
	*) echo "--use-vnet --br=br0 --fd=3" ;;
	esac
}
queues_of() { [ "$1" = queues ] && echo 4 || echo 1; }
isolated_of() { [ "$1" = isolated ] && echo 1 || echo 0; }

# one KIND HELPER LOG [STRACE-ARGS...]: one run through faultclient; sets
# R (its line), ERR (the helper's stderr)
one() {
	local kind=$1 helper=$2 log=$3 full=""
	shift 3
	[ "${FULL:-}" = 1 ] && full=full
	# shellcheck disable=SC2046 # args_of's words are meant to split
	R=$("$FC" $full "$(queues_of "$kind")" "$(isolated_of "$kind")" br0 v0 "$W/err" \
		"$W/audit.log" -- strace -f -qq -o "$log" -u nobody "$@" "$helper" $(args_of "$kind"))
	ERR=$(cat "$W/err")
	ERR=${ERR//$'\n'/$'\n'        } # a second line, if any, indented as bad() does
	parse
}

# word KEY: KEY's value in R (faultclient's line), or ""
declare -A F
parse() {
	local w
	F=()
	for w in $R; do F[${w%%=*}]=${w#*=}; done
}
word() { echo "${F[$1]:-}"; }

# served: status 0, one complete TAP, nothing else left, one audit line
# saying allowed for that TAP, nothing on stderr
served() {
	[[ $R == "status=0 "* ]] && [[ $R == *" complete=1 "* ]] &&
		[ -z "$(word left)" ] && [ -z "$(word ports)" ] &&
		[ "$(word audit)" = 1 ] && [ "$(word result)" = allowed ] &&
		[ "$(word audittap)" = "$(word tap)" ] && [ -z "$ERR" ]
}

# The clean trace (strace -k), one line per call after execve: NAME N POS
# TAG, where N counts NAME's calls, POS all calls, and TAG is "audit" for
# the audit line's send (to /dev/log), "startup" for a call of glibc's
# static start-up (before the first constructor, entry_early, or main:
# the first call with either on its stack), else "-".
positions() {
	awk 'function flush() { if (name != "") print name, n[name], pos, tag; name = "" }
	     / > .*\((entry_early|__libc_start_call_main)\+/ { if (!start) { start = 1; if (tag == "startup") tag = "-" } }
	     /^ > / { next }
	     { flush(); sub(/^[0-9]+ +/, "") }
	     /^[a-z_0-9]+\(/ { name = $0; sub(/\(.*/, "", name); n[name]++; pos++
			       tag = ($0 ~ /sun_path="\/dev\/log"/) ? "audit" : start ? "-" : "startup" }
	     END { flush() }' "$1"
}

# strerror_of ERRNO: its text, as the helper's strerror() says it
declare -A TEXT
strerror_of() {
	[ -n "${TEXT[$1]:-}" ] ||
		TEXT[$1]=$(perl -e 'use POSIX; $! = &{"POSIX::$ARGV[0]"}; print "$!"' "$1")
	echo "${TEXT[$1]}"
}

# judge SC N ERRNO POS: why the injected run in R/ERR/$W/run.log did not
# hold, one reason a line; nothing when it held.  FILTER_POS: the filter's
# load in the clean trace; AUDIT_POS: the audit line's send.
judge() {
	local sc=$1 n=$2 e=$3 pos=$4 st lines text
	st=$(word status)
	if [[ $R == timeout* ]]; then
		echo "hung: still running after 20 s"
	elif [[ $R == signal=* ]]; then
		echo "killed by signal $(word signal)"
	elif [ "$st" = 0 ]; then
		[[ $R == *" complete=1 "* ]] || echo "status 0 without a complete TAP ($(word why))"
		[ "$(word msgs)" = 1 ] || echo "status 0, but the fds came in $(word msgs) messages, not one"
	elif [ "$st" = 1 ]; then
		echo "status 1 (refused) though the rule allows uid 65534: the fault changed the decision"
	elif [ "$st" = 2 ] && [ "$e" = EBADF ] && [[ $ERR == "brhelper: --fd=3: "* ]]; then
		: # EBADF on the --fd check says the caller's fd is not open: usage
	elif [ "$st" = 2 ]; then
		echo "status 2 (usage) for a valid command line: the kernel's refusal blamed on the caller"
	elif [ "$st" != 3 ] && [ "$st" != 4 ]; then
		echo "status $st is none of brhelper(8)'s"
	fi
	if [ -n "$st" ] && [ "$st" != 0 ] && [ "$(word fds)" != 0 ]; then
		echo "failed (status $st) but the caller holds $(word fds) fd(s)"
	fi
	lines=$(grep -c . <<<"$ERR")
	if [ "$st" = 0 ]; then
		[ -z "$ERR" ] || echo "served, but said something on stderr"
	elif [ "$lines" != 1 ] || [[ $ERR != "brhelper: "* ]]; then
		echo "stderr is not one 'brhelper: ' line"
	else
		text=$(strerror_of "$e")
		[[ $ERR == *"$text"* ]] || echo "its line does not name the failure ('$text')"
	fi
	[ -z "$(word left)" ] || echo "TAP left in the namespace: $(word left)"
	[ -z "$(word ports)" ] || echo "port left on br0: $(word ports)"
	if bridge fdb show br br0 | grep -q "^$MAC "; then
		echo "the forwarding table entry for $MAC is left"
	fi
	audit_judge "$sc" "$pos"
}

audit_judge() {
	local sc=$1 pos=$2 st a res made=0
	st=$(word status) a=$(word audit) res=$(word result)
	grep -q 'socket(AF_UNIX, SOCK_DGRAM[^)]*) = [0-9]' "$W/run.log" && made=1
	if [ "$made" = 0 ]; then
		[ "$a" = 0 ] || echo "$a audit line(s) though the audit socket was never made"
	elif [ "$pos" = "$AUDIT_POS" ]; then
		[ "$a" = 0 ] || echo "the audit send failed, yet $a line(s) arrived"
	elif [ "$a" != 1 ]; then
		echo "$a audit lines, not one (the audit socket was made)"
	elif [ "$st" = 0 ] || [ "$pos" -gt "$AUDIT_POS" ]; then
		[ "$res" = allowed ] || echo "audit line says result=$res, not allowed"
	elif [ "$st" = 1 ]; then
		[ "$res" = denied ] || [ "$res" = quota ] || echo "audit line says result=$res for status 1"
	elif [ "$res" != error ]; then
		echo "audit line says result=$res for status ${st:-?}, not error"
	fi
}

# died_at_the_injection: the run's trace ends with the injected call and
# the filter's kill, no call of the helper's in between
died_at_the_injection() {
	local last
	last=$(tail -n 2 "$W/run.log")
	[[ ${last%%$'\n'*} == *"(INJECTED)" ]] && [[ ${last#*$'\n'} == *"+++ killed by SIGSYS +++" ]]
}

# made_nothing: no fd at the caller, nothing left, no audit line
made_nothing() {
	[ "$(word fds)" = 0 ] && [ -z "$(word left)" ] && [ -z "$(word ports)" ] &&
		[ "$(word audit)" = 0 ]
}

# clear_left: delete what a run left (after it was reported), so that
# every run is judged on its own
clear_left() {
	local t
	for t in $(word left | tr , ' ') $(word ports | tr , ' '); do
		ip link del "$t" 2>/dev/null
	done
}

# note TEXT: said once, at the end
declare -A NOTES
note() { NOTES[$1]=1; }

sweep() {
	local kind=$1 inst=$2 helper=$3 sc max n e pos tag t0=$SECONDS
	local k_runs=0 k_held=0 k_start=0 k_filtered=0 k_calls=0 why=""
	one "$kind" "$helper" "$W/clean.log" -k
	if ! served; then
		bad "faults_${kind}_${inst}_clean_run_served" "run: $R" "stderr: $ERR"
		clear_left
		return
	fi
	positions "$W/clean.log" > "$W/positions"
	FILTER_POS=$(awk '$1 == "seccomp" { print $3; exit }' "$W/positions")
	AUDIT_POS=$(awk '$4 == "audit" { print $3; exit }' "$W/positions")
	[ -n "$FILTER_POS" ] || { note "no seccomp(2) call in the clean trace"; FILTER_POS=999999; }
	if [ -z "$AUDIT_POS" ]; then
		bad "faults_${kind}_${inst}_audit_line_in_clean_run" "no send to /dev/log in the trace"
		AUDIT_POS=999999
	fi
	grep -q ' startup$' "$W/positions" ||
		note "no stack named entry_early or main in the clean trace (a stripped helper?): no call was taken for glibc's start-up"
	while read -r sc max; do
		skipped "$sc" && continue
		k_calls=$((k_calls + 1))
		[[ " $calls " == *" $sc "* ]] || calls="$calls $sc"
		e=$(errno_for "$sc")
		[ "$e" = EIO ] && [[ " read pread64 close fstatfs statfs write " != *" $sc "* ]] &&
			note "$sc has no errno in the table: EIO used (add it to errno_for)"
		for n in $(seq 1 "$max"); do
			if [ "${FAULTS_QUICK:-}" = 1 ] && [ "$n" != 1 ] && [ "$n" != "$max" ]; then continue; fi
			read -r pos tag <<<"$(awk -v s="$sc" -v n="$n" '$1 == s && $2 == n { print $3, $4 }' "$W/positions")"
			one "$kind" "$helper" "$W/run.log" -e inject="$sc:error=$e:when=$n"
			k_runs=$((k_runs + 1))
			[ "${FAULTS_VERBOSE:-}" = 1 ] && echo "        $kind $inst $sc#$n $e: $R | ${ERR:-}"
			why=$(judge "$sc" "$n" "$e" "$pos")
			if [ -z "$why" ]; then
				k_held=$((k_held + 1)) pass=$((pass + 1))
			elif [ "$tag" = startup ] && made_nothing; then
				# glibc's static start-up, before any code of the helper's:
				# glibc goes on or ends the process its own way
				k_start=$((k_start + 1))
				note "glibc start-up: $sc#$n $e ends ${R%% *}: $(head -c 120 <<<"${ERR:-no message}")"
			elif [ "$pos" -gt "$FILTER_POS" ] && [[ $R == signal=31* ]] &&
				died_at_the_injection && [ "$(word fds)" = 0 ] &&
				[ -z "$(word left)" ] && [ -z "$(word ports)" ]; then
				k_filtered=$((k_filtered + 1))
			else
				mapfile -t why <<<"$why"
				bad "fault_${kind}_${inst}_${sc}_${n}_of_${max}_${e}" "${why[@]}" \
					"run: $R" "stderr: ${ERR:-(none)}" \
					"call: $(grep '(INJECTED)' "$W/run.log" | head -n 1 | sed 's/^[0-9]* *//' | cut -c1-150)"
				clear_left
			fi
		done
	done <<<"$(awk '{ m[$1] = $2 } END { for (s in m) print s, m[s] }' "$W/positions" | sort)"
	# The failure path under the filter, for real: the hand-off meets a
	# full, non-blocking socket (EAGAIN).
	FULL=1 one "$kind" "$helper" "$W/run.log"
	if [[ $R == "status=4 fds=0 "* ]] && [ "$(grep -c . <<<"$ERR")" = 1 ] &&
		[[ $ERR == "brhelper: sending the TAP fd"*"Resource temporarily unavailable" ]] &&
		[ -z "$(word left)" ] && [ -z "$(word ports)" ]; then
		ok "faults_${kind}_${inst}_hand_off_fails_cleanly_under_the_filter"
	else
		bad "faults_${kind}_${inst}_hand_off_fails_cleanly_under_the_filter" "run: $R" "stderr: $ERR"
		clear_left
	fi
	runs=$((runs + k_runs)) held=$((held + k_held))
	startup=$((startup + k_start)) filtered=$((filtered + k_filtered))
	printf 'faults: %-8s %-6s %2d calls, %3d runs: %3d held, %d at glibc start-up, %d killed by the filter at the injection (%ds)\n' \
		"$kind" "$inst" "$k_calls" "$k_runs" "$k_held" "$k_start" "$k_filtered" $((SECONDS - t0))
}

for kind in $KINDS; do
	write_acl "$(acl_of "$kind")"
	sweep "$kind" setuid "$HELPER_SUID"
	sweep "$kind" caps "$HELPER_CAPS"
done

# Each install still serves, through libbrhelper, outside the sweep.
if [ -n "${TAPCLIENT:-}" ]; then
	write_acl "allow br0"
	OUT=$(echo | $NOBODY "$TAPCLIENT" open "$HELPER_SUID" br0 2>&1)
	check faults_setuid_install_serves_after_the_sweep \
		grep -q "^ifname=tap[0-9]* vnet=1 tap=1 nopi=1" <<<"$OUT"
	OUT=$(echo | $NOBODY "$TAPCLIENT" open "$HELPER_CAPS" br0 2>&1)
	check faults_caps_install_serves_after_the_sweep \
		grep -q "^ifname=tap[0-9]* vnet=1 tap=1 nopi=1" <<<"$OUT"
fi
check faults_nothing_left_in_the_namespace \
	[ -z "$(ip -o link show type tun)" -a "$(ip -o link show master br0 | wc -l)" = 1 ]

for t in "${!NOTES[@]}"; do echo "        note: $t"; done | sort
S=$(wc -w <<<"$calls")
[ "${FAULTS_QUICK:-}" = 1 ] && echo "faults: FAULTS_QUICK=1: the first and last occurrence of each call only"
echo "faults: of the runs that did not hold, $startup failed in glibc's static start-up (glibc's way, nothing made)," \
	"$filtered came after the seccomp filter and were killed at the injected call itself (strace injects by syscall -1," \
	"which the filter kills; the real hand-off failure ran instead); the rest failed above"
echo "faults: tried $S syscalls x $runs occurrences x 1 errnos = $runs injected runs, $held held ($((SECONDS))s)"
summary faults
