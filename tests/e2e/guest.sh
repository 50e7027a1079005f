# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 brhelper maintainers
# tests/e2e/guest.sh - the end-to-end test guest (sourced, bash): Debian's
# kernel and a busybox initramfs built here.  The guest loads virtio-net,
# brings eth0 up as 192.0.2.2/24, pings 192.0.2.1 (the bridge) and prints
# BRH-GUEST-PING-OK or BRH-GUEST-PING-FAILED on ttyS0.

kver=$(ls /lib/modules | sort -V | tail -n 1)

# mods_in_order MODULE...: the module files, dependencies first, in $order
mods_in_order() {
	local dep=/lib/modules/$kver/modules.dep m
	declare -gA seen=()
	order=()
	add() {
		local path=$1 d
		[ -n "${seen[$path]:-}" ] && return
		seen[$path]=1
		for d in $(grep "^$path:" "$dep" | cut -d: -f2); do add "$d"; done
		order+=("$path")
	}
	for m in "$@"; do
		add "$(grep -o "^[^:]*/$m\.ko[^:]*" "$dep" | head -n 1)"
	done
}

# build_guest DIR [AFTER]: DIR/vmlinuz and DIR/initrd, readable by all.
# AFTER is shell text the guest runs once the ping is done; by default it
# powers off (QEMU runs with -no-reboot, so that ends QEMU).
build_guest() {
	local dir=$1 after=${2:-poweroff -f} root=$1/root p loads=""
	rm -rf "$root"; mkdir -p "$root"/{bin,lib,proc,sys,dev}
	cp /bin/busybox "$root/bin/busybox"
	mods_in_order virtio_pci virtio_net
	for p in "${order[@]}"; do
		cp "/lib/modules/$kver/$p" "$root/lib/"
		loads+="insmod /lib/$(basename "$p")"$'\n'
	done
	cat > "$root/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
$loads
ip link set lo up
ip link set eth0 up
ip addr add 192.0.2.2/24 dev eth0
echo BRH-GUEST-QUEUES \$(ls /sys/class/net/eth0/queues | grep -c rx-)
if ping -c 2 -W 3 192.0.2.1; then echo BRH-GUEST-PING-OK; else echo BRH-GUEST-PING-FAILED; fi
$after
INIT
	chmod 0755 "$root/init"
	(cd "$root" && find . | cpio -o -H newc --quiet) > "$dir/initrd"
	rm -rf "$root"
	cp "/boot/vmlinuz-$kver" "$dir/vmlinuz"
	chmod 0644 "$dir/initrd" "$dir/vmlinuz"
}
