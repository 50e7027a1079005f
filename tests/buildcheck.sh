#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# tests/buildcheck.sh HELPER - what the helper binary must be before it is
# installed privileged (SPEC.md, "Libraries and the environment"), checked
# on the binary as linked.  make check-build runs it; make install and make
# install-caps run check-build first; make check runs it as a stage.
#
#  1. Static: no program interpreter and no shared library.  In a dynamic
#     link the libraries' constructors run before any code of the helper,
#     and libnl's read NLDBG, NLCB and NLSYSCONFDIR.
#  2. entry_early (helper/entry.c), which empties the environment and makes
#     fds 0-2 valid, is the first constructor: nothing in .preinit_array,
#     and the first entry of .init_array.
#  3. No NSS (helper/nonss.c): no __nss_ or _nss_ symbol, and the name
#     nsswitch.conf nowhere in the file.
#
# Prints one line; exit status 1, with the reason, on the first failure.
set -u
h=${1:?usage: buildcheck.sh HELPER}

fail() {
	echo "brhelper: build check: $h: $*" >&2
	exit 1
}

[ -f "$h" ] || fail "no such file (build it first)"
syms=$(nm "$h" 2>/dev/null) || fail "nm cannot read it"

# ---- 1. static --------------------------------------------------------------
if readelf -lW "$h" | grep -q 'INTERP' || readelf -dW "$h" | grep -q '(NEEDED)'; then
	fail "linked dynamically (STATIC=0 or SAN=1): the shared libraries'" \
	     "constructors run before any code of the helper, and libnl's read" \
	     "NLDBG, NLCB and NLSYSCONFDIR from the caller's environment; such" \
	     "a build is never installed setuid or with capabilities (build" \
	     "with STATIC=1, the default)"
fi

# ---- 2. entry_early first ---------------------------------------------------
# section NAME: "ADDRESS OFFSET SIZE ENTSIZE" (hex), or nothing
section() {
	readelf -SW "$h" | sed 's/^.*\] *//' | awk -v n="$1" '$1 == n { print $3, $4, $5, $6 }'
}
pre=$(section .preinit_array)
if [ -n "$pre" ] && [ "$((0x$(echo "$pre" | cut -d' ' -f3)))" != 0 ]; then
	fail "has a .preinit_array: that code runs before entry_early"
fi
# shellcheck disable=SC2046 # four words: address, offset, size, entry size
set -- $(section .init_array)
[ $# = 4 ] || fail "has no .init_array: entry_early is not linked in"
addr=$((0x$1)) off=$((0x$2)) size=$((0x$3)) es=$((0x$4))
[ "$es" -gt 0 ] || fail "its .init_array has no entry size"
# Each slot: the target of its *_RELATIVE relocation (PIE), else the
# pointer stored in the file (this host's byte order: built here).
relocs=$(readelf -rW "$h" | awk '$3 ~ /_RELATIVE$/ { print $1, $4 }')
order=""
i=0
while [ $((i * es)) -lt "$size" ]; do
	slot=$(printf '%016x' $((addr + i * es)))
	target=$(echo "$relocs" | awk -v s="$slot" '$1 == s { print $2; exit }')
	[ -n "$target" ] || target=$(od -A n -t x"$es" -j $((off + i * es)) \
		-N "$es" "$h" | tr -d ' ')
	target=$(printf '%016x' $((0x$target)))
	name=$(echo "$syms" | awk -v a="$target" '$1 == a && $2 ~ /^[tTwW]$/ { print $3; exit }')
	order="$order ${name:-?$target}"
	i=$((i + 1))
done
order=${order# }
case $order in
entry_early|"entry_early "*) ;;
*) fail "entry_early is not the first constructor; .init_array runs: $order" ;;
esac

# ---- 3. no NSS ----------------------------------------------------------------
nss=$(echo "$syms" | awk '$NF ~ /^_+nss_/ { print $NF }' | head -n 3 | paste -sd, -)
[ -z "$nss" ] || fail "has glibc's NSS code linked in (${nss}, ...): a" \
	"library references a name-lookup function that helper/nonss.c" \
	"does not replace; find which with -Wl,-Map (\"Archive member included\")"
if grep -q -a -F 'nsswitch.conf' "$h"; then
	fail "contains the name nsswitch.conf: glibc's NSS code is linked in"
fi

echo "build check: $h: static, constructors in order: $order; no NSS"
