#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# with-syslog.sh LOGLISTEN WORKDIR LOG -- COMMAND...
#
# Run COMMAND (as root) in a private mount namespace where /dev is a
# private tmpfs holding only null, zero, full, urandom, net/tun and our own
# syslog socket at /dev/log, whose messages loglisten appends to LOG, one
# a line.  The host's /dev is never written.  Exit status: COMMAND's.
set -u
[ "$#" -ge 5 ] && [ "$4" = -- ] || { echo "usage: with-syslog.sh LOGLISTEN WORKDIR LOG -- COMMAND..." >&2; exit 2; }
export LL=$1 WD=$2 LOG=$3
shift 4
exec unshare -m bash -c '
	set -u
	mount --make-rprivate / &&
	mkdir -p "$WD/olddev" && mount --rbind /dev "$WD/olddev" &&
	mount -t tmpfs -o mode=0755 brh-dev /dev || exit 125
	for n in null zero full urandom; do
		touch /dev/$n && mount --bind "$WD/olddev/$n" /dev/$n || exit 125
	done
	mkdir -m 0755 /dev/net && touch /dev/net/tun &&
	mount --bind "$WD/olddev/net/tun" /dev/net/tun || exit 125
	: >> "$LOG"
	"$LL" /dev/log "$LOG" > "$WD/ready" & L=$!
	for _ in $(seq 200); do grep -q ready "$WD/ready" 2>/dev/null && break; sleep 0.02; done
	"$@"; rc=$?
	sleep 0.1
	kill "$L"; wait "$L" 2>/dev/null
	exit $rc
' with-syslog "$@"
