#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# Integration: the multi-tenant ACL against the installed setuid helper, run
# in a throwaway network namespace: subject words, the TAP's owner and
# alias, quotas counted from the kernel, --list, --check --user and the
# audit line.
#
# Needs (from tests/run.sh): BRH_T, BRH_ETC, HELPER, TAPCLIENT, LOGLISTEN.
set -u
. "$(dirname "$0")/../lib.sh"

make_netns "brh-tenant-$$" || { echo "cannot make a network namespace"; exit 1; }
W=$BRH_T/tenant
trap 'stop_service; release_all; cleanup_netns; rm -rf "$W"; rm -f "$BRH_ETC/bridge.conf"' EXIT
if [ "${VIA:-}" = service ]; then start_service || exit 1; fi
mkdir -p "$W"; chmod 0755 "$W"
for b in br0 brg brq brmgmt; do
	ip -n "$NS" link add "$b" type bridge && ip -n "$NS" link set "$b" up
done
ACL=$BRH_ETC/bridge.conf
AS_DAEMON="setpriv --reuid=1 --regid=1 --clear-groups"
open_as() { local who=$1; shift; echo | ip netns exec "$NS" $who "$TAPCLIENT" open "$HELPER" "$@"; }

# hold N BRIDGE: N clients at once as nobody, each holding its TAP until
# release_all; their outputs in $W/c.*; sets PIDS
PIDS=()
hold() {
	local n=$1 br=$2 i
	rm -f "$W"/c.* "$W/hold"; mkfifo "$W/hold"
	for i in $(seq "$n"); do
		ip netns exec "$NS" $NOBODY "$TAPCLIENT" open "$HELPER" "$br" \
			< "$W/hold" > "$W/c.$i" 2>&1 &
		PIDS+=($!)
	done
	exec {HOLDFD}> "$W/hold"
	for _ in $(seq 200); do
		[ "$(cat "$W"/c.* 2>/dev/null | grep -c .)" -ge "$n" ] && break
		sleep 0.05
	done
}
release_all() {
	[ -n "${HOLDFD:-}" ] && exec {HOLDFD}>&- && HOLDFD=
	[ "${#PIDS[@]}" -gt 0 ] && wait "${PIDS[@]}" 2>/dev/null
	PIDS=()
	return 0
}
taps_on() { ip -n "$NS" -o link show master "$1" type tun 2>/dev/null | grep -c .; }

# ---- who a rule applies to --------------------------------------------------
write_acl "allow br0 user=nobody
allow brg gid=4321
allow brmgmt group=nogroup
deny brmgmt uid=1"
expect user_word_allows_that_user 0 "ifname=tap" open_as "$NOBODY" br0
expect user_word_refuses_others 1 \
	"bridge br0: denied: no rule in $ACL allows it" open_as "$AS_DAEMON" br0
expect gid_word_matches_a_supplementary_group 0 "ifname=tap" \
	open_as "setpriv --reuid=65534 --regid=65534 --groups=4321" brg
expect gid_word_refuses_without_the_group 1 "denied" open_as "$NOBODY" brg
# More groups than the helper's first getgroups() takes (32): the 40th
# counts as the 1st does.
write_acl "allow brg gid=5040"
expect gid_word_matches_the_40th_group 0 "ifname=tap" \
	open_as "setpriv --reuid=65534 --regid=65534 --groups=$(seq -s, 5001 5040)" brg
expect gid_word_refuses_39_other_groups 1 "denied" \
	open_as "setpriv --reuid=65534 --regid=65534 --groups=$(seq -s, 5001 5039)" brg
write_acl "allow br0 user=nobody
allow brg gid=4321
allow brmgmt group=nogroup
deny brmgmt uid=1"
expect group_word_matches_the_real_gid 0 "ifname=tap" open_as "$NOBODY" brmgmt
expect deny_for_a_uid_refuses_it 1 "bridge brmgmt: denied by $ACL:4: deny brmgmt" \
	open_as "setpriv --reuid=1 --regid=65534 --clear-groups" brmgmt
write_acl "allow br0 user=nosuchuser"
expect unknown_user_is_a_config_error 3 \
	"bridge.conf:1:16: unknown user 'nosuchuser' (not in /etc/passwd); for an account only a directory service knows, write uid=N" \
	open_as "$NOBODY" br0
