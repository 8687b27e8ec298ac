#!/bin/sh
# The manifest reader must link into the kernel, which offers no C library
# beyond memcpy, memset and memcmp.  OBJ is config/manifest.c compiled
# freestanding (see tests/config/config.mk); this lists what it needs.
obj=$1
extra=$(nm -u "$obj" | awk '{print $2}' | grep -v -x -e memcpy -e memset -e memcmp | tr '\n' ' ')
if [ ! -s "$obj" ]; then
	echo "FAIL config/manifest-freestanding: $obj missing"
elif [ -n "$extra" ]; then
	echo "FAIL config/manifest-freestanding: needs $extra"
else
	echo "PASS config/manifest-freestanding"
fi
