#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# The same decisions as qemu-bridge-helper, on ACL files nobody wrote by hand
# (issue 17, part 2).
#
# gen.c (compiled here) writes random QEMU ACL trees from SEED: allow and
# deny of names and of all, comments, blank lines, leading and trailing white
# space (space, tab, form feed, CR, CRLF line ends), a tab or a space after
# the keyword, includes nested up to six files deep (no loop; a file may be
# included twice) and spelled several ways (//, /./, dir/../dir, a symlink, a
# space, a tab or '#' in the name), includes the caller may not read (a 0600
# file, a 0640 file of group 4321, a file in a 0700 or 0750 directory: both
# skip them), names of any byte the kernel takes in a name, 15-byte names one
# byte apart, and a final line without a newline.  For each tree it asks a
# set of names (those in the files, names one byte off, others) of two
# programs, and of a model:
#
#   peer: Debian's /usr/lib/qemu/qemu-bridge-helper, as nobody with
#         no_new_privs (never privileged), its /etc/qemu a directory of ours
#         (bind-mounted in a private mount namespace; when the host has no
#         /etc/qemu, an overlay on /etc makes the mount point, so nothing on
#         the host is written).  It checks the ACL before it needs any
#         privilege and before it touches --fd: "access denied by acl file"
#         is its refusal, and a later failure ("failed to create tun
#         device", "failed to open /dev/net/tun") means it allowed.
#   ours: $CHECK --br=NAME as nobody, exit 0 allowed, 1 denied, 3 config
#         error.  Its ACL ($BRH_ETC/bridge.conf) is the same text as the
#         peer's top file; the includes are absolute paths under $BRH_T,
#         which both read.  Run in a fresh network namespace with no bridge
#         (and "lo" never asked), so it decides on the name as given.
#   model: gen.c applies the peer's rule itself (a third opinion, which
#         tells a generator bug from a parser bug).
#
# Valid trees: the three agree on every name, and the peer prints nothing
# but its verdict (no complaint about any line).
#
# Left out of the valid trees, and why (the peer reads these differently by
# design, or our SPEC refuses them where the peer shrugs):
#   - errors the peer ignores: an include that is missing, relative, a
#     directory, a loop, nested deeper than ours allows (8), or unsafe
#     (writable by others, not root's); an error inside an include (it keeps
#     the rules before the error line and drops the rest of that file);
#   - names the peer takes but no interface can have ('/', ':', ".", "..",
#     0xa0, empty, over 15 bytes: QEMU 7.2 refuses those in the file), text
#     after the name (QEMU makes it part of the name: "allow br0 # lab" is a
#     rule for "br0 # lab"; ours refuses), an unknown keyword;
#   - words after the bridge (user=, max=, isolated...): our extension, by
#     SPEC ("no QEMU file has them"); QEMU reads "br0 isolated" as one name;
#   - a NUL byte, and lines over 4095 bytes (QEMU's fgets() reads 4095 bytes
#     at a time, so the rest of a long line becomes a line of its own; ours
#     refuses lines over 4096; a line of exactly 4096 bytes is left out
#     altogether);
#   - QEMU's own white-space quirks, which make a line an error for it and
#     which ours reads as written (QEMU's source lists "handles whitespace
#     inconsistently" among its known shortcomings): a keyword followed by a
#     tab, with a space later on the line ("allow<TAB>br0<SPACE>"), and a
#     keyword followed only by a form feed or CR.  Never generated.
# The lenient trees test all but the last group with a weaker rule: each
# valid tree gets one or two such lines, and ours must give the peer's
# verdict or refuse the whole ACL (exit 3), never another verdict.  A
# vertical tab (\v) is one of them: GLib's g_ascii_isspace(), which QEMU
# uses, does not count it as white space ("allow all\v" allows nothing to
# QEMU: the rule is for the name "all\v"), so ours must not read it as white
# space either.
#
# Env: BRH_T, BRH_ETC, CHECK (command prefix: "$HELPER --check" or
# "brhelperctl check"), optional SEED (default 17), DECISIONS (valid
# decisions, default 2000; the feature check needs 1000), LENIENT
# (lenient decisions, default 1000; the feature check needs 500), PEER
# (default Debian's path).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
: "${BRH_T:?}" "${BRH_ETC:?}" "${CHECK:?}"
SEED=${SEED:-17} DECISIONS=${DECISIONS:-2000} LENIENT=${LENIENT:-1000}
PEER=${PEER:-/usr/lib/qemu/qemu-bridge-helper}
SHOWN_MAX=3 # trees shown in full on a mismatch

