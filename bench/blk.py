#!/usr/bin/env python3
"""The block path from a guest to a host image file (issue 11's measurements).

Boots bench/blk/system.xml: dom0, a back-end domain owning the virtio-blk at
PCI slot 0x10 (split-drivers/blkback-domain.elf) and a guest
(bench/blk/main.c) whose vbd it serves from build/bench/blk.img.  Before
every boot the image is made afresh: 128 MiB, the first 64 MiB the host's
pattern (each sector: its number, "HOSTDATA", then its number's low byte),
the last 64 MiB zeros.  The guest reads the first 64 MiB (checking every
sector's header, and every byte of the first and last requests), writes the
last 64 MiB (its last request a WRITE_BARRIER: the data, then a flush),
then reads 4 KiB at 1000 pseudo-random places one
at a time.  After every boot the image must hold the guest's header in
every sector of the write region and the host's pattern, unchanged, in the
read region; a run that fails any check gives no figure.

Under QEMU -icount shift=0,sleep=off the guest's TSC counts instructions
(every domain's and the hypervisor's): one boot gives those.  While every
domain waits for QEMU's I/O thread the machine is idle, and sleep=off lets
the virtual clock jump to the next timer (the hypervisor's 1 ms tick at
most): a path that waits for each request (the random reads) counts that
jump too, so its figure is ticks, an upper bound on the instructions.  Plain TCG gives wall time: medians over RUNS boots.
For comparison, Xen 4.17 PV under the same QEMU (research figures):
76-153 MB/s sequential read, 0.85 ms per 4 KiB random read."""
import os, re, statistics, struct, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SYSTEM = os.path.join(ROOT, "bench", "blk", "system.xml")
IMAGE = os.path.join(ROOT, "build", "bench", "blk.img")
SPAN = 64 << 20
RUNS = 5


def host_sector(s):
    return struct.pack("<Q", s) + b"HOSTDATA" + bytes([s & 0xFF]) * 496


def read_region():
    return b"".join(host_sector(s) for s in range(SPAN // 512))


def make_image(region):
    os.makedirs(os.path.dirname(IMAGE), exist_ok=True)
    with open(IMAGE, "wb") as f:
        f.write(region)
        f.truncate(2 * SPAN)


def check_image(region):
    """None when the image holds what it must after a run, else why not."""
    with open(IMAGE, "rb") as f:
        if f.read(SPAN) != region:
            return "the read region changed"
        data = f.read(SPAN)
    if len(data) != SPAN:
        return "the image is shorter than 128 MiB"
    first = SPAN // 512
    for i in range(0, SPAN, 512):
        if data[i:i + 16] != struct.pack("<Q", first + i // 512) + b"GUESTWR!":
            return f"sector {first + i // 512} does not hold the guest's header"
    return None


def run(icount, n, region):
    log = os.path.join(ROOT, "build", "bench", "blk-%s.log" % ("icount" if icount else "tcg%d" % n))
    make_image(region)
    cmd = [os.path.join(ROOT, "tools", "umbra"), "run", "--timeout", "600", "--log", log, SYSTEM]
    if icount:
        cmd[2:2] = ["--qemu-arg=-icount", "--qemu-arg=shift=0,sleep=off"]
    rc = subprocess.run(cmd).returncode
    text = open(log, errors="replace").read() if os.path.exists(log) else ""
    if rc != 0 or "TEST PASS" not in text:
        sys.exit("bench blk: run failed; see " + log)
    why = check_image(region)
    if why:
        sys.exit(f"bench blk: {IMAGE}: {why} (log {log})")
    return dict((m.group(1), int(m.group(2))) for m in re.finditer(r"BENCH (\S+) (\d+)", text))


def main():
    region = read_region()
    ic = run(True, 0, region)
    tcg = [run(False, n, region) for n in range(RUNS)]
    mb = lambda ns: SPAN / 1e6 / (ns / 1e9)
    print("Block I/O (blkfront -> blkback in a driver domain -> virtio-blk -> image file; "
          "64 MiB, 11-page requests, 32 in flight)")
    for name, what in (("blk-seq-read", "sequential read: "), ("blk-seq-write", "sequential write:")):
        ns = [r[name + "-ns"] for r in tcg]
        med = statistics.median(ns)
        print(f"  {what} {mb(med):6.1f} MB/s (median of {RUNS} runs, plain TCG; "
              f"{mb(max(ns)):.1f} to {mb(min(ns)):.1f}); {ic[name + '-tsc'] / (SPAN / 4096):,.0f} "
              f"instructions per 4 KiB (-icount shift=0)"
              + ("; Xen 4.17 PV: 76-153 MB/s" if name == "blk-seq-read" else ""))
    ns = [r["blk-rand-read-4k-ns"] for r in tcg]
    print(f"  4 KiB random read: {statistics.median(ns) / 1e6:.3f} ms (median of {RUNS} runs' medians "
          f"of 1000 reads, plain TCG; {min(ns) / 1e6:.3f} to {max(ns) / 1e6:.3f}); "
          f"{ic['blk-rand-read-4k-tsc']:,} TSC ticks (-icount shift=0, median; instructions and the "
          f"idle wait's jump to the next timer); Xen 4.17 PV: 0.85 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
