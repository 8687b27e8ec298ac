# linux-blk: Linux's own xen-blkfront on Umbra's blkback.  "umbra.blk=write"
# makes an ext2 file system on xvda (busybox mke2fs), mounts it with
# Debian's ext4 driver, writes 32 MiB of /bin/pattern's bytes to /data,
# syncs and unmounts; "umbra.blk=read" (the next boot, on the same image)
# mounts it and checks every byte.
fail() { echo "linux-blk: FAIL: $*"; exit 1; }
mode=$(sed -n 's/.*umbra\.blk=\([a-z]*\).*/\1/p' /proc/cmdline)
for m in crc16 crc32c_generic mbcache jbd2 ext4 xen-blkfront; do
	insmod /lib/modules/$m.ko || fail "insmod $m"
done
for i in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/xvda ] && break; sleep 1; done
[ -b /dev/xvda ] || fail "no /dev/xvda"
echo "linux-blk: xvda has $(cat /sys/block/xvda/size) sectors"
mkdir -p /mnt
if [ "$mode" = write ]; then
	mke2fs -q /dev/xvda >/dev/null || fail "mke2fs"
	mount -t ext4 /dev/xvda /mnt || fail "mount"
	pattern write /mnt/data 32 0x5eed || fail "writing /mnt/data"
	sync
	umount /mnt || fail "umount"
	echo "linux-blk: wrote 32 MiB to an ext2 file system on xvda, synced, unmounted"
else
	mount -t ext4 -o ro /dev/xvda /mnt || fail "mount"
	pattern check /mnt/data 32 0x5eed || fail "reading /mnt/data back"
	umount /mnt
	echo "linux-blk: read back the 32 MiB the last boot wrote"
fi
echo "linux-blk: PASS"