if [ "${1:-}" != --inner ]; then
	[ "$(id -u)" = 0 ] || { echo "differential: needs root"; exit 1; }
	[ -x "$PEER" ] || {
		echo "differential: $PEER is missing (Debian package qemu-system-common)"
		exit 1
	}
	for n in "$SEED" "$DECISIONS" "$LENIENT"; do
		[[ $n =~ ^[0-9]+$ ]] || { echo "differential: '$n' is not a number"; exit 2; }
	done
	D=$(mktemp -d "$BRH_T/differential.XXXXXX") || exit 1
	chmod 0755 "$D"
	trap 'cleanup_netns; rm -rf "$D"; rm -f "$BRH_ETC/bridge.conf"' EXIT
	cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -O2 -o "$D/gen" \
		"$here/gen.c" || { echo "differential: gen.c does not build"; exit 1; }
	make_netns "brh-diff-$$" || { echo "differential: no network namespace"; exit 1; }
	mkdir -m 0755 "$D/qemu" "$D/upper" "$D/work"
	mkdir -p "$BRH_ETC"
	echo "differential: seed=$SEED decisions=$DECISIONS lenient=$LENIENT peer=$PEER"
	echo "differential: ours: $CHECK"
	ip netns exec "$NS" unshare -m --propagation private \
		env D="$D" bash "$0" --inner
	exit
fi

# ---- inside the network namespace, in a private mount namespace ----------
Q=$D/qemu ROOT=$D/tree
if [ ! -d /etc/qemu ]; then
	if ! mount -t overlay overlay \
		-o "lowerdir=/etc,upperdir=$D/upper,workdir=$D/work" /etc ||
		! mkdir /etc/qemu; then
		echo "differential: cannot make /etc/qemu"; exit 1
	fi
fi
mount --bind "$Q" /etc/qemu || { echo "differential: cannot bind /etc/qemu"; exit 1; }

GROUPS_OPT=--clear-groups
# peer NAME: PV=A (allowed), D (denied), P (refused its top file), E (else)
peer() {
	# 1024 descriptors, the usual limit: an include loop then ends when
	# fopen() fails (EMFILE), before the recursion overflows the stack.
	POUT=$(cd "$ROOT" 2>/dev/null || cd /; ulimit -n 1024; setpriv --reuid=65534 --regid=65534 \
		"$GROUPS_OPT" --no-new-privs "$PEER" --br="$1" --fd=3 3</dev/null 2>&1)
	local rc=$? last=${POUT##*$'\n'}
	PV=E
	[ "$rc" = 1 ] || return
	case $last in
	"access denied by acl file") PV=D ;;
	"failed to create tun device: "* | "failed to open /dev/net/tun: "*) PV=A ;;
	"failed to parse default acl file"*) PV=P ;;
	esac
	# a valid tree: the verdict line and nothing else
	[ "$MODE" = valid ] && [ "$POUT" != "$last" ] && PV=E
}

# ours NAME: OV=A, D, C (config error, exit 3) or E
ours() {
	# shellcheck disable=SC2086
	OOUT=$(setpriv --reuid=65534 --regid=65534 "$GROUPS_OPT" $CHECK --br="$1" 2>&1)
	ORC=$?
	case $ORC in 0) OV=A ;; 1) OV=D ;; 3) OV=C ;; *) OV=E ;; esac
}

shown=0 shown_tree=
# Every mismatch fails.  The first 20 get a line each, with the tree's files
# shown once for each of the first few trees; the rest are counted.
show_mismatch() {
	local name=$1 f
	shown=$((shown + 1))
	if [ $shown -gt 20 ]; then
		fail=$((fail + 1)); return
	fi
	bad "$MODE tree $CASE: $(printf '%q' "$name"): peer $PV, ours $OV, model $MV" \
		"reproduce: SEED=$SEED (tree $CASE of the $MODE trees)"
	echo "        peer said:"
	echo "        > ${POUT//$'\n'/$'\n'        > }"
	echo "        ours said (exit $ORC):"
	echo "        > ${OOUT//$'\n'/$'\n'        > }"
	[ "$shown_tree" = "$MODE $CASE" ] && return
	shown_tree="$MODE $CASE" trees_shown=$((${trees_shown:-0} + 1))
	[ $trees_shown -gt $SHOWN_MAX ] && return
	echo "        caller: uid 65534, $GROUPS_OPT; the tree's constructs:" \
		"$(sed -n 's/^feat //p' "$D/plan" | tr '\n' ' ')"
	for f in "${FILES[@]}"; do
		echo "        --- $(stat -c '%A %u:%g' "$f") $f (cat -A)"
		cat -A "$f" | sed 's/^/        | /'
	done
}

