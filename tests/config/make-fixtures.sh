#!/bin/sh
# Build the files the description corpora refer to, under OUT:
#   kernels/xen.elf       ELF64 x86-64 executable with a PT_NOTE "Xen" note
#   kernels/xen-sec.elf   the note only as an SHT_NOTE section (no PT_NOTE)
#   kernels/plain.elf     ELF64 executable without Xen notes
#   kernels/i386.elf      32-bit ELF executable
#   kernels/arm64.elf     xen.elf claiming to be AArch64 (e_machine 183)
#   kernels/dyn.elf       xen.elf claiming to be ET_DYN (e_type 3)
#   kernels/truncated.elf the first 100 bytes of xen.elf
#   kernels/empty.elf     an empty file
#   kernels/not-elf.txt   text
#   kernels/dir/          a directory
#   images/disk.img, images/data.img, images/shared.img   64 KiB of zeros
# Usage: make-fixtures.sh SRCDIR OUT
set -e
src=$1 out=$2

rm -rf "$out.tmp" && mkdir -p "$out.tmp/kernels/dir" "$out.tmp/images"
t=$out.tmp
gcc -c "$src/kernel-code.S" -o "$t/code.o"
gcc -c '-DNOTE_FLAGS="a"' "$src/xen-note.S" -o "$t/note.o"
gcc -c '-DNOTE_FLAGS=""' "$src/xen-note.S" -o "$t/note-sec.o"
gcc -m32 -c "$src/kernel-code.S" -o "$t/code32.o"
LD="ld -nostdlib --build-id=none -z noexecstack"
$LD -o "$t/kernels/xen.elf" "$t/code.o" "$t/note.o"
$LD -o "$t/kernels/xen-sec.elf" "$t/code.o" "$t/note-sec.o"
$LD -o "$t/kernels/plain.elf" "$t/code.o"
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
rm -f "$t"/*.o
rm -rf "$out" && mv "$t" "$out"
