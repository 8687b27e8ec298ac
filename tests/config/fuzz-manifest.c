/*
 * libFuzzer target: the manifest reader the hypervisor boots with.
 *
 * Each input is tried twice: as it is, and "resealed" -- magic, version,
 * size and CRC rewritten to be right -- because a random mutation almost
 * never survives the checksum, and the checks behind it are the ones
 * worth exploring.  Whatever manifest_open() accepts is printed with
 * manifest_show() (to /dev/null), which calls every accessor and reads
 * every string, so AddressSanitizer sees any read the validation failed
 * to make safe.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../config/manifest-show.h"

static void exercise(const uint8_t *buf, size_t len)
{
	static FILE *devnull;
	struct manifest m;
	const char *why;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	if (manifest_open(&m, buf, len, &why) == 0)
		manifest_show(&m, devnull);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> 8 * i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	exercise(data, size);
	if (size < MANIFEST_HEADER_SIZE)
		return 0;
	uint8_t *copy = malloc(size);
	memcpy(copy, data, size);
	memcpy(copy + MANIFEST_H_MAGIC, MANIFEST_MAGIC, 4);
	put32(copy + MANIFEST_H_VERSION, MANIFEST_VERSION);
	put32(copy + MANIFEST_H_SIZE, (uint32_t)size);
	put32(copy + MANIFEST_H_CHECKSUM,
	      manifest_crc32(copy + MANIFEST_CHECKSUM_FROM, size - MANIFEST_CHECKSUM_FROM));
	exercise(copy, size);
	free(copy);
	return 0;
}
