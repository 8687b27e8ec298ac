# linux-net: Linux's own xen-netfront on Umbra's netback and bridge, the
# driver domain's virtio-net and QEMU's user network: busybox httpd serves
# /www on 10.0.2.15:80, which the host reaches through the 127.0.0.1 forward.
# A line typed at the console (dom0's `console ID`) ends it.
fail() { echo "linux-net: FAIL: $*"; exit 1; }
insmod /lib/modules/xen-netfront.ko || fail "insmod xen-netfront"
for i in 1 2 3 4 5 6 7 8 9 10; do [ -e /sys/class/net/eth0 ] && break; sleep 1; done
[ -e /sys/class/net/eth0 ] || fail "no eth0"
ip link set eth0 up && ip addr add 10.0.2.15/24 dev eth0 && ip route add default via 10.0.2.2 || fail "eth0 setup"
echo "linux-net: eth0 $(cat /sys/class/net/eth0/address), $(ping -c 1 -W 5 10.0.2.2 >/dev/null && echo 'the gateway answers' || echo 'no answer from the gateway')"
mkdir -p /www
echo "<p>Hello from Linux $(uname -r) on $(cat /sys/hypervisor/type), through xen-netfront</p>" > /www/index.html
pattern write /www/data 1 0x77 >/dev/null || fail "making /www/data"
httpd -p 80 -h /www || fail "httpd"
echo "linux-net: serving HTTP on 10.0.2.15:80; type a line to end"
read -r line
echo "linux-net: PASS"
