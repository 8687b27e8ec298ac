# linux-smp: two vCPUs, both online, and work running on each: a busy loop
# pinned to each CPU must add CPU time to that CPU in /proc/stat, then the
# smoke workload (linux/progs/smoke.c) runs across both, so page tables,
# TLB flushes and wake-ups cross vCPUs, every result checked.
fail() { echo "linux-smp: FAIL: $*"; exit 1; }
online=$(cat /sys/devices/system/cpu/online)
echo "linux-smp: CPUs online: $online"
[ "$online" = 0-1 ] || fail "online CPUs $online, expected 0-1"
busy() { sed -n "s/^cpu$1 \([0-9]*\) [0-9]* \([0-9]*\) .*/\1 \2/p" /proc/stat | { read u s; echo $((u + s)); }; }
a0=$(busy 0); a1=$(busy 1)
for c in 0 1; do
	taskset -c $c sh -c 'i=0; while [ $i -lt 30000 ]; do i=$((i + 1)); done' &
done
wait
d0=$(($(busy 0) - a0)); d1=$(($(busy 1) - a1))
echo "linux-smp: busy loops pinned to each CPU: cpu0 +$d0, cpu1 +$d1 ticks of user and system time"
[ $d0 -gt 10 ] && [ $d1 -gt 10 ] || fail "a CPU did not run its loop (cpu0 +$d0, cpu1 +$d1)"
smoke 300 || fail "the smoke workload on two vCPUs"
echo "linux-smp: PASS"
