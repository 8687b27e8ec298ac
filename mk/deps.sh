#!/bin/sh
# Install the Debian packages Umbra's build and tests need, when they are
# missing.  As root this runs apt-get; otherwise it names what to install.
set -e
PKGS="make gcc binutils clang llvm libclang-rt-14-dev libxml2-dev libxml2-utils pkg-config qemu-system-x86 python3 lcov"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "umbra: missing Debian packages:$missing" >&2
	echo "umbra: run as root, or: sudo apt-get install$missing" >&2
	exit 1
fi
echo "umbra: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq $missing >/dev/null
