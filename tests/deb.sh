#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# make check, stage deb: the Debian packages (make deb) installed on this
# machine, the main job run against the installed paths, then purged.
# Usage: tests/deb.sh BUILD_DIR (as root; tests/run.sh runs it).
#
# This installs real packages on the real system, so:
#  - it installs only where none of the packages' files and no
#    statoverride of the helper exists, and undoes a leftover only when its
#    own mark says a killed run left it (the mark lists what it did);
#  - the packaged ACL is replaced only for the run and restored, and the
#    trap undoes what the mark lists and removes the namespace on every
#    exit.
set -u
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
B=$(cd "$1" && pwd) || exit 1
[ "$(id -u)" = 0 ] || { echo "deb: needs root"; exit 1; }

PKGS="brhelper libbrhelper0 libbrhelper-dev"
H=/usr/libexec/brhelper
CTL=/usr/bin/brhelperctl
ETC=/etc/brhelper
ACL=$ETC/bridge.conf
MA=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
MARK=/var/lib/brhelper-deb-test.mark	# what tests/deb.sh did: installed, statoverride
# apt-get waits for the dpkg lock (another apt-get on this machine)
apt() { apt-get -y -q --no-install-recommends -o DPkg::Lock::Timeout=120 "$@"; }
export DEBIAN_FRONTEND=noninteractive

T=$(mktemp -d /var/lib/brhelper-deb.XXXXXX) || exit 1
chmod 0755 "$T"
# undo: what the mark says this test (or a killed run of it) did
undo() {
	[ -n "${SVCPID:-}" ] && kill "$SVCPID" 2>/dev/null && wait "$SVCPID" 2>/dev/null
	if grep -qx rundir "$MARK" 2>/dev/null; then
		rm -rf /run/brhelper
		sed -i '/^rundir$/d' "$MARK"
	fi
	if grep -qx statoverride "$MARK" 2>/dev/null; then
		dpkg-statoverride --remove "$H" 2>/dev/null
		sed -i '/^statoverride$/d' "$MARK"
	fi
	if [ -e "$MARK" ]; then purge_all && rm -f "$MARK"; fi
}
cleanup() {
	cleanup_netns
	undo >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT

present() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -qv 'not-installed'; }
# purge_all: every package of ours present (installed or its conffiles)
purge_all() {
	local p l=
	for p in $PKGS brhelper-dbgsym libbrhelper0-dbgsym; do
		present "$p" && l="$l $p"
	done
	# shellcheck disable=SC2086 # $l: names, split on purpose
	[ -z "$l" ] || apt purge $l
}
# quiet COMMAND...: run it with its output in $T/log, shown when it fails
quiet() { "$@" >"$T/log" 2>&1 || { cat "$T/log"; return 1; }; }

# ---- build ------------------------------------------------------------------
make -s --no-print-directory -C "$top" B="$B" deb || exit 1
D=$B/deb
DEBS=()
for p in $PKGS; do
	f=$(ls "$D/${p}_"*.deb 2>/dev/null) || { echo "deb: no $p package in $D"; exit 1; }
	DEBS+=("$f")
done
# Every file the packages ship (not directories, which others share), and
# the directories only they own: what must exist installed and not after.
mapfile -t FILES < <(for f in "${DEBS[@]}"; do
	dpkg-deb --fsys-tarfile "$f" | tar -tv | awk '$1 !~ /^d/ { print $6 }'
done | sed 's|^\.||')
OWN=("${FILES[@]}" "$ETC" /usr/share/doc/brhelper /usr/share/doc/libbrhelper0
	/usr/share/doc/libbrhelper-dev)
exists() { [ -e "$1" ] || [ -L "$1" ]; }

# ---- a clean start: ours from a killed run is purged, anyone else's kept -----
left=$(for p in $PKGS; do present "$p" && echo "$p"; done)
[ -z "$left" ] || [ -e "$MARK" ] || {
	echo "deb: ${left//$'\n'/ } installed here, not by this test: remove them first"
	exit 1
}
quiet undo || exit 1
if [ -e /run/brhelper ]; then
	echo "deb: /run/brhelper exists, not made by this test: not touching it"
	exit 1
fi
if [ -n "$(dpkg-statoverride --list $H)" ]; then
	echo "deb: a statoverride of $H exists, not made by this test: not touching it"
	exit 1
fi
for f in "${OWN[@]}"; do
	exists "$f" || continue
	echo "deb: $f exists but no brhelper package is installed (make install?): not touching it"
	exit 1
done

