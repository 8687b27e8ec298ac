/*
 * The bystander of tests/systems/blk-bad-frontend: a guest on the same
 * block back end as an attacking front end, writing and reading back its
 * own disk without pause, every byte verified.  It counts its verified
 * calls in three phases read from the attacker's XenStore node (command
 * line "peer=N": /local/domain/N/data/attack, readable by all): before
 * the attacks begin (no node yet), during them (the node says so) and
 * after the attacker crashed (the node gone with its domain), and passes
 * only with I/O verified in all three, the last after the back end has
 * dropped the crashed front end's device.  Any failed or wrong call
 * fails the test: the attacks must not reach it.
 */
#include "blkfront.h"
#include "test.h"
#include "xs_client.h"

#define CHUNK (32u << 10)
#define READY_AFTER 16          /* verified calls before the attacker may start */
#define AFTER_CALLS 24          /* verified calls after the attacker is gone */
#define GIVE_UP_NS 200000000000ull

enum phase { BEFORE, DURING, AFTER };

static struct blkfront f;
static uint8_t buf[CHUNK] __attribute__((aligned(4096)));
static char node[64];

static uint8_t mark(uint64_t call, uint64_t byte)
{
	return (uint8_t)(0x5C ^ (call * 13 + byte / 512 * 7 + (byte & 15)));
}

static enum phase phase_now(enum phase was)
{
	char v[32];
	if (xs_client_path(XS_READ, node, v, sizeof(v)) == XS_READ)
		return DURING;
	return was == BEFORE ? BEFORE : AFTER;
}

int main(void)
{
	events_init();
	gnttab_setup(2);
	const char *c = start_info->cmd_line;
	CHECK(!strncmp(c, "peer=", 5), "command line \"%s\": peer=N expected", c);
	unsigned peer = 0;
	for (c += 5; *c >= '0' && *c <= '9'; c++)
		peer = peer * 10 + (unsigned)(*c - '0');
	snprintf(node, sizeof(node), "/local/domain/%u/data/attack", peer);
	char me[16];
	CHECK_EQ(xs_client_path(XS_READ, "domid", me, sizeof(me)), XS_READ);
	CHECK_EQ(blkfront_open(&f, 51712, GNTTAB_FIRST_FREE_REF), 0);
	uint64_t slots = f.sectors * 512 / CHUNK, calls = 0, count[3] = { 0, 0, 0 };
	uint64_t give_up = system_time_ns() + GIVE_UP_NS;
	enum phase ph = BEFORE;
	while (count[AFTER] < AFTER_CALLS) {
		CHECK(system_time_ns() < give_up, "gave up waiting: %lu/%lu/%lu verified calls before/during/after",
		      (unsigned long)count[BEFORE], (unsigned long)count[DURING], (unsigned long)count[AFTER]);
		ph = phase_now(ph);
		uint64_t at = (calls % slots) * CHUNK;
		for (size_t i = 0; i < CHUNK; i++)
			buf[i] = mark(calls, at + i);
		int16_t w = blkfront_io(&f, BLKIF_OP_WRITE, at / 512, buf, CHUNK);
		CHECK(w == BLKIF_RSP_OKAY, "write %lu failed (%d) in phase %d: %s", (unsigned long)calls, w, ph,
		      f.closed ? f.closed : f.broken ? f.broken : "refused");
		memset(buf, 0, CHUNK);
		int16_t r = blkfront_io(&f, BLKIF_OP_READ, at / 512, buf, CHUNK);
		CHECK(r == BLKIF_RSP_OKAY, "read %lu failed (%d) in phase %d", (unsigned long)calls, r, ph);
		for (size_t i = 0; i < CHUNK; i++)
			CHECK(buf[i] == mark(calls, at + i), "byte %lu reads %u, wrote %u (phase %d)",
			      (unsigned long)(at + i), buf[i], mark(calls, at + i), ph);
		count[ph]++;
		if (++calls == READY_AFTER) {
			char reply[64];
			CHECK_EQ(xs_client_write("data/steady", "running", reply, sizeof(reply)), XS_WRITE);
			/* ours, readable by every domain: the attacker waits for it */
			char perms[32];
			int n = snprintf(perms, sizeof(perms), "data/steady") + 1;
			n += snprintf(perms + n, sizeof(perms) - (size_t)n, "r%s", me) + 1;
			CHECK_EQ(xs_client_request(XS_SET_PERMS, perms, (uint32_t)n, reply, sizeof(reply), 5000000000ull),
				 XS_SET_PERMS);
		}
	}
	printf("steady: verified calls: %lu before the attacks, %lu during, %lu after the attacker crashed\n",
	       (unsigned long)count[BEFORE], (unsigned long)count[DURING], (unsigned long)count[AFTER]);
	CHECK(count[BEFORE] >= READY_AFTER && count[DURING] > 0, "a phase without verified I/O");
	int held = blkfront_close(&f);
	CHECK(held == 0, "%d grant(s) still held after closing", held);
	test_pass();
}
