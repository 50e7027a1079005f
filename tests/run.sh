#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# make check: every stage, in order.  Usage: tests/run.sh BUILD_DIR
#
# Stages: build checks (the helper as linked, install refusals), unit
# (cmocka), man pages (mandoc -Tlint), golden ACL files through
# --check, integration with the setuid install, integration with the
# file-capability install, service mode (brhelperd under
# systemd-socket-activate; the trust, tenant, ports and locked suites again
# through it), hostile callers with fault injection, the helper
# under ASan/UBSan, make demo, the Debian packages installed and purged,
# end to end with QEMU and with libvirt (session mode), and the unit tests and
# fuzz corpus under ASan/UBSan.  A stage that cannot run here (not root, no network
# namespaces) is skipped with a reason, except under CI=true, where it fails.
set -u
B=$1
top=$(cd "$(dirname "$0")/.." && pwd)
passed=0 failed=0 skipped=0

# ONLY="stage ..." runs just those stages (for work on one part; make
# check always runs them all).
wanted() { [ -z "${ONLY:-}" ] || [[ " $ONLY " == *" $1 "* ]]; }

stage() {
	name=$1; shift
	wanted "$name" || return 0
	echo "=== $name"
	if "$@"; then passed=$((passed + 1)); echo "=== $name: ok"
	else failed=$((failed + 1)); echo "=== $name: FAILED"; fi
}

skip() {
	wanted "$1" || return 0
	if [ "${CI:-}" = true ]; then
		failed=$((failed + 1)); echo "=== $1: cannot run here ($2): FAILED under CI=true"
	else
		skipped=$((skipped + 1)); echo "=== $1: skipped ($2)"
	fi
}

# The unit tests are listed once, in the Makefile.
unit_tests() { make -s --no-print-directory -C "$top" "print-$1"; }

unit() {
	rc=0
	for t in $(unit_tests UNIT_NAMES); do
		"$B/$t" || rc=1
	done
	return $rc
}