# ---- install ----------------------------------------------------------------
touch "$MARK"
quiet apt install "${DEBS[@]}" || exit 1
mode() { stat -c '%a %U %G' "$1"; }
expect installed_helper_is_0755_not_setuid 0 "755 root root" mode $H
check installed_helper_has_no_file_capabilities test -z "$(getcap $H 2>/dev/null)"
expect installed_brhelperd_is_0755_root 0 "755 root root" mode /usr/libexec/brhelperd
expect installed_forwarder_is_0755 0 "755 root root" mode /usr/libexec/brhelper-forward
check nothing_installed_setuid test -z "$(for f in "${FILES[@]}"; do
	[ -f "$f" ] && [ -u "$f" ] && echo "$f"; done)"
check units_installed test -f /lib/systemd/system/brhelper.socket -a \
	-f /lib/systemd/system/brhelper@.service
check socket_unit_enabled test -L /etc/systemd/system/sockets.target.wants/brhelper.socket
expect units_verify 0 "" systemd-analyze verify --man=no \
	/lib/systemd/system/brhelper.socket /lib/systemd/system/brhelper@.service
expect installed_brhelperctl_is_unprivileged 0 "755 root root" mode $CTL
check installed_brhelperctl_has_no_file_capabilities test -z "$(getcap $CTL 2>/dev/null)"
expect packaged_acl_is_root_owned_0644 0 "644 root root" mode $ACL
expect acl_directory_is_root_owned_0755 0 "755 root root" mode $ETC
check packaged_acl_is_a_conffile \
	grep -q " $ACL " <<< "$(dpkg-query -W -f='${Conffiles}\n' brhelper)"
missing=$(for f in "${FILES[@]}"; do exists "$f" || echo "$f"; done)
check every_packaged_file_installed test -z "$missing"
expect pkg_config_names_the_multiarch_libdir 0 "/usr/lib/$MA" \
	pkg-config --variable=libdir libbrhelper
v=$(dpkg-query -W -f='${Version}' brhelper)
expect helper_version_is_the_packages 0 "${v%-*}" $H --version
expect brhelperctl_version_is_the_packages 0 "brhelperctl ${v%-*}" $CTL --version
expect helper_no_longer_takes_check 2 "unknown argument '--check'" \
	$H --check --br=br0

# ---- the packaged ACL allows nothing ----------------------------------------
make_netns "brh-deb-$$" || exit 1
in_ns ip link add br0 address 02:00:00:00:00:01 type bridge
in_ns ip addr add 192.0.2.1/24 dev br0
in_ns ip link set br0 up
in_ns ip link add brmgmt type bridge
expect packaged_acl_denies_br0 1 "br0: denied: no rule in $ACL allows it" \
	as_nobody $CTL check --br=br0
expect packaged_acl_denies_as_root_too 1 "denied: no rule in $ACL" \
	in_ns $CTL check --br=br0

# ---- its commented examples, uncommented, are a valid ACL -------------------
# Names that exist everywhere stand for the examples' users and groups; the
# include names a file of this test.  The first example allows br0.
cp -p $ACL "$T/bridge.conf.packaged"
printf 'allow bralice\n' > "$T/alice.conf"; chmod 0640 "$T/alice.conf"
sed -E -e 's/^#(allow|deny|include) /\1 /' -e 's/(user|group)=[^ ]+/\1=root/g' \
	-e "s|^include .*|include $T/alice.conf|" "$T/bridge.conf.packaged" > $ACL
check packaged_examples_have_rules grep -q '^allow br0$' $ACL
expect packaged_examples_parse 0 "brlab: allowed by $ACL:" in_ns $CTL check --br=brlab
expect packaged_example_include_read 0 "allowed by $T/alice.conf:1" \
	in_ns $CTL check --br=bralice
expect packaged_example_deny_wins 1 "brmgmt: denied by $ACL:" \
	as_nobody $CTL check --br=brmgmt
expect packaged_check_user_shows_nobodys_view 1 "brmgmt: denied by $ACL:" \
	in_ns $CTL check --br=brmgmt --user=nobody

# ---- the main job, from the installed packages, through the service --------
# As brhelper.socket would start it (systemd is not PID 1 here): the
# socket at its packaged path, mode 0666, in the test's namespace.
SOCK=/run/brhelper/socket
mkdir -p -m 0755 /run/brhelper && echo rundir >> "$MARK"
ip netns exec "$NS" systemd-socket-activate --accept --seqpacket -l $SOCK \
	/usr/libexec/brhelperd > "$T/activate.log" 2>&1 &
SVCPID=$!
for _ in $(seq 100); do [ -S $SOCK ] && break; sleep 0.05; done
chmod 0666 $SOCK
# A VMM-like client built against libbrhelper-dev, linked to libbrhelper0.
sed 's|"../../lib/brhelper.h"|<brhelper.h>|' "$top/tests/integration/tapclient.c" \
	> "$T/tapclient.c"
