/*
 * Rule: a guest reaches only its own disk through a shared back end, and a
 * read-only disk refuses writes.  Two guests run this kernel
 * (tests/systems/blk-isolation), each with its own xvda on one back-end
 * domain; the first also has a read-only xvdb.  Each guest finds its
 * xvda all zeros (nothing the other wrote), writes its own pattern over
 * all of it, then for a while keeps reading it back: a byte of the other
 * guest's pattern, or a change, fails.  A request past its disk's end is
 * refused.  On the read-only disk a write answers BLKIF_RSP_ERROR (as Linux
 * blkback answers one), and a read still works.
 */
#include "blkfront.h"
#include "test.h"
#include "xs_client.h"

#define CHUNK (128u << 10)

static struct blkfront a, b;
static uint8_t buf[CHUNK] __attribute__((aligned(4096)));

static uint8_t mark(unsigned me, uint64_t byte)
{
	return (uint8_t)(me * 16 + 1 + (byte / 512) % 13);
}

static void check_all(struct blkfront *f, unsigned me, bool zero)
{
	for (uint64_t at = 0; at < f->sectors * 512; at += CHUNK) {
		CHECK_EQ(blkfront_io(f, BLKIF_OP_READ, at / 512, buf, CHUNK), BLKIF_RSP_OKAY);
		for (size_t i = 0; i < CHUNK; i++) {
			uint8_t want = zero ? 0 : mark(me, at + i);
			CHECK(buf[i] == want, "d%u: byte %lu of its disk is %u, expected %u", me,
			      (unsigned long)(at + i), buf[i], want);
		}
	}
}

int main(void)
{
	events_init();
	gnttab_setup(2);
	char s[64];
	CHECK_EQ(xs_client_path(XS_READ, "domid", s, sizeof(s)), XS_READ);
	unsigned me = (unsigned)(s[0] - '0');
	CHECK_EQ(blkfront_open(&a, 51712, GNTTAB_FIRST_FREE_REF), 0);
	CHECK(!a.readonly, "xvda is read-only");
	check_all(&a, me, true);
	for (uint64_t at = 0; at < a.sectors * 512; at += CHUNK) {
		for (size_t i = 0; i < CHUNK; i++)
			buf[i] = mark(me, at + i);
		CHECK_EQ(blkfront_io(&a, BLKIF_OP_WRITE, at / 512, buf, CHUNK), BLKIF_RSP_OKAY);
	}
	CHECK_EQ(blkfront_io(&a, BLKIF_OP_WRITE, a.sectors, buf, 512), BLKIF_RSP_ERROR);
	CHECK_EQ(blkfront_io(&a, BLKIF_OP_READ, a.sectors - 8, buf, 8192), BLKIF_RSP_ERROR);
	uint64_t until = system_time_ns() + 3000000000ull;
	unsigned rounds = 0;
	do {
		check_all(&a, me, false);
		rounds++;
	} while (system_time_ns() < until);
	printf("blk-isolation: d%u saw only its own disk (%u full read-backs)\n", me, rounds);
	if (xs_client_path(XS_READ, "device/vbd/51728/backend", s, sizeof(s)) == XS_READ) {
		CHECK_EQ(blkfront_open(&b, 51728, GNTTAB_FIRST_FREE_REF + 1 + BLKIF_RING_SLOTS * BLKIF_MAX_SEGMENTS_PER_REQUEST), 0);
		CHECK(b.readonly, "xvdb is not marked read-only (info)");
		memset(buf, 0x5A, 4096);
		CHECK_EQ(blkfront_io(&b, BLKIF_OP_WRITE, 0, buf, 4096), BLKIF_RSP_ERROR);
		CHECK_EQ(blkfront_io(&b, BLKIF_OP_FLUSH_DISKCACHE, 0, buf, 4096), BLKIF_RSP_ERROR);
		CHECK_EQ(blkfront_io(&b, BLKIF_OP_READ, 0, buf, 4096), BLKIF_RSP_OKAY);
		for (unsigned i = 0; i < 4096; i++)
			CHECK(buf[i] == 0, "read-only disk byte %u is %u after a refused write", i, buf[i]);
		printf("blk-isolation: d%u's read-only disk refused writes, still reads\n", me);
	}
	test_pass();
}
