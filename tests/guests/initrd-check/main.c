/*
 * A guest given an initial ramdisk (<initrd>): start_info names it by
 * virtual address (this kernel has no MOD_START_PFN note, so no
 * SIF_MOD_START_PFN) right after the kernel image, page aligned, inside
 * the region the bootstrap tables map, with the file's length, and it
 * holds the file: build/tests/guests/boot-module-pattern.bin, byte i being
 * (i * 131 + (i >> 12)) mod 251, 1.5 MiB + 4097 bytes.  The rest of its
 * last page is zero.
 */
#include "test.h"

#define PATTERN_LEN (3 * (1u << 19) + 4097)

extern char _end[];

int main(void)
{
	const uint8_t *mod = (const uint8_t *)start_info->mod_start;
	uint64_t len = start_info->mod_len;
	uint64_t image_end = ((uint64_t)_end + 4095) & ~4095ull;
	printf("initrd: %lu bytes at 0x%lx, flags 0x%x, image ends at 0x%lx, page tables at 0x%lx\n",
	       len, (uint64_t)mod, start_info->flags, image_end, start_info->pt_base);
	CHECK_EQ(len, PATTERN_LEN);
	CHECK(!(start_info->flags & SIF_MOD_START_PFN), "SIF_MOD_START_PFN for a kernel without the note");
	CHECK_EQ((uint64_t)mod, image_end);
	CHECK((uint64_t)mod + len <= start_info->mfn_list, "the initrd overlaps the p2m list at 0x%lx",
	      start_info->mfn_list);
	for (uint64_t i = 0; i < len; i++)
		if (mod[i] != (uint8_t)((i * 131 + (i >> 12)) % 251))
			test_fail("initrd byte %lu is 0x%x", i, mod[i]);
	for (uint64_t i = len; i & 4095; i++)
		if (mod[i])
			test_fail("byte %lu after the initrd, in its last page, is 0x%x", i, mod[i]);
	printf("initrd: every byte as the file holds it\n");
	test_pass();
}
