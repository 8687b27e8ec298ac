/*
 * Benchmark kernel for the block path (bench/blk.py): a guest whose disk
 * is a host image file served by the back-end domain's virtio-blk, through
 * blkfront, the shared ring, blkback, grant copies and the device.
 *
 * The image (bench/blk.py makes it) is 128 MiB: the first 64 MiB hold the
 * host's pattern, every sector starting with its own number and "HOSTDATA"
 * and filled with its number's low byte; the last 64 MiB are zeros for the
 * write pass.  Three measurements, each printed as "BENCH name value" lines
 * (the time in ns from the guest's system time and in TSC ticks, which
 * under -icount shift=0 count instructions):
 *
 *   blk-seq-read    64 MiB from sector 0 in requests of 11 pages, up to
 *                   32 in flight (blkfront_submit/kick/wait), the buffer
 *                   reused; every sector's header is checked, and the first
 *                   and last requests' every byte, so a figure cannot come
 *                   from a path that moves no data;
 *   blk-seq-write   64 MiB from sector 131072 the same way, every sector
 *                   written with its number and "GUESTWR!", the last request
 *                   a WRITE_BARRIER (its data, then a flush) (bench/blk.py
 *                   checks the image afterwards);
 *   blk-rand-read   RANDOM_READS reads of 4 KiB at pseudo-random 4 KiB
 *                   positions of the first 64 MiB, one at a time; the median
 *                   latency; each read's sector headers checked.
 */
#include "blkfront.h"
#include "test.h"
#include "../bench_median.h"

#define SECTORS_PER_REQ (BLKIF_MAX_SEGMENTS_PER_REQUEST * 8u)
#define REQ_BYTES       (SECTORS_PER_REQ * 512u)
#define IN_FLIGHT       32u
#define SPAN            (64ull << 20)
#define WRITE_AT        (SPAN / 512)            /* first sector of the write region */
#define RANDOM_READS    1000

static struct blkfront f;
static uint8_t buf[IN_FLIGHT][REQ_BYTES] __attribute__((aligned(4096)));
static uint64_t lat_ns[RANDOM_READS], lat_tsc[RANDOM_READS];

static void check_header(const uint8_t *s, uint64_t sector, const char *tag)
{
	uint64_t n;
	memcpy(&n, s, 8);
	CHECK(n == sector && memcmp(s + 8, tag, 8) == 0, "sector %lu reads the header of sector %lu (%.8s)",
	      (unsigned long)sector, (unsigned long)n, s + 8);
}

/* Every byte of a sector the host wrote. */
static void check_sector(const uint8_t *s, uint64_t sector)
{
	check_header(s, sector, "HOSTDATA");
	for (unsigned i = 16; i < 512; i++)
		CHECK(s[i] == (uint8_t)sector, "sector %lu byte %u reads %u", (unsigned long)sector, i, s[i]);
}

static void fill_for_write(uint8_t *b, uint64_t sector, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		memcpy(b + i * 512, &sector, 8);
		memcpy(b + i * 512 + 8, "GUESTWR!", 8);
		sector++;
	}
}

/* Read (checking) or write SPAN bytes from first, IN_FLIGHT requests of
   REQ_BYTES in flight at a time. */
static void sequential(uint8_t op, uint64_t first, const char *name)
{
	const uint64_t total = SPAN / 512;
	uint64_t next = 0, done = 0;
	int id[IN_FLIGHT];
	uint64_t at[IN_FLIGHT];
	unsigned len[IN_FLIGHT], head = 0, count = 0;
	if (op == BLKIF_OP_WRITE)
		for (unsigned k = 0; k < IN_FLIGHT; k++)
			memset(buf[k], 0xA5, REQ_BYTES);
	uint64_t t0 = system_time_ns(), c0 = guest_rdtsc();
	while (done < total) {
		while (count < IN_FLIGHT && next < total) {
			unsigned k = (head + count) % IN_FLIGHT;
			unsigned n = total - next < SECTORS_PER_REQ ? (unsigned)(total - next) : SECTORS_PER_REQ;
			if (op == BLKIF_OP_WRITE)
				fill_for_write(buf[k], first + next, n);
			bool last = next + n == total;         /* a write's last request: a barrier */
			id[k] = blkfront_submit(&f, op == BLKIF_OP_WRITE && last ? BLKIF_OP_WRITE_BARRIER : op,
						first + next, buf[k], n * 512u);
			if (id[k] < 0)
				break;
			at[k] = next;
			len[k] = n;
			next += n;
			count++;
		}
		CHECK(count > 0, "%s: cannot queue a request", name);
		blkfront_kick(&f);
		unsigned k = head;
		CHECK_EQ(blkfront_wait(&f, id[k]), BLKIF_RSP_OKAY);
		if (op == BLKIF_OP_READ) {
			bool edge = at[k] == 0 || at[k] + len[k] == total;
			for (unsigned s = 0; s < len[k]; s++) {
				if (edge)
					check_sector(buf[k] + s * 512, first + at[k] + s);
				else
					check_header(buf[k] + s * 512, first + at[k] + s, "HOSTDATA");
			}
		}
		done += len[k];
		head = (head + 1) % IN_FLIGHT;
		count--;
	}
	uint64_t t1 = system_time_ns(), c1 = guest_rdtsc();
	printf("BENCH %s-ns %lu\n", name, (unsigned long)(t1 - t0));
	printf("BENCH %s-tsc %lu\n", name, (unsigned long)(c1 - c0));
}

static void random_reads(void)
{
	uint64_t x = 0x9E3779B97F4A7C15ull;
	for (unsigned i = 0; i < RANDOM_READS; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		uint64_t sector = (x % (SPAN / 4096)) * 8;
		memset(buf[0], 0, 4096);
		uint64_t t0 = system_time_ns(), c0 = guest_rdtsc();
		int id = blkfront_submit(&f, BLKIF_OP_READ, sector, buf[0], 4096);
		CHECK(id >= 0, "random read: cannot queue a request");
		blkfront_kick(&f);
		CHECK_EQ(blkfront_wait(&f, id), BLKIF_RSP_OKAY);
		lat_ns[i] = system_time_ns() - t0;
		lat_tsc[i] = guest_rdtsc() - c0;
		for (unsigned s = 0; s < 8; s++)
			check_sector(buf[0] + s * 512, sector + s);
	}
	printf("BENCH blk-rand-read-4k-ns %lu\n", (unsigned long)bench_median(lat_ns, RANDOM_READS));
	printf("BENCH blk-rand-read-4k-tsc %lu\n", (unsigned long)bench_median(lat_tsc, RANDOM_READS));
}

int main(void)
{
	events_init();
	long devid = blkfront_first_devid();
	CHECK(devid >= 0, "no vbd under device/vbd");
	CHECK_EQ(blkfront_open(&f, (unsigned long)devid, GNTTAB_FIRST_FREE_REF), 0);
	CHECK(f.sectors >= 2 * SPAN / 512, "the disk has %lu sectors, the bench needs %lu", (unsigned long)f.sectors,
	      (unsigned long)(2 * SPAN / 512));
	CHECK(!f.readonly, "the disk should be writable");
	sequential(BLKIF_OP_READ, 0, "blk-seq-read");
	sequential(BLKIF_OP_WRITE, WRITE_AT, "blk-seq-write");
	random_reads();
	CHECK(f.broken == NULL, "back end broken: %s", f.broken);
	CHECK_EQ(blkfront_close(&f), 0);
	test_pass();
}
