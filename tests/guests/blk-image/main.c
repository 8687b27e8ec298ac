/*
 * A guest whose disk is a host image file, served by the back-end domain
 * from its virtio-blk device (tests/systems/blk-rw, tests/systems/
 * blk-persist).  The command line picks the mode:
 *
 *   rw             the disk is 16 MiB and writable; its first 8 MiB read
 *                  back the pattern the host wrote into the image file
 *                  (image_pattern), so reads reach the file; then the guest
 *                  writes its own pattern (disk_pattern) across those 8 MiB,
 *                  flushes, reads them back and checks every byte.  The host
 *                  then checks the file (tests/systems/blk-image.py).
 *   ro             a <readonly/> disk on the host's 16 MiB image: the vbd says
 *                  read-only, its first 1 MiB reads the host's pattern, a write
 *                  is refused (BLKIF_RSP_ERROR) and the sectors still read the
 *                  same; the host then checks the file is unchanged.
 *   persist-write  sector 0 holds a 16-byte seed the host put in a fresh
 *                  image (never all zero: a RAM disk reads zeros); the guest
 *                  writes 1 MiB from sector 1 derived from the seed, flushes.
 *   persist-read   the next boot, on the same image: the same 1 MiB must read
 *                  back, so the data outlived the first machine.
 * Each mode ends with TEST PASS, or TEST FAIL and the first wrong byte.
 */
#include "blkfront.h"
#include "test.h"

#define CHUNK (256u << 10)
#define MiB   (1u << 20)

static struct blkfront f;
static uint8_t buf[CHUNK] __attribute__((aligned(4096)));
static uint8_t seed[512] __attribute__((aligned(4096)));

/* The host's pattern (tests/systems/blk-image.py writes it). */
static uint8_t image_pattern(uint64_t byte)
{
	return (uint8_t)((byte * 13 + (byte >> 9) * 5 + 0x5A) % 251);
}

/* The guest's pattern (tests/systems/blk-image.py checks it). */
static uint8_t disk_pattern(uint64_t byte)
{
	uint64_t sector = byte / 512;
	return (uint8_t)(sector * 7 + (byte % 512) * 3 + 101 + (sector >> 8));
}

static uint8_t seeded_pattern(uint64_t byte)
{
	return (uint8_t)(seed[byte % 16] ^ (byte * 29 + (byte >> 9)));
}

typedef uint8_t pattern_fn(uint64_t byte);

static void write_all(uint64_t from, uint64_t bytes, pattern_fn *p)
{
	for (uint64_t at = from; at < from + bytes; at += CHUNK) {
		for (size_t i = 0; i < CHUNK; i++)
			buf[i] = p(at + i);
		CHECK_EQ(blkfront_io(&f, BLKIF_OP_WRITE, at / 512, buf, CHUNK), BLKIF_RSP_OKAY);
	}
	CHECK_EQ(blkfront_io(&f, BLKIF_OP_FLUSH_DISKCACHE, 0, NULL, 0), BLKIF_RSP_OKAY);
}

static void check_all(uint64_t from, uint64_t bytes, pattern_fn *p, const char *what)
{
	for (uint64_t at = from; at < from + bytes; at += CHUNK) {
		memset(buf, 0xEE, CHUNK);
		CHECK_EQ(blkfront_io(&f, BLKIF_OP_READ, at / 512, buf, CHUNK), BLKIF_RSP_OKAY);
		for (size_t i = 0; i < CHUNK; i++)
			CHECK(buf[i] == p(at + i), "%s: byte %lu reads %u, expected %u", what, (unsigned long)(at + i),
			      buf[i], p(at + i));
	}
}

static void read_seed(void)
{
	CHECK_EQ(blkfront_io(&f, BLKIF_OP_READ, 0, seed, 512), BLKIF_RSP_OKAY);
	bool zero = true;
	for (unsigned i = 0; i < 16; i++)
		zero &= seed[i] == 0;
	CHECK(!zero, "sector 0 holds no seed: the disk is not the host's image file");
}

int main(void)
{
	events_init();
	const char *mode = (const char *)start_info->cmd_line;
	long devid = blkfront_first_devid();
	CHECK(devid >= 0, "no vbd under device/vbd");
	CHECK_EQ(blkfront_open(&f, (unsigned long)devid, GNTTAB_FIRST_FREE_REF), 0);
	printf("blk: vbd %ld: %lu sectors, %s, mode %s\n", devid, (unsigned long)f.sectors,
	       f.readonly ? "read-only" : "writable", mode);
	CHECK(f.flush, "the disk should offer a flush");
	CHECK(f.readonly == !strcmp(mode, "ro"), "the disk should be %s", f.readonly ? "writable" : "read-only");
	if (!strcmp(mode, "ro")) {
		CHECK_EQ(f.sectors, 16 * MiB / 512);
		check_all(0, MiB, image_pattern, "the host's image");
		for (size_t i = 0; i < 4096; i++)
			buf[i] = (uint8_t)~image_pattern(i);
		CHECK_EQ(blkfront_io(&f, BLKIF_OP_WRITE, 0, buf, 4096), BLKIF_RSP_ERROR);
		check_all(0, MiB, image_pattern, "after a refused write");
		printf("blk: read-only disk: 1 MiB of the host's image read, a write refused, nothing changed\n");
	} else if (!strcmp(mode, "rw")) {
		CHECK_EQ(f.sectors, 16 * MiB / 512);
		uint64_t t0 = system_time_ns();
		check_all(0, 8 * MiB, image_pattern, "the host's image");
		uint64_t t1 = system_time_ns();
		printf("blk: read 8 MiB of the host's image, every byte as the host wrote it (%lu ms)\n",
		       (unsigned long)((t1 - t0) / 1000000));
		write_all(0, 8 * MiB, disk_pattern);
		uint64_t t2 = system_time_ns();
		check_all(0, 8 * MiB, disk_pattern, "read back");
		printf("blk: wrote 8 MiB, flushed, read back every byte as written (write %lu ms)\n",
		       (unsigned long)((t2 - t1) / 1000000));
	} else if (!strcmp(mode, "persist-write")) {
		read_seed();
		write_all(512, MiB, seeded_pattern);
		printf("blk: wrote 1 MiB from the seed, flushed\n");
	} else if (!strcmp(mode, "persist-read")) {
		read_seed();
		check_all(512, MiB, seeded_pattern, "the last boot's data");
		printf("blk: read back 1 MiB the last boot wrote\n");
	} else {
		test_fail("unknown mode '%s'", mode);
	}
	CHECK(f.broken == NULL, "back end broken: %s", f.broken);
	test_pass();
}
