#!/bin/sh
# Fetch Debian's source package "lwip" with apt and unpack it, Debian's
# patches applied, into DEST/src; its version goes to DEST/VERSION.
# Usage: mk/lwip-fetch.sh DEST (an absolute path).
#
# No binary Debian package ships lwIP's .c files (liblwip0 is a Linux
# shared library, liblwip-dev its headers), so the source package is the
# one Debian-made form Umbra's guests can be built from.  The system's apt
# configuration has no deb-src lines, and this script leaves it alone: it
# gives apt a private source list (the system's Debian entries with their
# type changed to deb-src, so the same archive, suites and keyring), private
# lists and a private cache, all under DEST/apt, removed at the end.  apt
# checks what it downloads against the archive's signed index, as it does
# for binary packages, so dpkg-source is told not to look for the uploader's
# signature (whose key is not on the machine).  mk/apt-private.sh sets up
# that state.
set -e
dest=$1
apt=$dest/apt
rm -rf "$dest/src" "$apt" "$dest"/lwip_*
types=deb-src
. "$(dirname "$0")/apt-private.sh"
(cd "$dest" && apt-get -q "$@" source --download-only lwip)
dpkg-source --no-check -x "$dest"/lwip_*.dsc "$dest/src"
sed -n 's/^Version: //p' "$dest"/lwip_*.dsc > "$dest/VERSION"
rm -rf "$apt"
