#!/usr/bin/env python3
"""XenStore round trips from a guest to dom0's store (issue 10's measurement).

Boots bench/xenstore/system.xml (dom0 with exit-when-alone, and the bench
guest build/bench/xenstore.elf) and prints the cost of one XS_READ and one
XS_WRITE round trip, request to reply, as the guest sees it:
  * instructions, under QEMU -icount shift=0,sleep=off (the TSC counts
    instructions: the guest's, dom0's and the hypervisor's); deterministic;
  * wall time under plain TCG, the median over RUNS runs.
The guest checks every answer (a read gives the value last written, a write
"OK"); a wrong or missing one fails the run and no figure is printed."""
import os, re, statistics, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SYSTEM = os.path.join(ROOT, "bench", "xenstore", "system.xml")
KEYS = ("xenstore-read-tsc", "xenstore-write-tsc", "xenstore-read-ns", "xenstore-write-ns")
RUNS = 5


def run(icount):
    log = os.path.join(ROOT, "build", "bench", "xenstore-%s.log" % ("icount" if icount else "tcg"))
    cmd = [os.path.join(ROOT, "tools", "umbra"), "run", "--timeout", "300", "--log", log, SYSTEM]
    if icount:
        cmd[2:2] = ["--qemu-arg=-icount", "--qemu-arg=shift=0,sleep=off"]
    rc = subprocess.run(cmd).returncode
    text = open(log, errors="replace").read() if os.path.exists(log) else ""
    vals = dict((m.group(1), int(m.group(2))) for m in re.finditer(r"BENCH (\S+) (\d+)", text))
    if rc != 0 or "BENCH FAIL" in text or any(k not in vals for k in KEYS):
        sys.exit("bench xenstore: run failed; see " + log)
    return vals


def main():
    ic = run(True)
    tcg = [run(False) for _ in range(RUNS)]
    rd = statistics.median(v["xenstore-read-ns"] for v in tcg)
    wr = statistics.median(v["xenstore-write-ns"] for v in tcg)
    print("XenStore round trips (guest <-> dom0)")
    print(f"  read:  {ic['xenstore-read-tsc']} instructions (-icount shift=0); "
          f"{rd / 1000:.1f} us (median of {RUNS} runs, plain TCG)")
    print(f"  write: {ic['xenstore-write-tsc']} instructions (-icount shift=0); "
          f"{wr / 1000:.1f} us (median of {RUNS} runs, plain TCG)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
