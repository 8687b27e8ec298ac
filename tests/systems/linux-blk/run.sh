#!/bin/sh
# linux-blk: Debian's Linux, with its own xen-blkfront on Umbra's blkback,
# makes an ext2 file system on a fresh 64 MiB image, writes 32 MiB to a
# file and syncs (write.xml); the host then finds that file in the image
# (debugfs, from e2fsprogs) and checks every byte with the same pattern
# program; the next boot (read.xml, a new machine on the same image) mounts
# it and checks every byte too.  Each boot must end with the guest's PASS,
# a clean power-off and every frame returned, and every hypercall Linux
# made must be in docs/linux.md's counted list (the hypervisor's census).
#   run.sh BUILD
build=$1
dir=tests/systems/linux-blk
logs=$build/tests/logs
img=$build/tests/systems/linux-blk.img
mkdir -p "$logs" || exit 1

fail() {
	echo "FAIL systems/linux-blk: $*"
	exit 1
}

rm -f "$img" && truncate -s 64M "$img" || fail "cannot make $img"
for boot in write read; do
	log=$logs/systems-linux-blk-$boot.log
	rm -f "$log"
	tools/umbra run --timeout 300 --append "loglvl=2 census" --log "$log" $dir/$boot.xml >/dev/null 2>&1
	rc=$?
	[ $rc -eq 0 ] || fail "the $boot boot: tools/umbra exited $rc (log: $log)"
	if grep -q "linux-blk: FAIL" "$log"; then
		fail "the $boot boot: $(grep -m1 'linux-blk: FAIL' "$log" | tr -d '\r') (log: $log)"
	fi
	grep -q "linux-blk: PASS" "$log" || fail "the $boot boot: no PASS from the guest (log: $log)"
	grep -q "^(UMBRA) all frames returned" "$log" || fail "the $boot boot: frames not all returned (log: $log)"
	tools/census "$log" --domain linux --check docs/linux.md >/dev/null ||
		fail "the $boot boot: Linux made a hypercall docs/linux.md does not list (tools/census)"
	if [ $boot = write ]; then
		rm -f "$img.data"
		/sbin/debugfs -R "dump /data $img.data" "$img" >/dev/null 2>&1 || fail "debugfs cannot read /data in $img"
		"$build/linux/progs/pattern" check "$img.data" 32 0x5eed >/dev/null ||
			fail "the host finds /data in the image different from what the guest wrote"
		rm -f "$img.data"
	fi
done
grep -q "linux-blk: read back the 32 MiB the last boot wrote" "$logs/systems-linux-blk-read.log" ||
	fail "the read boot did not read the data back"
echo "PASS systems/linux-blk"
