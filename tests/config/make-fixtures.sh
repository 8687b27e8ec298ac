#!/bin/sh
# Build the files the description corpora refer to, under OUT:
#   kernels/xen.elf       ELF64 x86-64 PV kernel, its Xen notes in a PT_NOTE
#   kernels/xen-sec.elf   the notes only as an SHT_NOTE section (no PT_NOTE)
#   kernels/needs-wdt.elf xen.elf requiring writable_descriptor_tables (FEATURES)
#   kernels/no-dom0.elf   xen.elf with a SUPPORTED_FEATURES note without dom0
#   kernels/with space/xen.elf, kernels/with,comma.elf   xen.elf at paths
#                         QEMU's module list cannot carry
#   kernels/plain.elf     ELF64 executable without Xen notes
#   kernels/i386.elf      32-bit ELF executable
#   kernels/arm64.elf     xen.elf claiming to be AArch64 (e_machine 183)
#   kernels/dyn.elf       xen.elf claiming to be ET_DYN (e_type 3)
#   kernels/truncated.elf the first 100 bytes of xen.elf
#   kernels/pvh.elf       an HVM kernel: code at 1 MiB, a PHYS32_ENTRY note (PVH entry)
#   kernels/empty.elf     an empty file
#   kernels/not-elf.txt   text
#   kernels/dir/          a directory
#   images/disk.img, images/data.img, images/shared.img   64 KiB of zeros
#   images/big.img        4 MiB of zeros (sparse)
# Usage: make-fixtures.sh SRCDIR OUT
set -e
src=$1 out=$2

rm -rf "$out.tmp" && mkdir -p "$out.tmp/kernels/dir" "$out.tmp/images"
t=$out.tmp
gcc -c "$src/kernel-code.S" -o "$t/code.o"
gcc -c '-DNOTE_FLAGS="a"' "$src/xen-note.S" -o "$t/note.o"
gcc -c '-DNOTE_FLAGS=""' "$src/xen-note.S" -o "$t/note-sec.o"
gcc -c -DTYPE=10 '-DDESC=.asciz "!writable_descriptor_tables"' "$src/extra-note.S" -o "$t/wdt.o"
gcc -c -DTYPE=17 '-DDESC=.long 0' "$src/extra-note.S" -o "$t/nodom0.o"
gcc -c -DTYPE=18 '-DDESC=.long 0x100000' "$src/extra-note.S" -o "$t/pvh.o"
gcc -m32 -c "$src/kernel-code.S" -o "$t/code32.o"
LD="ld -nostdlib --build-id=none -z noexecstack"
LD64="$LD -T $src/kernel.ld"
$LD64 -o "$t/kernels/xen.elf" "$t/code.o" "$t/note.o"
$LD64 -o "$t/kernels/xen-sec.elf" "$t/code.o" "$t/note-sec.o"
$LD64 -o "$t/kernels/needs-wdt.elf" "$t/code.o" "$t/note.o" "$t/wdt.o"
$LD64 -o "$t/kernels/no-dom0.elf" "$t/code.o" "$t/note.o" "$t/nodom0.o"
$LD64 -o "$t/kernels/plain.elf" "$t/code.o"
$LD -T "$src/pvh.ld" -o "$t/kernels/pvh.elf" "$t/code.o" "$t/pvh.o"
mkdir "$t/kernels/with space"
cp "$t/kernels/xen.elf" "$t/kernels/with space/xen.elf"
cp "$t/kernels/xen.elf" "$t/kernels/with,comma.elf"
$LD -m elf_i386 -o "$t/kernels/i386.elf" "$t/code32.o"
patch() { cp "$t/kernels/xen.elf" "$t/kernels/$1"; printf "$3" | dd of="$t/kernels/$1" bs=1 seek="$2" conv=notrunc 2>/dev/null; }
patch arm64.elf 18 '\267\000'
patch dyn.elf 16 '\003\000'
head -c 100 "$t/kernels/xen.elf" > "$t/kernels/truncated.elf"
: > "$t/kernels/empty.elf"
echo "this is not a kernel" > "$t/kernels/not-elf.txt"
for img in disk data shared; do
	dd if=/dev/zero of="$t/images/$img.img" bs=1024 count=64 2>/dev/null
done
truncate -s 4M "$t/images/big.img"
rm -f "$t"/*.o
rm -rf "$out" && mv "$t" "$out"
