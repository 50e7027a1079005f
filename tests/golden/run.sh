#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# Golden-file tests of whole ACL trees through brhelperctl's
# check, run as nobody.  Each cases/NAME.t holds the files, the runs and
# the expected output (stdout, then stderr) and exit status:
#
#   == file NAME [MODE [UID:GID]]   contents follow (default 0644 0:0)
#   == symlink NAME TARGET | == fifo NAME
#   == dir NAME [MODE [UID:GID]]    (default 0755 0:0)
#   == run [groups=G[,G]] ARGS...  run the helper as uid 65534
#   == expect STATUS                expected output follows
#
# @ETC@ stands for the ACL directory the helper was built for.
set -u
. "$(dirname "$0")/../lib.sh"
: "${HELPER:?}" "${BRH_ETC:?}"

reset_etc() { rm -rf "$BRH_ETC"; mkdir -p "$BRH_ETC"; chmod 0755 "$BRH_ETC"; }

# flush_file: write the file being collected
flush_file() {
	[ -z "${fname:-}" ] && return
	printf '%s' "$fbody" | sed "s|@ETC@|$BRH_ETC|g" > "$BRH_ETC/$fname"
	chown "$fowner" "$BRH_ETC/$fname"
	chmod "$fmode" "$BRH_ETC/$fname"
	fname=
}

run_case() {
	local case=$1
	name=$(basename "$case" .t) want=
	reset_etc
	fname= section=
	while IFS= read -r line || [ -n "$line" ]; do
		# An expectation ends at the next directive: run it before the
		# directive changes any file.
		[[ $line == "== "* && -n "${want:-}" ]] && compare
		case $line in
		"== file "*)
			flush_file
			set -- ${line#== file }
			fname=$1 fmode=${2:-0644} fowner=${3:-0:0} fbody= section=file ;;
		"== symlink "*)
			flush_file; set -- ${line#== symlink }
			ln -s "$(echo "$2" | sed "s|@ETC@|$BRH_ETC|g")" "$BRH_ETC/$1"; section= ;;
		"== fifo "*) flush_file; mkfifo -m 0644 "$BRH_ETC/${line#== fifo }"; section= ;;
		"== dir "*)
			flush_file; set -- ${line#== dir }
			mkdir "$BRH_ETC/$1"; chown "${3:-0:0}" "$BRH_ETC/$1"
			chmod "${2:-0755}" "$BRH_ETC/$1"; section= ;;
		"== run "*)
			flush_file
			args=${line#== run } groups=--clear-groups
			if [[ $args == groups=* ]]; then
				g=${args%% *}; groups="--groups=${g#groups=}"
				args=${args#* }
			fi
			section= ;;
		"== expect "*)
			want=${line#== expect } expected= section=expect ;;
		*)
			case $section in
			file) fbody+="$line"$'\n' ;;
			expect) expected+="$line"$'\n' ;;
			esac ;;
		esac
	done < "$case"
	[ -n "${want:-}" ] && compare
}

compare() {
	local out err rc got
	out=$(mktemp); err=$(mktemp)
	# shellcheck disable=SC2086
	setpriv --reuid=65534 --regid=65534 $groups "$HELPER" $args > "$out" 2> "$err"
	rc=$?
	got=$(cat "$out" "$err" | sed "s|$BRH_ETC|@ETC@|g")
	rm -f "$out" "$err"
	if [ "$rc" = "$want" ] && [ "$got" = "${expected%$'\n'}" ]; then
		ok "$name: $args"
	else
		bad "$name: $args" "want status $want:" "${expected%$'\n'}" \
			"got status $rc:" "$got"
	fi
	want=
}

for c in "$(dirname "$0")"/cases/*.t; do
	run_case "$c"
done
rm -rf "$BRH_ETC"; mkdir -p "$BRH_ETC"
summary golden
