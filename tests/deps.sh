#!/bin/sh
# Install the Debian packages that building and testing need, when missing.
# Only as root; otherwise say what is missing and let the build decide.
# Usage: deps.sh [run|bench|all]: what make demo, make bench or make check
# (the default) needs.
set -eu

run="build-essential pkg-config libnl-3-dev libnl-route-3-dev libcap-ng-dev
libseccomp-dev iproute2 util-linux"
case ${1:-all} in
run) pkgs=$run ;;
bench) pkgs="$run qemu-system-common" ;;
*) pkgs="$run libcmocka-dev mandoc libcap2-bin procps qemu-system-x86
qemu-system-common linux-image-amd64 busybox-static cpio kmod strace clang
libclang-rt-14-dev" ;;
esac

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
