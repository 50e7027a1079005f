#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# Integration: no way around the ACL, against the installed setuid helper
# run as nobody in a throwaway network namespace: altnames (a deny on any
# name of a bridge holds for all of them; the TAP goes to the ifindex) and
# include paths a caller could steer (symlinks into procfs, directories the
# caller owns).  Each case here got a TAP or read a file on the code before
# the fix.
#
# Needs (from tests/run.sh): BRH_T, BRH_ETC, HELPER, TAPCLIENT.
set -u
. "$(dirname "$0")/../lib.sh"

make_netns "brh-trust-$$" || { echo "cannot make a network namespace"; exit 1; }
W=$BRH_T/trust
trap 'stop_service; cleanup_netns; rm -rf "$W" "$BRH_ETC"/users "$BRH_ETC"/bridge.conf' EXIT
if [ "${VIA:-}" = service ]; then start_service || exit 1; fi
mkdir -p "$W"; chmod 0755 "$W"

ip -n "$NS" link add brmgmt type bridge && ip -n "$NS" link set brmgmt up
ip -n "$NS" link property add dev brmgmt altname mgmt
ip -n "$NS" link add brlab type bridge && ip -n "$NS" link set brlab up
ip -n "$NS" link add br1 type bridge && ip -n "$NS" link set br1 up
ACL=$BRH_ETC/bridge.conf
open_br() { echo | as_nobody "$TAPCLIENT" open "$HELPER" "$1"; }

# ---- altnames ---------------------------------------------------------------
write_acl "allow all
deny brmgmt"
expect altname_of_denied_bridge_refused 1 \
	"bridge mgmt: denied by $ACL:2: deny brmgmt: mgmt is an altname of brmgmt" \
	open_br mgmt
expect check_agrees_on_altname_of_denied_bridge 1 \
	"mgmt: denied by $ACL:2: deny brmgmt: mgmt is an altname of brmgmt" \
	as_nobody "$CTL" check --br=mgmt
expect other_bridges_still_allowed 0 "ifname=tap" open_br brlab

write_acl "allow all
deny mgmt"
expect deny_on_altname_refuses_real_name 1 \
	"bridge brmgmt: denied by $ACL:2: deny mgmt: mgmt is an altname of brmgmt" \
	open_br brmgmt
expect check_agrees_on_real_name_of_denied_altname 1 \
	"brmgmt: denied by $ACL:2: deny mgmt" \
	as_nobody "$CTL" check --br=brmgmt

# Allowed by its altname: the TAP is on the bridge that name resolves to.
write_acl "allow mgmt"
OUT=$(open_br mgmt 2>&1)
check allowed_altname_attaches_by_ifindex grep -q "^ifname=tap" <<<"$OUT"
# A refusal on the name given still looks nothing up.
expect real_name_not_allowed_by_altname_rule 1 \
	"bridge brmgmt: denied: no rule in $ACL allows it" open_br brmgmt

# More names than the helper can weigh: refused, not half-checked.
ip -n "$NS" link add brmany type bridge
for i in $(seq 1 40); do ip -n "$NS" link property add dev brmany altname "many$i"; done
write_acl "allow brmany"
expect bridge_with_too_many_altnames_refused_exit_4 4 \
	"bridge brmany: more than 32 alternative names" open_br brmany
expect check_agrees_on_too_many_altnames_exit_4 4 \
	"bridge brmany: more than 32 alternative names" \
	as_nobody "$CTL" check --br=brmany
# Altnames the kernel takes but no ACL name can be (':', 0xa0): they match
# no rule, and they do not break the lookup.
ip -n "$NS" link add brodd type bridge
ip -n "$NS" link property add dev brodd altname co:lon
ip -n "$NS" link property add dev brodd altname $'nb\xa0sp'
write_acl "allow brodd"
expect altnames_no_rule_can_name_are_ignored 0 "ifname=tap" open_br brodd
expect check_agrees_on_altnames_no_rule_can_name 0 "brodd: allowed by" \
	as_nobody "$CTL" check --br=brodd
check no_tap_left_after_altname_refusals [ -z "$(taps_left)" ]

# ---- include paths the caller can steer -------------------------------------
# The administrator's mistake: a per-user directory the user owns.
mkdir -p "$BRH_ETC/users"; chown 65534:65534 "$BRH_ETC/users"
write_acl "include $BRH_ETC/users/nobody.conf"

# (a) /proc/self/comm is the name the helper was run by: a symlink to the
# helper called "allow br1" made /proc/self/comm read as a rule.
ln -sfn /proc/self/comm "$BRH_ETC/users/nobody.conf"
ln -sfn "$HELPER" "$W/allow br1"
expect proc_comm_through_caller_dir_refused 3 \
	"cannot include $BRH_ETC/users/nobody.conf: directory $BRH_ETC/users is owned by uid 65534, not root" \
	as_nobody "$TAPCLIENT" open "'$W/allow br1'" br1

# (b) chmod 000 on the caller's directory must not hide the file's rules.
rm -f "$BRH_ETC/users/nobody.conf"
printf 'deny brlab\n' > "$BRH_ETC/users/nobody.conf"
write_acl "allow all
include $BRH_ETC/users/nobody.conf"
chmod 000 "$BRH_ETC/users"
expect chmod_000_on_caller_dir_not_a_skip 3 \
	"directory $BRH_ETC/users is owned by uid 65534, not root" open_br brlab
chmod 0755 "$BRH_ETC/users"

# (d) a 0600 net sysctl, readable with CAP_NET_ADMIN: never opened, never
# echoed.
rm -f "$BRH_ETC/users/nobody.conf"
chown 0:0 "$BRH_ETC/users"
ln -sfn /proc/sys/net/ipv4/tcp_fastopen_key "$BRH_ETC/users/nobody.conf"
KEY=$(in_ns cat /proc/sys/net/ipv4/tcp_fastopen_key)
OUT=$(open_br brlab 2>&1); rc=$?
check net_sysctl_behind_symlink_refused_exit_3 [ "$rc" = 3 ]
check net_sysctl_refused_as_pseudo_filesystem grep -q "directory /proc is on proc, a pseudo filesystem" <<<"$OUT"
key_not_shown() { [ -n "$KEY" ] && ! grep -qF "$KEY" <<<"$OUT"; }
check net_sysctl_text_never_echoed key_not_shown

# A trusted path the caller may not search is a plain skip.
rm -f "$BRH_ETC/users/nobody.conf"
printf 'deny brlab\n' > "$BRH_ETC/users/nobody.conf"; chmod 0700 "$BRH_ETC/users"
expect private_root_dir_include_skipped 0 "ifname=tap" open_br brlab
check no_tap_left_at_end [ -z "$(taps_left)" ]

summary "integration (trust)"
