#!/usr/bin/env python3
"""Where a Linux guest's time goes: hypercalls per operation (issue 12).

Boots bench/linux/census.xml with the hypervisor's census on (`census` on
its command line).  The guest runs linux/progs/lmbench.c --marks: before
and after each figure it prints a mark and waits for a line; at each mark
this script presses the hypervisor's debug key 'c' (CTRL-a three times,
'c', CTRL-a three times back to dom0, which is attached to the guest's
console), which prints every domain's census so far.  The difference of
the Linux domain's census across a figure, divided by the operations the
figure timed, is what one operation asks of the hypervisor: printed per
figure as hypercalls (batched ops counted one by one) and traps per
operation, the biggest first.
Counts, not times: they do not depend on the host's load.  Printed, never
asserted."""
import os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
FIGURES = [("getppid", "getppid"), ("faults", "page fault"), ("mmap", "mmap+touch+munmap, 32 KiB"),
           ("mprotect", "mprotect x2, one page"), ("pipe", "pipe round trip"),
           ("fork_exit", "fork + exit (8 MB dirty)"), ("fork_exec", "fork + exec")]
CENSUS = re.compile(r"^\(UMBRA\) census: d\d+ \(linux\): (hypercall|trap) (\d+) sub (\d+): (\d+) calls", re.M)
MARK = re.compile(r"LMBENCH mark (\S+) (begin|end) (\d+)")
SHOWN = 6


def load_names():
    import importlib.machinery, importlib.util
    loader = importlib.machinery.SourceFileLoader("census_tool", os.path.join(ROOT, "tools", "census"))
    spec = importlib.util.spec_from_loader("census_tool", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod.Names()


def main():
    log = os.path.join(ROOT, "build", "bench", "linux-census.log")
    os.makedirs(os.path.dirname(log), exist_ok=True)
    steps = ["--expect-timeout", "300", "--expect", r"umbra> $", "--send-line", "console linux",
             "--expect", r"Connected to d\d+ \(linux\)"]
    for name, _ in FIGURES:
        for where in ("begin", "end"):
            steps += ["--expect", r"LMBENCH mark %s %s" % (name, where), "--send", r"\x01\x01\x01",
                      "--send", "c", "--expect", r"census: end", "--send", r"\x01\x01\x01", "--send-line", ""]
    steps += ["--expect", r"all frames returned"]
    cmd = [os.path.join(ROOT, "tools", "umbra"), "run", "--timeout", "900", "--append", "loglvl=2 census",
           "--log", log] + steps + [os.path.join(ROOT, "bench", "linux", "census.xml")]
    run = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    text = open(log, errors="replace").read().replace("\r", "") if os.path.exists(log) else ""
    if run.returncode != 0 or "lmbench: FAIL" in text:
        sys.exit("%sbench linux-census: the run failed; see %s" % (run.stdout, log))
    # Each 'c' press: the lines from "'c' pressed" to "census: end".
    snaps = [CENSUS.findall(part.split("census: end")[0]) for part in text.split("'c' pressed: hypercall census")[1:]]
    marks = MARK.findall(text)
    if len(snaps) != len(marks) or len(marks) != 2 * len(FIGURES):
        sys.exit("bench linux-census: %d marks and %d census snapshots; see %s" % (len(marks), len(snaps), log))
    names = load_names()
    print("Where a Linux guest's operations go: hypercalls and traps per operation (the hypervisor's census around each figure)")
    for i, (name, label) in enumerate(FIGURES):
        before = dict(((k, int(n), int(s)), int(c)) for k, n, s, c in snaps[2 * i])
        after = dict(((k, int(n), int(s)), int(c)) for k, n, s, c in snaps[2 * i + 1])
        ops = int(marks[2 * i + 1][2])
        diff = sorted(((after[k] - before.get(k, 0), k) for k in after if after[k] > before.get(k, 0)), reverse=True)
        total = sum(d for d, _ in diff) / ops
        parts = []
        for d, (kind, nr, sub) in diff[:SHOWN]:
            if kind == "trap":
                what = names.trap(nr, sub)
            else:
                hc = names.call(nr)
                op = names.op(hc, sub)
                what = hc if op == "-" else op
            parts.append("%s %.2f" % (what, d / ops))
        print("  %-28s %7.2f per op: %s" % (label, total, ", ".join(parts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
