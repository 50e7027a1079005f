#!/bin/bash
# make bench: brhelper against qemu-bridge-helper and a yardstick that does
# only the kernel work, side by side in one run, alternating A B C, as nobody
# in a throwaway network namespace.  Reports; asserts nothing about time.
# Usage: bench/run.sh BUILD_DIR   (as root; ROUNDS=N to change 300)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-300}
[ "$(id -u)" = 0 ] || { echo "make bench: run it as root"; exit 1; }

T=$(mktemp -d /var/lib/brhelper-bench.XXXXXX); chmod 0755 "$T"
NS=brh-bench-$$
cleanup() { ip netns del "$NS" 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT

make -s --no-print-directory -C "$top" B="$T/build" SYSCONFDIR="$T/etc" PREFIX=/usr \
	DESTDIR="$T/root" all install "$T/build/yardstick" "$T/build/bench" >/dev/null 2>&1
mkdir -p "$T/etc/brhelper" "$T/qemu-etc"
echo "allow br0" > "$T/etc/brhelper/bridge.conf"
echo "allow br0" > "$T/qemu-etc/bridge.conf"
chmod 0644 "$T/etc/brhelper/bridge.conf" "$T/qemu-etc/bridge.conf"
BRH=$T/root/usr/libexec/brhelper
YS=$T/root/yardstick
install -m 4755 -o 0 -g 0 "$T/build/yardstick" "$YS"
specs=("brhelper=$BRH" "yardstick=$YS")
QBH=/usr/lib/qemu/qemu-bridge-helper
if [ -x "$QBH" ]; then
	install -m 4755 -o 0 -g 0 "$QBH" "$T/root/qemu-bridge-helper"
	specs+=("qemu-bridge-helper=$T/root/qemu-bridge-helper")
else
	echo "note: $QBH is not installed (qemu-system-common); comparing with the yardstick only"
fi

ip netns add "$NS"
ip -n "$NS" link add br0 type bridge
ip -n "$NS" link set br0 up

# As nobody, in a private mount namespace where /etc/qemu/bridge.conf (the
# path compiled into qemu-bridge-helper) is ours, on an overlay of /etc:
# the host's /etc is not touched.
nobody() {
	ip netns exec "$NS" unshare -m --propagation private bash -c '
		T=$1; shift
		mkdir -p "$T/ov/up" "$T/ov/work"
		mount -t overlay overlay -o "lowerdir=/etc,upperdir=$T/ov/up,workdir=$T/ov/work" /etc
		mkdir -p /etc/qemu && cp "$T/qemu-etc/bridge.conf" /etc/qemu/
		exec setpriv --reuid=65534 --regid=65534 --clear-groups "$@"' _ "$T" "$@"
}

add_ports() {	# add_ports N: N veth ports on br0 in all
	local have=$1 want=$2 i
	for ((i = have; i < want; i++)); do
		echo "link add p$i type veth peer name q$i"
		echo "link set p$i master br0"
	done > "$T/batch"
	ip -n "$NS" -batch "$T/batch"
}

declare -A med p99
measure() {	# measure LABEL
	while read -r name m p; do
		med[$1,$name]=$m; p99[$1,$name]=$p
	done < <(nobody "$T/build/bench" rounds "$ROUNDS" br0 "${specs[@]}")
}

echo "brhelper bench: $ROUNDS rounds each, alternating; microseconds, spawn to fd received"
echo
printf '%-20s %12s %9s %9s %12s\n' "32 concurrent" "wall (us)" "failures" "distinct" "peak RSS kB"
for s in "${specs[@]}"; do
	read -r wall failures distinct < <(nobody "$T/build/bench" concurrent 32 br0 "${s#*=}")
	r=$(nobody "$T/build/bench" rss 20 br0 "${s#*=}")
	printf '%-20s %12s %9s %9s %12s\n' "${s%%=*}" "$wall" "$failures" "$distinct" "$r"
done

# The ACL: brhelper --check with a 1-rule and a 10,000-rule ACL (the
# deciding rule last), and a whole invocation with the large one.
acl=$T/etc/brhelper/bridge.conf
cp "$acl" "$T/acl.small"
{ for i in $(seq 9999); do echo "allow brx$i"; done; echo "deny br9"; echo "allow br0"; } > "$T/acl.big"
chmod 0644 "$T/acl.big"
printf '\n%-34s %9s %9s\n' "ACL, brhelper --check (us)" "median" "p99"
for size in small big; do
	cp "$T/acl.$size" "$acl"
	read -r m p < <(nobody "$T/build/bench" exec 200 "$BRH" --check --br=br9)
	printf '%-34s %9s %9s\n' "$(wc -l < "$acl") rules" "$m" "$p"
done
read -r name m p < <(nobody "$T/build/bench" rounds 100 br0 "brhelper=$BRH")
printf '%-34s %9s %9s\n' "10001 rules, whole invocation" "$m" "$p"
cp "$T/acl.small" "$acl"

# A bridge holds at most 1023 ports (BR_MAX_PORTS), one of them the TAP's:
# the largest point is 1000 ports already there.
BIG=1000
measure 0
add_ports 0 256;    measure 256
add_ports 256 $BIG; measure $BIG

names=(); for s in "${specs[@]}"; do names+=("${s%%=*}"); done
printf '\n%-20s %8s %8s   %8s %8s   %8s %8s\n' "" "median" "p99" "median" "p99" "median" "p99"
printf '%-20s %17s   %17s   %17s\n' "ports on br0:" "0" "256" "$BIG"
for n in "${names[@]}"; do
	printf '%-20s' "$n"
	for l in 0 256 $BIG; do printf ' %8s %8s  ' "${med[$l,$n]}" "${p99[$l,$n]}"; done
	echo
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
echo
for l in 0 256 $BIG; do
	line="ports=$l: brhelper/yardstick $(ratio "${med[$l,brhelper]}" "${med[$l,yardstick]}")"
	[ -n "${med[$l,qemu-bridge-helper]:-}" ] &&
		line+="   brhelper/qemu-bridge-helper $(ratio "${med[$l,brhelper]}" "${med[$l,qemu-bridge-helper]}")"
	echo "$line (medians)"
done
echo "growth 0 -> $BIG ports: brhelper $(ratio "${med[$BIG,brhelper]}" "${med[0,brhelper]}"), yardstick (the kernel) $(ratio "${med[$BIG,yardstick]}" "${med[0,yardstick]}")"

left=$(ip -n "$NS" -o link show type tun | wc -l)
echo "TAP devices left after the runs: $left"
