#!/usr/bin/env python3
"""Creating and destroying a run-time domain from dom0's shell (issue 10).

Boots bench/toolstack/system.xml (dom0 and `bench`, a 4 MiB PV guest
marked autostart='no') and types, ROUNDS times over, `time create bench`
and `time destroy bench` at dom0's prompt (a scripted serial session,
tools/serial_script.py), then `poweroff`.  dom0's `time` prints what the
command took in system time and in TSC ticks:
  * create: the manifest and the kernel read from their boot modules, the
    build, the XenStore introduction, the console served, the unpause;
  * destroy: domctl destroydomain, which returns when the hypervisor has
    torn the domain down (the store's release of it comes after).
Under QEMU -icount shift=0,sleep=off the TSC counts instructions (dom0's
and the hypervisor's, and the new guest's if it runs before dom0 is
done): one boot gives those, the median over the rounds (and their range,
to see they are stable).  Plain TCG gives wall time: the median over the
rounds of RUNS boots.  A round that did not print `Created dN (bench)`
before its create time and `Destroyed dN (bench)` before its destroy time,
or a run that did not end with status 0, fails without a figure.

The hypervisor's memory per domain: dom0's `info` gives the free pages
before the first create and while the first `bench` runs; what the create
took beyond the domain's own 4 MiB (1024 pages) is what the hypervisor
keeps for it from the free pool; its slot in the hypervisor's static
domain table (the size of `domains` in build/kernel.elf over MAX_DOMAINS)
comes on top."""
import os, re, statistics, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SYSTEM = os.path.join(ROOT, "bench", "toolstack", "system.xml")
NAME = "bench"
DOMAIN_PAGES = 1024                     # bench's 4 MiB
FREE = re.compile(r"^\(d0\) free_pages +: (\d+)$", re.M)
ROUNDS = 10
RUNS = 3
DONE = re.compile(r"^\(d0\) (Created|Destroyed) d(\d+) \(" + NAME + r"\)")
TIME = re.compile(r"^\(d0\) time: (create|destroy): (\d+) ns, (\d+) TSC ticks$")
WORD = {"create": "Created", "destroy": "Destroyed"}


def script():
    """The serial steps: each round waits for the guest's greeting (it runs)
    and, after the destroy, for the store to have released it."""
    info = ["--send-line", "info", "--expect", FREE.pattern, "--expect", r"umbra> $"]
    steps = ["--expect", r"umbra> $"] + info
    for i in range(ROUNDS):
        steps += ["--send-line", "time create " + NAME,
                  "--expect", r"^\(d0\) Created d(?P<id>\d+) \(" + NAME + r"\): ",
                  "--expect", r"^\(d0\) time: create: \d+ ns, \d+ TSC ticks$",
                  "--expect", r"^\(d0\) d(?P=id) \(" + NAME + r"\): " + NAME + ": type a line at me",
                  "--expect", r"umbra> $"] + (info if i == 0 else [])
        steps += ["--send-line", "time destroy " + NAME,
                  "--expect", r"^\(d0\) Destroyed d(?P=id) \(" + NAME + r"\)$",
                  "--expect", r"^\(d0\) time: destroy: \d+ ns, \d+ TSC ticks$",
                  "--expect", r"^\(d0\) xenstore: d(?P=id) released$",
                  "--expect", r"umbra> $"]
    return steps + ["--send-line", "poweroff", "--expect", r"^\(d0\) dom0: powering off$"]


def rounds(text):
    """{"create": [(ns, ticks), ...], "destroy": [...]} from the log; None if a
    time line lacks its command's success line just before it (only the
    hypervisor's own lines may come between)."""
    got, last = {"create": [], "destroy": []}, None
    for line in text.replace("\r", "").splitlines():
        m = DONE.match(line)
        if m:
            last = m.group(1)
            continue
        m = TIME.match(line)
        if m:
            if last != WORD[m.group(1)]:
                return None
            got[m.group(1)].append((int(m.group(2)), int(m.group(3))))
        if not line.startswith("(UMBRA)"):
            last = None
    return got


def run(icount, n):
    log = os.path.join(ROOT, "build", "bench", "toolstack-%s.log" % ("icount" if icount else "tcg%d" % n))
    cmd = [os.path.join(ROOT, "tools", "umbra"), "run", "--timeout", "300", "--log", log] + script() + [SYSTEM]
    if icount:
        cmd[2:2] = ["--qemu-arg=-icount", "--qemu-arg=shift=0,sleep=off"]
    os.makedirs(os.path.dirname(log), exist_ok=True)
    rc = subprocess.run(cmd).returncode
    text = open(log, errors="replace").read() if os.path.exists(log) else ""
    got = rounds(text)
    free = [int(n) for n in FREE.findall(text.replace("\r", ""))]
    if rc != 0 or got is None or any(len(v) != ROUNDS for v in got.values()) or len(free) != 2:
        sys.exit("bench toolstack: run failed; see " + log)
    got["overhead_pages"] = free[0] - free[1] - DOMAIN_PAGES
    return got


def domain_slot_bytes():
    """The static domain table's size per domain, from the kernel's symbols."""
    nm = subprocess.run(["nm", "-S", os.path.join(ROOT, "build", "kernel.elf")],
                        capture_output=True, text=True).stdout
    size = next(int(l.split()[1], 16) for l in nm.splitlines() if l.split()[-1] == "domains")
    hdr = open(os.path.join(ROOT, "kernel", "include", "domain.h")).read()
    return size // int(re.search(r"#define MAX_DOMAINS (\d+)", hdr).group(1))


def main():
    ic = run(True, 0)
    tcg = [run(False, n) for n in range(RUNS)]
    print(f"Run-time domains (dom0's create/destroy, 4 MiB PV guest, {ROUNDS} rounds a boot)")
    for op in ("create", "destroy"):
        ins = [t for _, t in ic[op]]
        ns = statistics.median(s for r in tcg for s, _ in r[op])
        print(f"  {op + ':':8} {statistics.median(ins):,.0f} instructions (-icount shift=0; "
              f"rounds {min(ins):,} to {max(ins):,}); {ns / 1e6:.1f} ms "
              f"(median of {RUNS * ROUNDS} rounds over {RUNS} boots, plain TCG)")
    kib, slot = ic["overhead_pages"] * 4, domain_slot_bytes()
    print(f"  hypervisor memory per domain: {kib} KiB taken at create beyond the domain's own "
          f"{DOMAIN_PAGES} pages, and its {slot / 1024:.0f} KiB slot in the static domain table")
    return 0


if __name__ == "__main__":
    sys.exit(main())
