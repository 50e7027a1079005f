#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# The build keeps SPEC's "Libraries and the environment": the helper as
# built passes tests/buildcheck.sh (static, entry_early the first
# constructor, no NSS), and a dynamic build, which cannot keep it, is
# refused by make install and make install-caps before anything is
# installed.  Needs no root.  Usage: build-checks.sh BUILD_DIR
set -u
. "$(dirname "$0")/lib.sh"
B=$1
top=$(cd "$(dirname "$0")/.." && pwd)

expect helper_static_entry_early_first_no_nss 0 "constructors in order: entry_early " \
	sh "$top/tests/buildcheck.sh" "$B/brhelper"
expect brhelperd_static_entry_early_first_no_nss 0 "constructors in order: entry_early " \
	sh "$top/tests/buildcheck.sh" "$B/brhelperd"

# SPEC.md's size of the setuid program (at most 3,200 lines, functions at
# most 50), from the build's dependency files.  Printed, not judged here:
# the program is not yet that small (make check-build fails until it is).
make -s --no-print-directory -C "$top" B="$B" check-build 2>&1 |
	sed -n 's/^line count: /        size (SPEC.md; not yet met): /p'

D=$(mktemp -d) || exit 1
trap 'rm -rf "$D"' EXIT
mk=(make -s --no-print-directory -C "$top" B="$D/build" STATIC=0 DESTDIR="$D/dest")
for t in install install-caps install-service; do
	expect "dynamic_build_${t/-/_}_refused" 2 "linked dynamically (STATIC=0 or SAN=1)" "${mk[@]}" "$t"
	check "dynamic_build_${t/-/_}_installs_nothing" [ ! -e "$D/dest" ]
done
summary build-checks
