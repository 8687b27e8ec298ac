#!/usr/bin/env python3
"""Instructions per page-table entry update, by path (issue 3's measurement).

Boots bench/mmu (build/bench/mmu.elf) under QEMU with -icount shift=0,sleep=off,
where the TSC counts guest instructions, hypervisor included; the hypervisor
also runs the ring-0 baseline at boot ("bench-direct").  Prints a table with
each path's cost and its ratio to the direct write.  Deterministic: the same
build gives the same numbers."""
import os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    log = os.path.join(ROOT, "build", "bench", "mmu.log")
    cmd = [os.path.join(ROOT, "tools", "umbra"), "run", "--timeout", "120", "--log", log,
           "--append", "loglvl=2 bench-direct", "--qemu-arg=-icount", "--qemu-arg=shift=0,sleep=off",
           os.path.join(ROOT, "build", "bench", "mmu.elf")]
    rc = subprocess.run(cmd).returncode
    text = open(log).read()
    vals = dict((m.group(1), int(m.group(2))) for m in re.finditer(r"BENCH (\S+) (\d+)", text))
    if rc != 0 or "BENCH FAIL" in text or "direct-ring0" not in vals:
        print("bench mmu: run failed; see " + log, file=sys.stderr)
        return 1
    base = vals["direct-ring0"]
    rows = [("direct write, ring-0 kernel (no hypervisor)", "direct-ring0"),
            ("mmu_update, batch of 1", "mmu_update-batch-1"),
            ("mmu_update, batch of 16", "mmu_update-batch-16"),
            ("mmu_update, batch of 512", "mmu_update-batch-512"),
            ("update_va_mapping", "update_va_mapping"),
            ("store to the L1, emulated (writable page tables)", "ptwr-store")]
    print("Instructions per page-table entry update (QEMU -icount shift=0; 512 updates each)")
    print(f"{'path':50} {'instructions':>12} {'x direct':>9}")
    for name, key in rows:
        print(f"{name:50} {vals[key]:>12} {vals[key] / base:>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
