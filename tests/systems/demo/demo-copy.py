#!/usr/bin/env python3
"""The demo system for tests: config/examples/demo.xml booted on a disk image
of the test's own, never the user's build/demo/disk.img (which `make run`
keeps from run to run, and which QEMU locks while a demo runs).

  demo-copy.py system OUT.xml IMAGE [BOOTS NOTE]
      OUT.xml: demo.xml as it is, but with its kernel paths made absolute (so
      the copy boots from anywhere) and its one disk's image file IMAGE;
      IMAGE: a fresh 1 MiB image (the size demo/demo.mk gives the demo's),
      blank, or with the record of demo/disk/main.c saying BOOTS and NOTE in
      sector 0.
  demo-copy.py check IMAGE BOOTS NOTE
      sector 0 of IMAGE holds exactly the record saying BOOTS and NOTE.
Exit status 0 when done or as said, 1 with one line saying why not.
"""
import os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
DEMO = os.path.join(ROOT, "config", "examples", "demo.xml")
IMAGE_BYTES = 1 << 20


def record(boots, note):
    return f"umbra demo disk\nboots: {boots}\nnote: {note}\n".encode().ljust(512, b"\0")


def system(out, image, boots=None, note=None):
    text = open(DEMO).read()
    here = os.path.dirname(DEMO)
    text, kernels = re.subn(r"<kernel>([^<]+)</kernel>",
                            lambda m: f"<kernel>{os.path.normpath(os.path.join(here, m.group(1)))}</kernel>", text)
    text, disks = re.subn(r"<source file='[^']+'/>", f"<source file='{os.path.abspath(image)}'/>", text)
    if disks != 1 or kernels < 2:
        sys.exit(f"{DEMO}: expected one <source file=...> and kernels, found {disks} and {kernels}")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w") as f:
        f.write(text)
    with open(image, "wb") as f:
        if boots is not None:
            f.write(record(boots, note))
        f.truncate(IMAGE_BYTES)


def check(image, boots, note):
    with open(image, "rb") as f:
        have = f.read(512)
    if have != record(boots, note):
        sys.exit(f"{image}: sector 0 holds {have.rstrip(bytes(1))!r}, expected {record(boots, note).rstrip(bytes(1))!r}")


def main():
    args = sys.argv[1:]
    if len(args) in (3, 5) and args[0] == "system":
        system(*args[1:3], *(args[3:] or [None, None]))
    elif len(args) == 4 and args[0] == "check":
        check(*args[1:])
    else:
        sys.exit("usage: demo-copy.py system OUT.xml IMAGE [BOOTS NOTE] | check IMAGE BOOTS NOTE")


if __name__ == "__main__":
    main()