write_acl "deny br0 max=2"
expect option_on_deny_is_a_config_error 3 \
	"bridge.conf:1:10: max=N gives something, so it belongs on an allow rule, not a deny" \
	open_as "$NOBODY" br0

# ---- --check --user: root sees a user's view ------------------------------
write_acl "allow br0 user=nobody max=3 isolated"
expect check_user_shows_that_users_view 0 "options: queues=8 max=3 isolated" \
	in_ns "$CTL" check --br=br0 --user=nobody
expect check_user_for_a_refused_user 1 "br0: denied: no rule in $ACL allows it" \
	in_ns "$CTL" check --br=br0 --user=daemon
expect check_user_refused_to_non_root 2 "--user is for root" \
	as_nobody "$CTL" check --br=br0 --user=root
# "root" of a user namespace the caller made is not root.
expect check_user_refused_to_user_namespace_root 2 "--user is for root" \
	as_nobody unshare -Ur "$CTL" check --br=br0 --user=root
expect check_user_unknown_user_exit_3 3 "--user: no user 'nosuchuser' in /etc/passwd" \
	in_ns "$CTL" check --br=br0 --user=nosuchuser

# ---- provenance: owner and alias --------------------------------------------
write_acl "allow all"
hold 1 br0
TAP=$(sed -n 's/^ifname=\([^ ]*\) .*/\1/p' "$W/c.1")
L=$(ip -n "$NS" -d -o link show dev "$TAP")
# Through the service the pid is the process that connected: the helper the
# client ran, which forwarded (tests/integration/service.sh checks it).
APID=${PIDS[0]}
[ "${VIA:-}" = service ] && APID='[0-9]+'
check tap_alias_names_uid_and_caller_pid grep -Eq "alias brhelper uid=65534 pid=$APID\b" <<<"$L"
check tap_owned_by_the_caller grep -q " user nobody " <<<"$L"
as_nobody ip link set dev "$TAP" alias "brhelper uid=0 pid=1" 2>/dev/null
as_nobody ip link set dev "$TAP" alias "" 2>/dev/null
check caller_cannot_change_or_remove_alias \
	grep -Eq "alias brhelper uid=65534 pid=$APID\b" <<<"$(ip -n "$NS" -o link show dev "$TAP")"

# ---- --list ------------------------------------------------------------------
ip -n "$NS" tuntap add mode tap name tapother
ip -n "$NS" link set tapother master br0
OUT=$(as_nobody "$CTL" list 2>&1)
check list_has_a_header grep -q "^TAP  *BRIDGE  *UID  *USER  *PID  *PERSISTENT  *QUEUES  *VLAN  *ISOLATED  *LOCKED$" <<<"$OUT"
check list_shows_brhelper_tap grep -Eq "^$TAP +br0 +65534 +nobody +$APID +no +1 +- +no +-$" <<<"$OUT"
check list_hides_taps_brhelper_did_not_make bash -c "! grep -q tapother <<<'$OUT'"
OUT=$(as_nobody "$CTL" list --br=brq 2>&1)
check list_filters_by_bridge [ "$(grep -c . <<<"$OUT")" = 1 ]
OUT=$(as_nobody "$CTL" list --br=br0 2>&1)
check list_by_bridge_shows_its_taps grep -q "^$TAP " <<<"$OUT"
expect list_unknown_bridge_exit_4 4 "bridge nosuch: no such interface" \
	as_nobody "$CTL" list --br=nosuch
release_all
ip -n "$NS" link del tapother

# ---- quotas, counted from the kernel ------------------------------------------
write_acl "allow brq max=4"
hold 16 brq
ok_n=$(grep -l "^ifname=tap" "$W"/c.* | wc -l)
refused_n=$(grep -l "refused by the quota: uid 65534 has [0-9]* TAPs there or on their way, and $ACL:1 (allow brq) allows 4 (max=); close one first" "$W"/c.* | wc -l)
check quota_16_concurrent_exactly_4_succeed [ "$ok_n" = 4 ]
check quota_16_concurrent_12_refused_naming_the_rule [ "$refused_n" = 12 ]
check quota_refused_taps_are_gone [ "$(taps_on brq)" = 4 ]
release_all
check quota_nothing_left_after_release [ "$(taps_on brq)" = 0 ]

