#!/bin/sh
# Fetch the header of QEMU's TCG plugin interface (qemu-plugin.h) from
# Debian's source package "qemu", the one the installed qemu-system-x86 was
# built from, into DEST/include; the package's version goes to DEST/VERSION.
# Usage: mk/qemu-plugin-fetch.sh DEST (an absolute path).
#
# Debian builds qemu-system-x86 with plugin support (its -plugin option) but
# ships the interface's header in no binary package, so tools/profile's
# plugin (tools/profile-plugin.c) is compiled against the header of the
# source package.  apt gets a private state (mk/apt-private.sh), so the
# machine's apt configuration is left alone; only the one header is kept
# from the upstream tarball, and the downloads are removed at the end.
set -e
dest=$1
apt=$dest/apt
rm -rf "$dest/include" "$apt" "$dest"/qemu_*
mkdir -p "$dest/include"
types=deb-src
. "$(dirname "$0")/apt-private.sh"
(cd "$dest" && apt-get -q "$@" source --download-only qemu)
tarball=$(ls "$dest"/qemu_*.orig.tar.* | head -1)
member=$(tar -tf "$tarball" | grep '/include/qemu/qemu-plugin.h$' | head -1)
tar -xOf "$tarball" "$member" > "$dest/include/qemu-plugin.h"
sed -n 's/^Version: //p' "$dest"/qemu_*.dsc > "$dest/VERSION"
rm -rf "$apt" "$dest"/qemu_*
