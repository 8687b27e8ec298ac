#!/bin/sh
# Install the Debian packages Umbra's build and tests need, when they are
# missing.  As root this runs apt-get; otherwise it names what to install.
# newlib-source is the C library of newlib guests (built by mk/newlib.mk);
# dpkg-dev's dpkg-source unpacks lwIP's source package (mk/lwip-fetch.sh).
set -e
PKGS="make gcc binutils clang llvm libclang-rt-14-dev libxml2-dev libxml2-utils pkg-config qemu-system-x86 python3 lcov newlib-source dpkg-dev"
# Xen 4.17's hypervisor image, the oracle suite's reference (docs/oracle.md);
# installed without the toolstack it recommends, which nothing here uses.
XEN_PKGS="xen-hypervisor-4.17-amd64"
installed() {
	dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q "install ok installed"
}
missing=""
for p in $PKGS; do
	installed "$p" || missing="$missing $p"
done
missing_xen=""
for p in $XEN_PKGS; do
	installed "$p" || missing_xen="$missing_xen $p"
done
[ -z "$missing$missing_xen" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "umbra: missing Debian packages:$missing$missing_xen" >&2
	[ -n "$missing" ] && echo "umbra: run as root, or: sudo apt-get install$missing" >&2
	[ -n "$missing_xen" ] && echo "umbra: run as root, or: sudo apt-get install --no-install-recommends$missing_xen" >&2
	exit 1
fi
echo "umbra: installing$missing$missing_xen"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
[ -z "$missing" ] || apt-get install -y -qq $missing >/dev/null
[ -z "$missing_xen" ] || apt-get install -y -qq --no-install-recommends $missing_xen >/dev/null