write_acl "allow brq max=2"
hold 2 brq
expect quota_third_refused_while_two_held 1 "refused by the quota" open_as "$NOBODY" brq
# Refused by the quota, the helper waits for its line to be read: with no
# capability left, not even permitted.
OUT=$(ip netns exec "$NS" $NOBODY "$WAITCAPS" "$HELPER" brq 2>&1)
check quota_refusal_waits_with_no_capability_permitted \
	grep -qx "CapPrm:	0000000000000000" <<<"$OUT"
check quota_refusal_waits_with_no_capability_in_effect \
	grep -qx "CapEff:	0000000000000000" <<<"$OUT"
check quota_refusal_waited_for_is_the_quota grep -q "refused by the quota" <<<"$OUT"
# Ports a caller holds down (its own helpers, stopped after the attach) are
# bounded: with 2 * max of its TAPs on the bridge, a run is refused before
# it makes a TAP.  Two down TAPs with the caller's tag stand for them.
ip -n "$NS" link add brz type bridge && ip -n "$NS" link set brz up
for f in fakez1 fakez2; do
	ip -n "$NS" tuntap add mode tap name "$f" &&
		ip -n "$NS" link set "$f" alias "brhelper uid=65534 pid=1" master brz
done
write_acl "allow brz max=1"
expect quota_down_ports_bounded_before_the_attach 1 \
	"refused by the quota: uid 65534 has 2 TAPs there or on their way" \
	open_as "$NOBODY" brz
check quota_refused_before_the_attach_makes_no_tap [ "$(taps_on brz)" = 2 ]
ip -n "$NS" link del fakez1; ip -n "$NS" link del fakez2
ip -n "$NS" tuntap add mode tap name fakez1 &&
	ip -n "$NS" link set fakez1 alias "brhelper uid=65534 pid=1" master brz
expect quota_one_down_port_still_counted_not_refused_at_once 1 "refused by the quota" \
	open_as "$NOBODY" brz
ip -n "$NS" link del fakez1
write_acl "allow brq max=2"
expect quota_other_users_have_their_own 0 "ifname=tap" \
	open_as "setpriv --reuid=1 --regid=1 --clear-groups" brq
release_all
expect quota_freed_when_taps_close 0 "ifname=tap" open_as "$NOBODY" brq

# The caller schedules its own helpers as it likes: stopped after every
# step each takes on a link, continued in random order (quotarace.c).
# With ranks by ifindex alone this admitted two of four in a few rounds.
write_acl "allow brqi max=1 isolated
allow brq max=2"
ip -n "$NS" link add brqi type bridge && ip -n "$NS" link set brqi up
OUT=$(ip netns exec "$NS" $NOBODY env MAX=1 "$QUOTARACE" "$HELPER" brqi 4 60 2>/dev/null); rc=$?
check quota_holds_against_a_caller_stopping_its_helpers [ "$rc" = 0 ]
check quota_race_still_admits grep -q " 1 admitted" <<<"$OUT"
OUT=$(ip netns exec "$NS" $NOBODY env MAX=2 "$QUOTARACE" "$HELPER" brq 5 30 2>/dev/null); rc=$?
check quota_of_2_holds_against_a_caller_stopping_its_helpers [ "$rc" = 0 ]
check no_tap_left_after_quota_race [ -z "$(taps_left)" ]

