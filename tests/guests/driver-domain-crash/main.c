/*
 * Rule: when the driver domain dies, its guests see their device close and
 * keep running; nothing hangs and nothing leaks.  Two guests run this
 * kernel (tests/systems/driver-domain-crash), each writing and reading
 * back its disk without pause, several requests in flight per call, until
 * dom0's shell destroys the back-end domain.  Each guest then checks that
 * the call in progress failed with BLKIF_RSP_ERROR because blkfront saw
 * the device close (its watch on the back end's state fired: the store
 * removed the dead domain's nodes), not because a request timed out; that
 * a new request fails at once; and that every grant it made is free again
 * (the hypervisor dropped the dead domain's mapping of the ring), before
 * it reports and powers off.
 */
#include "blkfront.h"
#include "test.h"
#include "xs_client.h"

#define CHUNK (64u << 10)
#define RUNNING_AFTER 16        /* verified calls before saying the I/O runs */
#define GIVE_UP_NS 120000000000ull

static struct blkfront f;
static uint8_t buf[CHUNK] __attribute__((aligned(4096)));

static uint8_t mark(unsigned me, uint64_t op, uint64_t byte)
{
	return (uint8_t)(me * 37 + op * 11 + byte / 512 + (byte & 7));
}

int main(void)
{
	events_init();
	gnttab_setup(2);
	char s[16];
	CHECK_EQ(xs_client_path(XS_READ, "domid", s, sizeof(s)), XS_READ);
	unsigned me = (unsigned)(s[0] - '0');
	CHECK_EQ(blkfront_open(&f, 51712, GNTTAB_FIRST_FREE_REF), 0);
	uint64_t slots = f.sectors * 512 / CHUNK, ops = 0;
	uint64_t give_up = system_time_ns() + GIVE_UP_NS;
	int16_t st = BLKIF_RSP_OKAY;
	uint64_t failed_at = 0;
	while (system_time_ns() < give_up) {
		uint64_t at = (ops % slots) * CHUNK;
		for (size_t i = 0; i < CHUNK; i++)
			buf[i] = mark(me, ops, at + i);
		if ((st = blkfront_io(&f, BLKIF_OP_WRITE, at / 512, buf, CHUNK)) != BLKIF_RSP_OKAY)
			break;
		memset(buf, 0, CHUNK);
		if ((st = blkfront_io(&f, BLKIF_OP_READ, at / 512, buf, CHUNK)) != BLKIF_RSP_OKAY)
			break;
		for (size_t i = 0; i < CHUNK; i++)
			CHECK(buf[i] == mark(me, ops, at + i), "d%u: byte %lu reads %u, wrote %u", me,
			      (unsigned long)(at + i), buf[i], mark(me, ops, at + i));
		if (++ops == RUNNING_AFTER)
			printf("crash-io: d%u I/O running (%lu verified calls)\n", me, (unsigned long)ops);
	}
	failed_at = system_time_ns();
	CHECK(st != BLKIF_RSP_OKAY, "d%u: I/O still succeeding after %lu calls: the back end never went", me,
	      (unsigned long)ops);
	CHECK(ops >= RUNNING_AFTER, "d%u: I/O failed after %lu calls, before the back end was destroyed", me,
	      (unsigned long)ops);
	CHECK_EQ(st, BLKIF_RSP_ERROR);
	CHECK(f.closed != NULL && f.broken == NULL, "d%u: the call failed but the device is not closed (%s)", me,
	      f.broken ? f.broken : "no reason");
	uint64_t t0 = system_time_ns();
	CHECK_EQ(blkfront_io(&f, BLKIF_OP_READ, 0, buf, 4096), BLKIF_RSP_ERROR);
	uint64_t refused_ns = system_time_ns() - t0;
	CHECK(refused_ns < 1000000000ull, "d%u: a request to the closed device took %lu ns to fail", me,
	      (unsigned long)refused_ns);
	printf("crash-io: d%u saw the device close after %lu verified calls: %s\n", me, (unsigned long)ops, f.closed);
	int held = blkfront_close(&f);
	CHECK(held == 0, "d%u: %d grant(s) still held after the back end died", me, held);
	printf("crash-io: d%u: requests in flight failed, a new one refused, every grant free again (%lu ms after)\n",
	       me, (unsigned long)((system_time_ns() - failed_at) / 1000000));
	test_pass();
}
