/*
 * blkfront end to end (tests/systems/blk-ramdisk-rw): the guest opens the
 * vbd the toolstack gave it, writes a pattern across its whole disk in
 * 256 KiB calls (requests of 11 pages, several in flight), writes a piece
 * that starts mid-page and spans pages, flushes (and sends a barrier),
 * reads everything back and checks every byte; a read past the end is
 * refused.  The pattern names the sector and the pass, so a sector
 * written to the wrong place or not at all shows.
 */
#include "blkfront.h"
#include "test.h"

#define CHUNK (256u << 10)

static struct blkfront f;
static uint8_t buf[CHUNK] __attribute__((aligned(4096)));
static uint8_t back[CHUNK] __attribute__((aligned(4096)));

static uint8_t pattern(uint64_t byte, unsigned pass)
{
	uint64_t sector = byte / 512;
	return (uint8_t)(sector * 7 + (byte % 512) * 3 + pass * 101 + (sector >> 8));
}

static void fill(uint64_t at, uint8_t *p, size_t n, unsigned pass)
{
	for (size_t i = 0; i < n; i++)
		p[i] = pattern(at + i, pass);
}

int main(void)
{
	events_init();
	long devid = blkfront_first_devid();
	CHECK(devid >= 0, "no vbd under device/vbd");
	CHECK_EQ(blkfront_open(&f, (unsigned long)devid, GNTTAB_FIRST_FREE_REF), 0);
	uint64_t bytes = f.sectors * 512;
	printf("blk: vbd %ld: %lu sectors, sector-size %u, flush %d barrier %d, %s\n", devid,
	       (unsigned long)f.sectors, f.sector_size, f.flush, f.barrier, f.readonly ? "read-only" : "writable");
	CHECK(f.sectors >= 2048 && !f.readonly && f.flush && f.barrier, "unexpected disk properties");
	for (uint64_t at = 0; at < bytes; at += CHUNK) {
		fill(at, buf, CHUNK, 1);
		CHECK_EQ(blkfront_io(&f, BLKIF_OP_WRITE, at / 512, buf, CHUNK), BLKIF_RSP_OKAY);
	}
	/* 5 sectors starting 3 sectors into a page, then across 3 pages: one request of 4 segments */
	fill(3 * 512, buf + 3 * 512, 14 * 1024, 2);
	CHECK_EQ(blkfront_io(&f, BLKIF_OP_WRITE, 3, buf + 3 * 512, 14 * 1024), BLKIF_RSP_OKAY);
	CHECK_EQ(blkfront_io(&f, BLKIF_OP_FLUSH_DISKCACHE, 0, NULL, 0), BLKIF_RSP_OKAY);
	CHECK_EQ(blkfront_io(&f, BLKIF_OP_WRITE_BARRIER, 0, NULL, 0), BLKIF_RSP_OKAY);
	printf("blk: wrote %lu KiB, flushed\n", (unsigned long)(bytes >> 10));
	for (uint64_t at = 0; at < bytes; at += CHUNK) {
		memset(back, 0xEE, CHUNK);
		CHECK_EQ(blkfront_io(&f, BLKIF_OP_READ, at / 512, back, CHUNK), BLKIF_RSP_OKAY);
		for (size_t i = 0; i < CHUNK; i++) {
			uint64_t b = at + i;
			unsigned pass = b >= 3 * 512 && b < 3 * 512 + 14 * 1024 ? 2 : 1;
			CHECK(back[i] == pattern(b, pass), "byte %lu reads %u, wrote %u", (unsigned long)b, back[i],
			      pattern(b, pass));
		}
	}
	CHECK_EQ(blkfront_io(&f, BLKIF_OP_READ, f.sectors - 1, back, 1024), BLKIF_RSP_ERROR);
	CHECK(f.broken == NULL, "back end broken: %s", f.broken);
	printf("blk: read back %lu KiB, every byte as written; a read past the end refused\n",
	       (unsigned long)(bytes >> 10));
	test_pass();
}