# A TAP its holder made persistent outlives the holder and still counts.
write_acl "allow brq max=1"
OUT=$(as_nobody "$TAPCLIENT" persist "$HELPER" brq 2>&1)
PTAP=${OUT#persistent=}
check persistent_tap_outlives_its_holder [ -n "$(ip -n "$NS" -o link show dev "$PTAP" 2>/dev/null)" ]
expect quota_counts_a_persistent_tap 1 "refused by the quota" open_as "$NOBODY" brq
OUT=$(as_nobody "$CTL" list --br=brq 2>&1)
check list_shows_persistent_tap grep -Eq "^$PTAP +brq +65534 +nobody +[0-9]+ +yes " <<<"$OUT"
ip -n "$NS" link del "$PTAP"
expect quota_freed_when_admin_removes_it 0 "ifname=tap" open_as "$NOBODY" brq

# A count whose list changes as the kernel sends it is made again.  With 40
# (root's, untagged) TAPs on brq its dump comes in two batches; strace
# holds the helper before its 3rd recvmsg (1: the lookup, 2: the attach's
# ack, 3: the first batch, after which the kernel makes the second) while
# an interface comes and goes, so the kernel marks the second batch
# (NLM_F_DUMP_INTR).  Once 4 of the caller's runs failed on that.
if [ "${VIA:-}" = service ]; then
	: # strace would hold the forwarder, not brhelperd
elif command -v strace >/dev/null; then
	for i in $(seq 40); do
		echo "tuntap add mode tap name pq$i"; echo "link set pq$i master brq"
	done > "$W/batch"
	ip -n "$NS" -batch "$W/batch"
	write_acl "allow brq max=1"
	(sleep 1; ip -n "$NS" link add chg0 type veth peer name chg1
	 ip -n "$NS" link del chg0) &
	CHG=$!
	OUT=$(echo | ip netns exec "$NS" strace -qq -f -o "$W/rq.log" -e trace=recvmsg \
		-e inject=recvmsg:delay_enter=2000000:when=3 \
		$NOBODY "$TAPCLIENT" open "$HELPER" brq 2>&1); rc=$?
	wait "$CHG"
	check quota_count_made_again_when_the_list_changes [ "$rc" = 0 ]
	# 9 recvmsg for a run (3 per count) and the client's 1: 3 more here.
	check quota_count_was_interrupted_and_made_again \
		[ "$(grep -c 'recvmsg(' "$W/rq.log")" -ge 13 ]
	for i in $(seq 40); do ip -n "$NS" link del "pq$i"; done
elif [ "${CI:-}" = true ]; then
	bad quota_count_made_again_when_the_list_changes "strace is not installed"
fi

# ---- port settings from the rule -----------------------------------------------
write_acl "allow br0 isolated"
hold 1 br0
TAP=$(sed -n 's/^ifname=\([^ ]*\) .*/\1/p' "$W/c.1")
L=$(ip -n "$NS" -d -o link show dev "$TAP")
check isolated_rule_gives_an_isolated_port grep -q " isolated on " <<<"$L"
check isolated_port_is_up_once_set grep -q "<[^>]*[<,]UP[,>]" <<<"$L"
release_all
write_acl "allow br0 vlan=10"
if ip -n "$NS" -d link show br0 | grep -q "vlan_filtering 1"; then
	bad vlan_rule_on_bridge_without_filtering_exit_4 "br0 filters VLANs here"
else
	expect vlan_rule_on_bridge_without_filtering_exit_4 4 \
		"bridge br0: $ACL:1 (allow br0) gives vlan=10, but br0 does not filter VLANs; run 'ip link set br0 type bridge vlan_filtering 1'" \
		open_as "$NOBODY" br0
fi
check no_tap_left_after_vlan_refusal [ -z "$(taps_left)" ]

# ---- the audit line ------------------------------------------------------------
# (the helper's; the service's lines are compared with it in service.sh)
if [ "${VIA:-}" != service ]; then
# Our own syslog socket at /dev/log, in a private mount namespace, on a
# private /dev that holds only what the helper needs (the host's /dev is
# never written).  Each case is one run; each must give exactly one line.
audit_cases() {
	bash "$(dirname "$0")/../with-syslog.sh" "$LOGLISTEN" "$W" "$W/log" -- \
		bash -s <<'INNER'
set -u
one() {
	local name=$1 acl=$2; shift 2
	printf '%s\n' "$acl" > "$BRH_ETC/bridge.conf"; chmod 0644 "$BRH_ETC/bridge.conf"
	local before=$(wc -l < "$W/log")
	if [ "$1" = direct ]; then
		ip netns exec "$NS" setpriv --reuid=65534 --regid=65534 \
			--clear-groups "$HELPER" --fd=3 --br="$2" > /dev/null 2>&1
	else
		echo | ip netns exec "$NS" setpriv --reuid=65534 --regid=65534 \
			--clear-groups "$TAPCLIENT" open "${HSTR:-$HELPER}" "$@" \
			> /dev/null 2>&1
	fi
	local rc=$?
	sleep 0.1
	echo "$name $rc $(( $(wc -l < "$W/log") - before ))" >> "$W/cases"
}
one allowed "allow br0 max=8 isolated" br0
one denied "deny br0" br0
one default_deny "allow brq" br0
one config_error "allow br0 bogus" br0
one no_such_bridge "allow all" nosuch
one odd_name "allow all" $'x\x01\x1b=y'
one newline_name "allow all" direct $'br0\nuid=0 result=allowed'
# Descriptors starved by the caller: the line's socket comes first.
HSTR="$TAPCLIENT wrap nofile=4 -- $HELPER" one nofile_4 "allow br0" br0
HSTR="$TAPCLIENT wrap nofile=5 -- $HELPER" one nofile_5 "allow br0" br0
HSTR="$TAPCLIENT wrap nofile=6 -- $HELPER" one nofile_6 "allow br0" br0
HSTR="$TAPCLIENT wrap nofile=7 -- $HELPER" one nofile_7 "allow br0" br0
ip netns exec "$NS" setpriv --reuid=65534 --regid=65534 --clear-groups "$CTL" check --br=br0 > /dev/null 2>&1
ip netns exec "$NS" setpriv --reuid=65534 --regid=65534 --clear-groups "$CTL" list > /dev/null 2>&1
sleep 0.1
echo "check_and_list x $(wc -l < "$W/log")" >> "$W/cases"
INNER
}
rm -f "$W/cases" "$W/log"
export W BRH_ETC NS TAPCLIENT HELPER LOGLISTEN
write_acl "allow all"
hold 3 brq
release_all
audit_cases
LOG=$(sed 's/^.*brhelper\[[0-9]*\]: //' "$W/log")
case_is() { grep -q "^$1 $2 $3$" "$W/cases"; }
line_has() { grep -Eq "$1" <<<"$LOG"; }
check audit_allowed_one_line case_is allowed 0 1
check audit_allowed_fields line_has "^uid=65534 user=nobody bridge=br0 result=allowed rule=$ACL:1 via=setuid tap=tap[0-9]+ queues=1 isolated=1$"
check audit_denied_one_line case_is denied 1 1
check audit_denied_fields line_has "^uid=65534 user=nobody bridge=br0 result=denied rule=$ACL:1 via=setuid$"
check audit_default_deny_one_line case_is default_deny 1 1
check audit_default_deny_has_no_rule line_has "^uid=65534 user=nobody bridge=br0 result=denied via=setuid$"
check audit_config_error_one_line case_is config_error 3 1
check audit_config_error_fields line_has "^uid=65534 user=nobody bridge=br0 result=error status=3 via=setuid$"
check audit_system_error_one_line case_is no_such_bridge 4 1
check audit_system_error_fields line_has "^uid=65534 user=nobody bridge=nosuch result=error status=4 via=setuid$"
check audit_odd_name_one_line case_is odd_name 4 1
check audit_odd_bytes_and_equals_escaped line_has '^uid=65534 user=nobody bridge=x\\x01\\x1b\\x3dy result=error status=4 via=setuid$'
# A newline is white space to the kernel: refused as usage, no line at all.
check audit_newline_name_adds_no_line case_is newline_name 2 0
# No descriptor for the user-namespace check (two at once) or for the
# line's socket: the run stops at step 1 or 3, before it does anything, so
# there is nothing to record.
check audit_socket_impossible_run_does_nothing case_is nofile_4 4 0
check audit_userns_check_impossible_run_does_nothing case_is nofile_5 4 0
# The socket is made before the TAP: a run starved after it has its line.
check audit_starved_of_fds_still_one_line case_is nofile_6 4 1
check audit_starved_of_fds_error_line line_has "^uid=65534 user=- bridge=br0 result=error status=4 via=setuid$"
# The caller's fd limit is the system's failure (4), not the ACL's (3).
check audit_starved_acl_read_one_line case_is nofile_7 4 1
check audit_check_and_list_write_nothing grep -q "^check_and_list x 8$" "$W/cases"
check audit_one_syslog_line_per_run [ "$(grep -c . "$W/log")" = 8 ]
fi
check no_tap_left_at_end [ -z "$(taps_left)" ]

summary "integration (tenant)"
