#!/bin/sh
# blk-persist: data a guest writes to its disk in one boot is read back in
# the next.  A fresh image gets 16 random bytes in sector 0 (the host's
# seed); the first boot (write.xml) writes 1 MiB derived from the seed from
# sector 1 and flushes; the second boot (read.xml, a new machine on the same
# image file) must read that 1 MiB back.  A disk served from a RAM disk
# fails both: it reads no seed, and keeps nothing between boots.  Each boot
# must end with the guest's TEST PASS and every frame returned.
#   run.sh BUILD
build=$1
dir=tests/systems/blk-persist
logs=$build/tests/logs
img=$build/tests/systems/blk-persist.img
mkdir -p "$logs" || exit 1

fail() {
	echo "FAIL systems/blk-persist: $*"
	exit 1
}

tests/systems/blk-image.py seed "$img" || fail "cannot make $img"
for boot in write read; do
	log=$logs/systems-blk-persist-$boot.log
	rm -f "$log"
	tools/umbra run --timeout 240 --log "$log" $dir/$boot.xml >/dev/null 2>&1
	rc=$?
	[ $rc -eq 0 ] || fail "the $boot boot: tools/umbra exited $rc (log: $log)"
	if grep -q "TEST FAIL" "$log"; then
		fail "the $boot boot: $(grep -m1 'TEST FAIL' "$log") (log: $log)"
	fi
	grep -q "^(d2) TEST PASS" "$log" || fail "the $boot boot: no TEST PASS from the guest (log: $log)"
	grep -q "^(UMBRA) all frames returned" "$log" || fail "the $boot boot: frames not all returned (log: $log)"
	grep -q "served from its image file through the back end's virtio-blk 0000:00:10.0" "$log" ||
		fail "the $boot boot: the disk was not served from the image file (log: $log)"
done
grep -q "blk: read back 1 MiB the last boot wrote" "$logs/systems-blk-persist-read.log" ||
	fail "the read boot did not read the data back"
echo "PASS systems/blk-persist"
