#!/bin/sh
# Fetch Debian's Linux kernel (the package linux-image-amd64 depends on, so
# the stock kernel Debian ships) and busybox-static with apt, without
# installing either, and unpack them into DEST/root; the kernel package's
# name and version go to DEST/VERSION.
# Usage: mk/linux-fetch.sh DEST (an absolute path).
#
# apt gets a private state (mk/apt-private.sh: the system's own Debian
# package sources, private lists and cache under DEST/apt, removed at the
# end), so the machine's apt configuration and installed packages are left
# alone, and a machine whose lists were never fetched works too.
set -e
dest=$1
apt=$dest/apt
rm -rf "$dest/root" "$apt" "$dest"/*.deb
mkdir -p "$dest/root"
types=deb
. "$(dirname "$0")/apt-private.sh"
kernel=$(apt-cache "$@" depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -1)
if [ -z "$kernel" ]; then
	echo "umbra: linux-image-amd64 names no kernel package" >&2
	exit 1
fi
(cd "$dest" && apt-get -q "$@" download "$kernel" busybox-static)
for deb in "$dest"/*.deb; do
	dpkg-deb -x "$deb" "$dest/root"
done
dpkg-deb -f "$dest/$kernel"_*.deb Package Version | tr '\n' ' ' | sed 's/Package: //; s/ Version: / /; s/ $/\n/' > "$dest/VERSION"
rm -rf "$apt" "$dest"/*.deb
