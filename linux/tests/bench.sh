# The Linux guest's side of `make bench` (bench/linux.py): the lmbench-like
# set on its own disk (linux/progs/lmbench.c), then 16 MiB of text served by
# busybox httpd for the host to fetch through the 127.0.0.1 forward; a line
# typed at the console ends it.
insmod /lib/modules/xen-blkfront.ko
insmod /lib/modules/xen-netfront.ko
for i in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/xvda ] && [ -e /sys/class/net/eth0 ] && break; sleep 1; done
lmbench /dev/xvda
ip link set eth0 up && ip addr add 10.0.2.15/24 dev eth0 && ip route add default via 10.0.2.2
mkdir -p /www
yes 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_ | head -c 16777216 > /www/data
httpd -p 80 -h /www
echo "lmbench: serving /data on 10.0.2.15:80; type a line to end"
read -r line