declare -A FEAT=()
# run_tree MODE CASE: generate, ask every name of both, compare; sets counts
run_tree() {
	local line hex esc k want name
	rm -rf "$ROOT"; mkdir -m 0755 "$ROOT"
	if ! "$D/gen" "$SEED" "$CASE" "$MODE" "$ROOT" "$Q/bridge.conf" \
		"$BRH_ETC/bridge.conf" > "$D/plan"; then
		bad "$MODE case $CASE: gen failed"; return 1
	fi
	FILES=() NAMES=() WANT=()
	while read -r line; do
		case $line in
		"groups -") GROUPS_OPT=--clear-groups ;;
		"groups "*) GROUPS_OPT=--groups=${line#groups } ;;
		"file "*) FILES+=("${line#file }") ;;
		"feat "*) FEAT[${line#feat }]=$((${FEAT[${line#feat }]:-0} + 1)) ;;
		"name "*)
			hex=${line#name } esc=
			want=${hex#* } hex=${hex%% *}
			for ((k = 0; k < ${#hex}; k += 2)); do esc+="\\x${hex:k:2}"; done
			printf -v name '%b' "$esc"
			NAMES+=("$name") WANT+=("$want") ;;
		esac
	done < "$D/plan"
	for i in "${!NAMES[@]}"; do
		name=${NAMES[$i]} MV=${WANT[$i]}
		peer "$name"; ours "$name"
		decisions=$((decisions + 1))
		[ "$PV" = A ] && allowed=$((allowed + 1))
		[ "$PV" = D ] && denied=$((denied + 1))
		if [ "$MODE" = valid ]; then
			if [ "$PV" != E ] && [ "$PV" = "$OV" ] && [ "$PV" = "$MV" ]; then
				agreed=$((agreed + 1))
			else
				show_mismatch "$name"
			fi
		else
			want=$PV; [ "$PV" = P ] && want=D # its top file refused: no run
			if [ "$PV" = E ]; then
				show_mismatch "$name"
			elif [ "$OV" = "$want" ]; then
				agreed=$((agreed + 1))
			elif [ "$OV" = C ]; then
				refused=$((refused + 1))
			else
				show_mismatch "$name"
			fi
		fi
	done
}

# phase MODE TARGET: trees until TARGET decisions
phase() {
	MODE=$1 decisions=0 allowed=0 denied=0 agreed=0 refused=0 CASE=0
	local target=$2
	while [ "$decisions" -lt "$target" ]; do
		CASE=$((CASE + 1))
		run_tree || break
	done
}

# The harness first: a tree written here, with known answers, through the
# same functions (a harness that calls everything allowed fails here).
canary() {
	MODE=valid
	printf 'allow br0\ndeny br1\nallow br1\n# allow br2\n' > "$Q/bridge.conf"
	cp "$Q/bridge.conf" "$BRH_ETC/bridge.conf"
	chmod 0644 "$Q/bridge.conf" "$BRH_ETC/bridge.conf"
	mkdir -p "$ROOT"
	local n want
	for n in br0:A br1:D br2:D; do
		want=${n#*:}
		peer "${n%:*}"; ours "${n%:*}"
		if [ "$PV" = "$want" ] && [ "$OV" = "$want" ]; then
			ok "canary: ${n%:*} is $want for both"
		else
			bad "canary: ${n%:*}: want $want, peer $PV, ours $OV" \
				"peer: $POUT" "ours: $OOUT"
		fi
	done
}

report_hidden() {
	[ $shown -gt 20 ] && echo "FAILED  ... and $((shown - 20)) more mismatches (not shown)"
	shown=0
}

start=$SECONDS
canary
[ "$fail" = 0 ] || { summary differential; exit; }

phase valid "$DECISIONS"
report_hidden
v_dec=$decisions
echo "valid: $decisions decisions over $CASE trees, $agreed agree (peer allowed $allowed, denied $denied)"
[ "$agreed" = "$decisions" ] && ok "valid: the peer, ours and the model agree on all $decisions"
# Both verdicts, often: a generator that only ever denies proves nothing.
check "valid: at least 10% allowed and 10% denied ($allowed, $denied)" \
	[ $((allowed * 10)) -ge "$decisions" -a $((denied * 10)) -ge "$decisions" ]

if [ "$LENIENT" -gt 0 ]; then
	phase lenient "$LENIENT"
	report_hidden
	echo "lenient: $decisions decisions over $CASE trees: ours gave the peer's verdict $agreed times, refused the ACL $refused times"
	[ $((agreed + refused)) = "$decisions" ] &&
		ok "lenient: ours never gave another verdict than the peer's ($decisions)"
fi

# Every feature the generator has, at least once (default sizes).
if [ "$v_dec" -ge 1000 ] && [ "$LENIENT" -ge 500 ]; then
	missing=
	for f in allow_name deny_name allow_all deny_all comment blank_line \
		formfeed_or_cr_as_space leading_whitespace trailing_whitespace \
		tab_separator crlf no_final_newline no_rule_in_file include \
		include_twice include_unreadable include_spelled include_symlink \
		include_odd_path caller_in_group name_15_bytes name_any_byte ask_all \
		lenient_vertical_tab lenient_missing_include lenient_relative_include \
		lenient_include_directory lenient_include_loop \
		lenient_include_too_deep lenient_unsafe_include lenient_invalid_name \
		lenient_long_name lenient_text_after_name lenient_unknown_keyword \
		lenient_nul_byte lenient_long_line; do
		[ -n "${FEAT[$f]:-}" ] || missing+=" $f"
	done
	check "every generated construct appeared${missing:+ (missing:$missing)}" [ -z "$missing" ]
fi
echo "differential: seed $SEED, $((SECONDS - start)) s; constructs (trees):" \
	"$(for f in "${!FEAT[@]}"; do echo "$f=${FEAT[$f]}"; done | sort | tr '\n' ' ')"
summary differential
