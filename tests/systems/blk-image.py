#!/usr/bin/env python3
"""The host's side of the image-file block tests (the guest is
tests/guests/blk-image/main.c; its patterns are written out here again).

  blk-image.py fill IMAGE       16 MiB, every byte the host's pattern
  blk-image.py check-rw IMAGE   the first 8 MiB hold the guest's pattern, the
                                last 8 MiB still the host's (nothing written
                                past the guest's range)
  blk-image.py check-fill IMAGE every byte still the host's pattern (16 MiB)
  blk-image.py seed IMAGE       a fresh 2 MiB image of zeros, 16 random bytes
                                in sector 0 (never all zero)
Exit status 0 when all is as said, 1 with one line naming the first wrong
byte otherwise.
"""
import os, sys

MIB = 1 << 20


def image_pattern(start, n):
    return bytes((b * 13 + (b >> 9) * 5 + 0x5A) % 251 for b in range(start, start + n))


def disk_pattern(start, n):
    return bytes(((b // 512) * 7 + (b % 512) * 3 + 101 + ((b // 512) >> 8)) & 0xFF
                 for b in range(start, start + n))


def first_difference(path, start, want, what):
    with open(path, "rb") as f:
        f.seek(start)
        have = f.read(len(want))
    if have == want:
        return None
    for i, (h, w) in enumerate(zip(have, want)):
        if h != w:
            return f"{path}: {what}: byte {start + i} is {h}, expected {w}"
    return f"{path}: {what}: the file is {start + len(have)} bytes long, expected {start + len(want)}"


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, path = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    if cmd == "fill":
        with open(path, "wb") as f:
            for at in range(0, 16 * MIB, MIB):
                f.write(image_pattern(at, MIB))
        return 0
    if cmd == "seed":
        seed = bytes(16)
        while not any(seed):
            seed = os.urandom(16)
        with open(path, "wb") as f:
            f.write(seed + bytes(2 * MIB - 16))
        return 0
    if cmd == "check-fill":
        if os.path.getsize(path) != 16 * MIB:
            print(f"{path}: {os.path.getsize(path)} bytes, expected 16 MiB")
            return 1
        for at in range(0, 16 * MIB, MIB):
            why = first_difference(path, at, image_pattern(at, MIB), "the host's data")
            if why:
                print(why)
                return 1
        print(f"{path}: unchanged, every byte the host's")
        return 0
    if cmd == "check-rw":
        if os.path.getsize(path) != 16 * MIB:
            print(f"{path}: {os.path.getsize(path)} bytes, expected 16 MiB")
            return 1
        for at in range(0, 16 * MIB, MIB):
            want = disk_pattern(at, MIB) if at < 8 * MIB else image_pattern(at, MIB)
            why = first_difference(path, at, want, "the guest's data" if at < 8 * MIB else "the host's data")
            if why:
                print(why)
                return 1
        print(f"{path}: the guest's 8 MiB and the host's 8 MiB after them, every byte as expected")
        return 0
    print(f"blk-image.py: unknown command {cmd}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
