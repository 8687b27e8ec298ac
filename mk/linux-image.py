#!/usr/bin/env python3
"""Turn Debian's Linux package into what Umbra boots as a PV guest.

  linux-image.py vmlinux BZIMAGE OUT
      The ELF kernel inside a bzImage (Debian's /boot/vmlinuz-*): the
      setup header's payload_offset and payload_length name the compressed
      ELF, which is decompressed (xz or gzip, what Debian's kernels use), as
      Xen's toolstack does before it reads the Xen notes.
  linux-image.py initramfs ROOT LIST OUT
      A gzip-compressed cpio archive (the "newc" format Linux unpacks into
      its root file system), built from the lines of LIST:
        dir PATH                  a directory (mode 0755)
        file PATH SOURCE MODE     a file from the source tree (or build/), octal MODE
        copy PATH FROM MODE       a file from ROOT (the unpacked packages)
        module NAME               /lib/modules/NAME.ko, found anywhere under
                                  ROOT/lib/modules (exactly one must match)
        symlink PATH TARGET
      Blank lines and lines starting with # are ignored.  Every file is
      owned by root and dated 0, so the archive depends only on its input.

A malformed line, a missing file or an unknown compression is one line on
stderr naming the file (and line) and exit status 1."""
import gzip
import io
import lzma
import os
import struct
import sys


def fail(msg):
    sys.stderr.write(msg + "\n")
    sys.exit(1)


def vmlinux(bzimage, out):
    data = open(bzimage, "rb").read()
    if len(data) < 0x250 or data[0x202:0x206] != b"HdrS":
        fail("%s: not a bzImage (no HdrS setup header)" % bzimage)
    setup_sects = data[0x1f1] or 4
    offset, length = struct.unpack_from("<II", data, 0x248)
    start = (setup_sects + 1) * 512 + offset
    payload = data[start:start + length]
    if len(payload) != length or length == 0:
        fail("%s: payload_offset/payload_length point outside the file" % bzimage)
    if payload.startswith(b"\xfd7zXZ\x00"):
        elf = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(payload)
    elif payload.startswith(b"\x1f\x8b"):
        elf = gzip.GzipFile(fileobj=io.BytesIO(payload)).read()
    else:
        fail("%s: payload compressed with something other than xz or gzip (%s)" % (bzimage, payload[:6].hex()))
    if not elf.startswith(b"\x7fELF"):
        fail("%s: the decompressed payload is not an ELF file" % bzimage)
    with open(out + ".tmp", "wb") as f:
        f.write(elf)
    os.rename(out + ".tmp", out)


class Cpio:
    def __init__(self):
        self.out = io.BytesIO()
        self.ino = 1

    def entry(self, path, mode, body=b""):
        name = path.lstrip("/").encode() + b"\0"
        fields = (self.ino, mode, 0, 0, 1, 0, len(body), 0, 0, 0, 0, len(name), 0)
        self.ino += 1
        self.out.write(b"070701" + b"".join(b"%08x" % v for v in fields) + name)
        self.out.write(b"\0" * (-(110 + len(name)) % 4))
        self.out.write(body + b"\0" * (-len(body) % 4))

    def finish(self):
        self.entry("TRAILER!!!", 0)
        return self.out.getvalue()


def find_module(root, name, where):
    hits = []
    for d, _, files in os.walk(os.path.join(root, "lib", "modules")):
        if name + ".ko" in files:
            hits.append(os.path.join(d, name + ".ko"))
    if len(hits) != 1:
        fail("%s: module %s: %d files named %s.ko under %s/lib/modules" % (where, name, len(hits), name, root))
    return hits[0]


def initramfs(root, listing, out):
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    archive = Cpio()
    for n, line in enumerate(open(listing), 1):
        where = "%s:%d" % (listing, n)
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        kind, args = words[0], words[1:]
        want = {"dir": 1, "file": 3, "copy": 3, "module": 1, "symlink": 2}.get(kind)
        if want is None or len(args) != want:
            fail("%s: expected dir PATH, file PATH SOURCE MODE, copy PATH FROM MODE, module NAME "
                 "or symlink PATH TARGET" % where)
        if kind == "dir":
            archive.entry(args[0], 0o040755)
        elif kind == "symlink":
            archive.entry(args[0], 0o120777, args[1].encode())
        elif kind == "module":
            archive.entry("/lib/modules/%s.ko" % args[0], 0o100644,
                          open(find_module(root, args[0], where), "rb").read())
        else:
            src = os.path.join(top if kind == "file" else root, args[1].lstrip("/"))
            if not os.path.isfile(src):
                fail("%s: %s does not exist" % (where, src))
            try:
                mode = int(args[2], 8)
            except ValueError:
                fail("%s: mode %s is not octal" % (where, args[2]))
            archive.entry(args[0], 0o100000 | mode, open(src, "rb").read())
    with open(out + ".tmp", "wb") as f:
        f.write(gzip.compress(archive.finish(), mtime=0))
    os.rename(out + ".tmp", out)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "vmlinux":
        vmlinux(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "initramfs":
        initramfs(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        fail("usage: linux-image.py vmlinux BZIMAGE OUT | initramfs ROOT LIST OUT")


if __name__ == "__main__":
    main()
