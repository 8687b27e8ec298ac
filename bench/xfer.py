#!/usr/bin/env python3
"""Inter-domain transfer costs (issue 4's measurements).

  * instructions per event-channel round trip between two domains, under
    QEMU -icount shift=0 (the TSC counts instructions, hypervisor included);
  * GNTTABOP_copy of 4 KiB into another domain's granted page: MB/s from the
    median wall time over several runs under plain TCG, and instructions per
    copy under -icount."""
import os, re, statistics, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = 5


def run(icount):
    log = os.path.join(ROOT, "build", "bench", "xfer-%s.log" % ("icount" if icount else "tcg"))
    elf = os.path.join(ROOT, "build", "bench", "xfer.elf")
    cmd = [os.path.join(ROOT, "tools", "umbra"), "run", "--timeout", "300", "--log", log,
           elf, elf + " image-only"]
    if icount:
        cmd[2:2] = ["--qemu-arg=-icount", "--qemu-arg=shift=0,sleep=off"]
    if subprocess.run(cmd).returncode != 0:
        sys.exit("bench xfer: run failed; see " + log)
    return dict((m.group(1), int(m.group(2)))
                for m in re.finditer(r"BENCH (\S+) (\d+)", open(log).read()))


def main():
    ic = run(True)
    wall = [run(False)["gnttab-copy-4k-ns"] for _ in range(RUNS)]
    med = statistics.median(wall)
    print("Inter-domain transfer")
    print(f"  event-channel round trip (2 domains):  {ic['evtchn-roundtrip-tsc']} instructions (-icount shift=0)")
    print(f"  grant copy, 4 KiB:                     {ic['gnttab-copy-4k-tsc']} instructions (-icount shift=0)")
    print(f"  grant copy, 4 KiB:                     {4096 / med * 1e3:.0f} MB/s "
          f"(median {med:.0f} ns per copy over {RUNS} runs, plain TCG; min {min(wall)}, max {max(wall)} ns)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