# shellcheck disable=SC2046
check client_builds_with_pkg_config quiet cc -std=c11 -D_GNU_SOURCE -O2 \
	-o "$T/tapclient" "$T/tapclient.c" $(pkg-config --cflags --libs libbrhelper) -lpthread
expect client_uses_the_installed_library 0 "/lib/$MA/libbrhelper.so.0 (" \
	ldd "$T/tapclient"
expect unprivileged_client_gets_tap_and_arp_answer 0 "192.0.2.1 answered" \
	as_nobody "$T/tapclient" arp $H br0 192.0.2.2 192.0.2.1
check audit_free_service_handed_it_over grep -q 'Spawned /usr/libexec/brhelperd' "$T/activate.log"
check tap_gone_after_client_exits test -z "$(taps_left)"
# brhelperctl list, from the package (libnl linked dynamically): the TAP a
# client holds (until its stdin closes), with the client's uid and name.
rm -f "$T/hold"; mkfifo "$T/hold"
as_nobody "$T/tapclient" open $H br0 < "$T/hold" > "$T/held" 2>&1 &
HELD=$!
exec {HOLD}> "$T/hold"
for _ in $(seq 100); do grep -q . "$T/held" && break; sleep 0.05; done
TAP=$(sed -n 's/^ifname=\([^ ]*\) .*/\1/p' "$T/held")
OUT=$(as_nobody $CTL list --br=br0 2>&1)
check brhelperctl_lists_the_held_tap \
	grep -Eq "^${TAP:-none} +br0 +65534 +nobody +[0-9]+ +no +1 " <<<"$OUT"
exec {HOLD}>&-; wait "$HELD"
check brhelperctl_lists_nothing_once_closed \
	test "$(as_nobody $CTL list | grep -c .)" = 1
# brhelper-run finds the helper at the path compiled into the library.
# shellcheck disable=SC2016 # the sh it runs expands $BRHELPER_IFNAME
expect brhelper_run_uses_packaged_helper 0 "tap" as_nobody /usr/bin/brhelper-run \
	--br=br0 -- sh -c 'test -e /proc/self/fd/3 && echo "$BRHELPER_IFNAME"'
expect brhelper_run_refused_on_denied_bridge 125 "brmgmt" as_nobody \
	/usr/bin/brhelper-run --br=brmgmt -- true

kill "$SVCPID"; wait "$SVCPID" 2>/dev/null; SVCPID=
rm -rf /run/brhelper && sed -i '/^rundir$/d' "$MARK"
expect no_service_no_privilege_says_how 4 "no service at $SOCK" \
	as_nobody "$T/tapclient" open $H br0 </dev/null

# ---- dpkg-statoverride: the setuid mode, for one group, kept on upgrades ---
# As README.md says: root:GROUP 4750 (here a gid no account has), with no
# service running.
echo statoverride >> "$MARK"
dpkg-statoverride --update --add root '#4321' 4750 $H
quiet apt install --reinstall "${DEBS[0]}" || exit 1
expect statoverride_mode_kept_on_reinstall 0 "4750 0 4321" stat -c '%a %u %g' $H
expect statoverride_group_member_gets_tap 0 "ifname=tap" ip netns exec "$NS" \
	setpriv --reuid=65534 --regid=65534 --groups=4321 "$T/tapclient" open $H br0 </dev/null
expect statoverride_others_cannot_run_helper 99 "cannot run $H: Permission denied" \
	as_nobody "$T/tapclient" open $H br0 </dev/null
dpkg-statoverride --remove $H && sed -i '/^statoverride$/d' "$MARK"
quiet apt install --reinstall "${DEBS[0]}" || exit 1
expect not_setuid_without_statoverride 0 "755 root root" mode $H

# ---- restore the packaged ACL, purge, nothing left ---------------------------
cp -p "$T/bridge.conf.packaged" $ACL
check restored_acl_is_the_packaged_one \
	cmp -s $ACL <(dpkg-deb --fsys-tarfile "${DEBS[0]}" | tar -xO ".$ACL")
expect packaged_acl_denies_again 1 "denied: no rule" as_nobody $CTL check --br=br0
check packages_purge quiet purge_all
still=$(for p in $PKGS; do present "$p" && echo "$p"; done)
check no_package_left test -z "$still"
left=$(for f in "${OWN[@]}"; do exists "$f" && echo "$f"; done)
check no_file_left_after_purge test -z "$left"
check socket_unit_link_gone_after_purge test ! -e /etc/systemd/system/sockets.target.wants/brhelper.socket
[ -z "$left" ] || echo "        left: ${left//$'\n'/ }"
check no_statoverride_left test -z "$(dpkg-statoverride --list $H)"
check library_unknown_to_ldconfig test -z "$(ldconfig -p | grep libbrhelper)"
[ -z "$still$left" ] && rm -f "$MARK"
summary deb