man_lint() { mandoc -Tlint -W warning "$top"/man/*.[1-8]; }

# Compiled-in paths: a relative one is refused before anything is built.
relative_paths_refused() {
	local v out rc=0
	for v in SYSCONFDIR=etc LIBEXECDIR=libexec PREFIX=usr/local SYSCONFDIR=; do
		out=$(make -n -C "$top" B="$B" "$v" all 2>&1)
		if [[ $out == *"${v%%=*}=${v#*=} must be an absolute path"* ]]; then
			echo "ok      relative_path_refused: $v"
		else
			echo "FAILED  relative_path_refused: $v: $out"; rc=1
		fi
	done
	return $rc
}

can_netns() {
	[ "$(id -u)" = 0 ] || return 1
	ip netns add brh-probe-$$ 2>/dev/null || return 1
	ip netns del brh-probe-$$
}

# One install for every privileged stage: the helper built for an ACL
# under $BRH_T/etc, installed setuid in $BRH_T/suid and with file
# capabilities in $BRH_T/caps (DESTDIR keeps the compiled-in paths).
install_helpers() {
	BRH_T=$(mktemp -d /var/lib/brhelper-test.XXXXXX) || return 1
	chmod 0755 "$BRH_T"
	if findmnt -n -o OPTIONS -T "$BRH_T" | grep -qw nosuid; then
		echo "$BRH_T is on a nosuid filesystem"; return 1
	fi
	export BRH_T BRH_ETC="$BRH_T/etc/brhelper"
	mk="make -s --no-print-directory -C $top B=$BRH_T/build SYSCONFDIR=$BRH_T/etc PREFIX=/usr"
	$mk all tests >/dev/null || return 1
	$mk DESTDIR="$BRH_T/suid" install >/dev/null || return 1
	$mk DESTDIR="$BRH_T/caps" install-caps >/dev/null || return 1
	# Service mode: brhelper 0755 with no capabilities, its forwarder,
	# brhelperd and the units, installed where they are compiled to be.
	$mk B="$BRH_T/svcbuild" PREFIX="$BRH_T/svc" INSTALL_MODE=0755 \
		SERVICE_SOCKET="$BRH_T/svc.sock" install install-service >/dev/null || return 1
	export SVC="$BRH_T/svc" SVC_SOCK="$BRH_T/svc.sock" SVCCLIENT="$BRH_T/build/svcclient"
	if wanted sanitized-helper; then
		$mk B="$BRH_T/san" SAN=1 CC=gcc "$BRH_T/san/brhelper" >/dev/null || return 1
	fi
	export TAPCLIENT="$BRH_T/build/tapclient" BRH_RUN="$BRH_T/build/brhelper-run"
	export LOGLISTEN="$BRH_T/build/loglisten" QUOTARACE="$BRH_T/build/quotarace"
	export WAITCAPS="$BRH_T/build/waitcaps"
	export PLAIN="$BRH_T/build/brhelper" CTL="$BRH_T/build/brhelperctl"
	mkdir -p "$BRH_ETC"
}

cleanup() { [ -n "${BRH_T:-}" ] && rm -rf "$BRH_T"; }
trap cleanup EXIT

stage build-checks bash "$top/tests/build-checks.sh" "$B"
stage unit unit
stage make-inputs relative_paths_refused
if command -v clang-format >/dev/null && command -v git >/dev/null &&
	git -C "$top" rev-parse >/dev/null 2>&1; then
	stage format-check make -s --no-print-directory -C "$top" format-check
else
	skip format-check "clang-format or a git checkout is missing"
fi
if command -v mandoc >/dev/null; then stage man-pages man_lint
else skip man-pages "mandoc is not installed"; fi
# Every file says its license and copyright (SPDX lines, .reuse/dep5 for
# files that cannot carry a comment); the texts are in LICENSES/.
if command -v reuse >/dev/null; then stage license reuse --root "$top" lint
else skip license "reuse is not installed"; fi

if can_netns && install_helpers; then
	stage golden env HELPER="$BRH_T/build/brhelperctl" \
		bash "$top/tests/golden/run.sh"
	stage integration-setuid env HELPER="$BRH_T/suid/usr/libexec/brhelper" \
		bash "$top/tests/integration/run.sh" setuid
	stage integration-caps env HELPER="$BRH_T/caps/usr/libexec/brhelper" \
		bash "$top/tests/integration/run.sh" caps
	stage integration-trust env HELPER="$BRH_T/suid/usr/libexec/brhelper" \
		bash "$top/tests/integration/trust.sh"
	stage integration-tenant env HELPER="$BRH_T/suid/usr/libexec/brhelper" \
		bash "$top/tests/integration/tenant.sh"
	stage integration-ports env HELPER="$BRH_T/suid/usr/libexec/brhelper" \
		bash "$top/tests/integration/ports.sh"
	stage integration-locked env HELPER="$BRH_T/suid/usr/libexec/brhelper" \
		bash "$top/tests/integration/locked.sh"
	stage integration-service env HELPER="$BRH_T/suid/usr/libexec/brhelper" \
		bash "$top/tests/integration/service.sh"
	# The trust, tenant, ports and locked suites again, through the service.
	for suite in trust tenant ports locked; do
		stage integration-$suite-service env VIA=service \
			bash "$top/tests/integration/$suite.sh"
	done
	stage hostile env HELPER="$BRH_T/suid/usr/libexec/brhelper" \
		bash "$top/tests/hostile/run.sh"
	stage hostile-review env HELPER="$BRH_T/suid/usr/libexec/brhelper" \
		HELPER_CAPS="$BRH_T/caps/usr/libexec/brhelper" \
		bash "$top/tests/hostile/review.sh"
	stage faults env HELPER_SUID="$BRH_T/suid/usr/libexec/brhelper" \
		HELPER_CAPS="$BRH_T/caps/usr/libexec/brhelper" \
		bash "$top/tests/faults/run.sh"
	if [ -x /usr/lib/qemu/qemu-bridge-helper ]; then
		stage differential env CHECK="$BRH_T/build/brhelperctl check" \
			bash "$top/tests/differential/run.sh"
	else
		skip differential "qemu-bridge-helper (qemu-system-common) is not installed"
	fi
	stage sanitized-helper env SAN_HELPER="$BRH_T/san/brhelper" \
		bash "$top/tests/integration/san.sh"
	stage demo bash "$top/tests/demo.sh" "$B"
	# Installs real packages on this machine, and purges them (tests/deb.sh).
	if command -v dh >/dev/null && command -v lintian >/dev/null; then
		stage deb bash "$top/tests/deb.sh" "$B"
	else
		skip deb "debhelper or lintian is not installed"
	fi
	if [ -x /usr/bin/qemu-system-x86_64 ]; then
		stage e2e-qemu env HELPER="$BRH_T/suid/usr/libexec/brhelper" \
			bash "$top/tests/e2e/qemu.sh"
		stage e2e-vlan env HELPER="$BRH_T/suid/usr/libexec/brhelper" \
			bash "$top/tests/e2e/vlan.sh"
		stage e2e-qemu-service env VIA=service \
			bash "$top/tests/e2e/qemu.sh"
	else
		skip e2e-qemu "qemu-system-x86 is not installed"
		skip e2e-vlan "qemu-system-x86 is not installed"
		skip e2e-qemu-service "qemu-system-x86 is not installed"
	fi
	if [ -x /usr/sbin/libvirtd ] && [ -x /usr/bin/virsh ] &&
		[ -x /usr/bin/qemu-system-x86_64 ]; then
		stage e2e-libvirt env HELPER="$BRH_T/suid/usr/libexec/brhelper" \
			bash "$top/tests/e2e/libvirt.sh"
		stage e2e-libvirt-service env VIA=service \
			bash "$top/tests/e2e/libvirt.sh"
	else
		skip e2e-libvirt "libvirtd, virsh or qemu-system-x86_64 is missing"
		skip e2e-libvirt-service "libvirtd, virsh or qemu-system-x86_64 is missing"
	fi
else
	for s in golden integration-setuid integration-caps integration-trust \
		integration-tenant integration-ports integration-locked \
		integration-service integration-locked-service hostile \
		hostile-review faults differential sanitized-helper demo deb \
		e2e-qemu e2e-vlan e2e-qemu-service e2e-libvirt e2e-libvirt-service; do
		skip $s "needs root and network namespaces"
	done
fi

# Unit tests, and the fuzz corpus with every regression, under ASan/UBSan.
san() {
	S=$B/san
	local t tests
	tests=$(unit_tests UNIT_SAN)
	make -s --no-print-directory -C "$top" B="$S" SAN=1 CC=gcc \
		$(for t in $tests; do echo "$S/$t"; done) "$S/replay-acl" \
		"$S/replay-args" >/dev/null || return 1
	for t in $tests; do "$S/$t" || return 1; done
	"$S/replay-acl" "$top"/tests/fuzz/corpus/acl/* $(ls "$top"/tests/fuzz/regressions/acl-* 2>/dev/null) &&
	"$S/replay-args" "$top"/tests/fuzz/corpus/args/* $(ls "$top"/tests/fuzz/regressions/args-* 2>/dev/null)
}
stage sanitizers san

echo "check: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
