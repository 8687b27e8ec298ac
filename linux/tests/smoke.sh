# linux-smoke: the PV MMU and the scheduler under a Linux workload:
# /bin/smoke (linux/progs/smoke.c) forks and execs 1000 times, sends 10000
# messages through pipes, maps, touches and unmaps 100 times 4 MiB, flips
# mprotect 1000 times, and runs 4 processes filling 32 MiB each at once;
# every result is checked.
smoke 1000 || { echo "linux-smoke: FAIL"; exit 1; }
echo "linux-smoke: PASS"
