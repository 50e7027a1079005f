#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# tests/linecount.sh TOP BUILD DEPFILE... - the setuid program's size.
#
# Every .c and .h file of this tree (TOP) that the helper is compiled from,
# taken from the compiler's dependency files (-MMD), comments included,
# but none the build generated (under BUILD: the allowlist's BPF):
# SPEC.md allows at most 3,200 lines, and no function over 50 lines
# (counted from a line that opens a function body at column 0 to the line
# that closes it).  Prints the count; exit status 1 over either limit.
set -eu
top=$1 build=$2; shift 2
files=$(cat "$@" | tr ' \\' '\n\n' | sed -n 's/:$//; /\.[ch]$/p' |
	while read -r f; do
		case $f in /*) p=$f ;; *) p=$top/$f ;; esac
		p=$(realpath -q "$p") || continue
		case $p in "$build"/*) ;; "$top"/*) echo "$p" ;; esac
	done | sort -u)
[ -n "$files" ] || { echo "linecount: no dependency files read" >&2; exit 1; }
# shellcheck disable=SC2086
lines=$(cat $files | wc -l)
# shellcheck disable=SC2086
longest=$(awk '
	/^{/ { start = FNR; name = prev }
	/^}/ && start { n = FNR - start - 1; if (n > max) { max = n; where = FILENAME ":" name }; start = 0 }
	{ prev = $0 }
	END { printf "%d %s\n", max, where }' $files)
n=$(echo "$files" | wc -l)
echo "line count: the setuid program is $lines lines in $n files (limit 3200); longest function ${longest%% *} lines (limit 50): ${longest#* }"
[ "$lines" -le 3200 ] && [ "${longest%% *}" -le 50 ]
