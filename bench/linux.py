#!/usr/bin/env python3
"""Debian's Linux on Umbra, beside the same kernel on Xen 4.17 (issue 12).

Boots bench/linux/system.xml once under plain TCG: the guest runs
linux/progs/lmbench.c (each figure the median of 11 runs inside the guest,
timed by its own clock) on its disk (a fresh 64 MiB image), then serves
16 MiB of text with busybox httpd, which the host fetches over the
127.0.0.1 forward (the serial script's fetch step checks every line and
times the GET).  Printed beside the figures the same kernel measured as a
PV domU of Xen 4.17 under the same QEMU TCG (the issue's research figures),
with Umbra's time as a share of Xen's (below 1.00: Umbra is faster).
The Xen figures come without their regions' sizes: mmap touches 32 KiB and
mprotect changes one page here, the sizes their ratios to Xen's page-fault
figure suggest (linux/progs/lmbench.c).
A boot that did not end with status 0, or a missing figure, fails without
a table.  Printed, never asserted; no instruction counts (wall time only:
the comparison is with Xen's wall times)."""
import os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINE = r"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_\n"
MIB = 16
# name: (label, Xen 4.17 ns/op)
XEN = [("getppid", "getppid (one system call)", 27547),
       ("page-fault", "page fault", 79529),
       ("mmap-touch-unmap", "mmap+touch+munmap, 32 KiB", 737205),
       ("mprotect-x2", "mprotect x2, one page", 116062),
       ("pipe-rtt", "pipe round trip", 328861),
       ("fork-exit", "fork + exit (8 MB dirty)", 7643209),
       ("fork-exec", "fork + exec", 13251602)]
FIG = re.compile(r"LMBENCH (\S+) (\d+)")
FETCHED = re.compile(r"^\(umbra\) fetch /data: (\d+) bytes matched, ([0-9.]+) s from the request", re.M)


def main():
    img = os.path.join(ROOT, "build", "bench", "linux.img")
    log = os.path.join(ROOT, "build", "bench", "linux.log")
    os.makedirs(os.path.dirname(img), exist_ok=True)
    with open(img, "wb") as f:
        f.truncate(64 << 20)
    steps = ["--expect-timeout", "300", "--expect", r"LMBENCH done",
             "--expect", r"lmbench: serving /data",
             "--fetch", r"/data \A(%s){%d}\Z" % (LINE, MIB * 1024 * 1024 // 64),
             "--expect", r"umbra> $", "--send-line", "console 2", "--expect", r"Connected to d2",
             "--send-line", "done", "--expect", r"all frames returned"]
    cmd = [os.path.join(ROOT, "tools", "umbra"), "run", "--timeout", "600", "--log", log] + steps + \
          [os.path.join(ROOT, "bench", "linux", "system.xml")]
    run = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    text = open(log, errors="replace").read().replace("\r", "") if os.path.exists(log) else ""
    figs = dict((m.group(1), int(m.group(2))) for m in FIG.finditer(text))
    fetched = FETCHED.search(text)
    if run.returncode != 0 or "lmbench: FAIL" in text or not fetched or \
            any(k not in figs for k, _, _ in XEN) or "blk-seq-read-kbps" not in figs:
        sys.exit("%sbench linux: run failed or a figure is missing; see %s" % (run.stdout, log))
    print("Debian's Linux as a PV guest (median ns/op inside the guest, plain TCG; Xen 4.17 PV domU under the same QEMU)")
    print("  %-28s %14s %14s %8s" % ("", "Umbra", "Xen 4.17", "Umbra/Xen"))
    for key, label, xen in XEN:
        print("  %-28s %11d ns %11d ns %8.2f" % (label, figs[key], xen, figs[key] / xen))
    mbs = figs["blk-seq-read-kbps"] / 1024.0
    print("  %-28s %9.1f MB/s %14s" % ("disk sequential read", mbs, "76-153 MB/s"))
    print("  %-28s %11.3f ms %11.2f ms %8.2f" % ("disk 4 KiB random read", figs["blk-4k-read"] / 1e6, 0.85,
                                                  figs["blk-4k-read"] / 1e6 / 0.85))
    tcp = int(fetched.group(1)) / float(fetched.group(2)) / 1e6
    print("  %-28s %9.1f MB/s %14s" % ("TCP guest to host", tcp, "41-47 MB/s"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
