#!/usr/bin/env python3
"""The fast paths against their targets (issue 15): instructions per
operation under QEMU -icount shift=0 (the TSC counts instructions,
hypervisor included), from the benchmark kernels bench/hypercall, bench/mmu
and bench/xfer.  Prints each path's figure, its target and whether it is
met; docs/performance.md has the profile (make profile) of what remains
where one is missed.  Deterministic: the same build gives the same
numbers."""
import os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "build", "bench")

# (label, kernel, BENCH key, target)
PATHS = [("near-null hypercall (xen_version)", "hypercall", "xen_version", 100),
         ("mmu_update per entry, batch of 512", "mmu", "mmu_update-batch-512", 250),
         ("update_va_mapping", "mmu", "update_va_mapping", 400),
         ("event-channel round trip, 2 domains", "xfer", "evtchn-roundtrip-tsc", 2500),
         ("grant copy of 4 KiB (copy included)", "xfer", "gnttab-copy-4k-tsc", 800)]


def run(kernel):
    log = os.path.join(BENCH, f"fastpath-{kernel}.log")
    elf = os.path.join(BENCH, kernel + ".elf")
    kernels = [elf, elf + " image-only"] if kernel == "xfer" else [elf]
    cmd = [os.path.join(ROOT, "tools", "umbra"), "run", "--timeout", "300", "--log", log,
           "--append", "loglvl=2", "--qemu-arg=-icount", "--qemu-arg=shift=0,sleep=off"] + kernels
    rc = subprocess.run(cmd).returncode
    text = open(log).read() if os.path.exists(log) else ""
    if rc != 0 or "BENCH FAIL" in text:
        sys.exit(f"bench fastpath: {kernel} failed; see {log}")
    return dict((m.group(1), int(m.group(2))) for m in re.finditer(r"BENCH (\S+) (\d+)", text))


def main():
    vals = {}
    for k in dict.fromkeys(k for _, k, _, _ in PATHS):
        vals[k] = run(k)
    print("Fast paths: instructions per operation (QEMU -icount shift=0), against the targets")
    print(f"{'path':42} {'instructions':>12} {'target':>7}")
    for label, kernel, key, target in PATHS:
        v = vals[kernel][key]
        print(f"{label:42} {v:>12} {target:>7}  {'met' if v <= target else 'missed'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
