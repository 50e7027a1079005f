#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# Install the Debian packages that building and testing need, when missing,
# from the one list in tests/packages.  Only as root; otherwise say what is
# missing and let the build decide.
# Usage: deps.sh [run|bench|check]: what make demo, make bench or make check
# (the default) needs.  deps.sh --list GROUP prints the names.
set -eu
here=$(dirname "$0")

list() {
	awk -v g="$1" '$1 == "run" || $1 == g { for (i = 2; i <= NF; i++) print $i }' \
		"$here/packages" | sort -u
}
if [ "${1:-}" = --list ]; then
	list "${2:-check}"
	exit 0
fi
pkgs=$(list "${1:-check}")

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "brhelper: missing packages:$missing (run as root to install)" >&2
	exit 0
fi
echo "brhelper: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends $missing >/dev/null
