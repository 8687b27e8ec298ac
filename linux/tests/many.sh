# linux-many: one of several Linux guests at once, each with its own disk:
# it writes 4 MiB of its own bytes (the seed is its domain id) straight to
# xvda, drops the page cache and reads them back, reports healthy, and keeps
# running until dom0 destroys it.
fail() { echo "linux-many: FAIL: $*"; exit 1; }
insmod /lib/modules/xen-blkfront.ko || fail "insmod xen-blkfront"
for i in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/xvda ] && break; sleep 1; done
[ -b /dev/xvda ] || fail "no /dev/xvda"

seed=$(cat /proc/sys/kernel/random/boot_id | tr -dc 0-9 | head -c 8)
pattern write /dev/xvda 4 "$seed" >/dev/null || fail "writing xvda"
echo 3 > /proc/sys/vm/drop_caches
pattern check /dev/xvda 4 "$seed" >/dev/null || fail "reading xvda back"
echo "linux-many: healthy: $(grep -c ^processor /proc/cpuinfo) CPU, $(sed -n 's/^MemTotal: *//p' /proc/meminfo), xvda written and read back"
while true; do sleep 1000; done
