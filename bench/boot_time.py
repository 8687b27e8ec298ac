#!/usr/bin/env python3
"""Wall time from QEMU start to a PV guest's greeting (plain TCG).

Boots build/tests/guests/hello.elf RUNS times and reports the median, min
and max of the time from spawning QEMU to the serial line that carries the
greeting, and to QEMU's exit.  A measurement, not a test: it asserts only
that the greeting appeared."""
import os, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = 9


def one():
    cmd = [os.path.join(ROOT, "tools", "umbra"), "run", "--timeout", "30",
           os.path.join(ROOT, "build", "tests", "guests", "hello.elf")]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         stdin=subprocess.DEVNULL, text=True)
    greet = None
    for line in p.stdout:
        if greet is None and "Hello from an Umbra PV guest" in line:
            greet = time.monotonic() - t0
    p.wait()
    return greet, time.monotonic() - t0, p.returncode


def main():
    greets, totals = [], []
    for _ in range(RUNS):
        g, t, rc = one()
        if g is None or rc != 0:
            print(f"boot-time: greeting missing or exit {rc}", file=sys.stderr)
            return 1
        greets.append(g * 1000)
        totals.append(t * 1000)
    print(f"boot to greeting (hello.elf, {RUNS} runs, plain TCG): median {statistics.median(greets):.0f} ms "
          f"(min {min(greets):.0f}, max {max(greets):.0f}); whole run median {statistics.median(totals):.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
