/*
 * Rule: per-domain XenStore quotas keep one domain from starving another,
 * as Xen's xenstored's do: a guest creating nodes without end is refused
 * (ENOSPC) once it owns 1000, and what it holds is freed when it removes
 * nodes, while another guest's requests, made while the first sits at its
 * quota, all succeed.  Two guests (tests/systems/xenstore-quota): d1
 * floods, then marks data/full (readable by d2); d2 waits for that mark and
 * then writes and reads back 100 nodes of its own, and marks data/done
 * (readable by d1).  d1 stays, at its quota, until it reads that mark: its
 * nodes go with it when it powers off, and d2 must find them there.
 */
#include "events.h"
#include "test.h"
#include "xs_client.h"

#define TIMEOUT 5000000000ull

static char buf[256];

/* Write "1" at path (our own node) and let domain `reader` read it. */
static void mark(const char *path, unsigned owner, unsigned reader)
{
	CHECK_EQ(xs_client_write(path, "1", buf, sizeof(buf)), XS_WRITE);
	char perms[64];
	int k = snprintf(perms, sizeof(perms), "%s", path) + 1;
	k += snprintf(perms + k, sizeof(perms) - (size_t)k, "n%u", owner) + 1;
	k += snprintf(perms + k, sizeof(perms) - (size_t)k, "r%u", reader) + 1;
	CHECK_EQ(xs_client_request(XS_SET_PERMS, perms, (uint32_t)k, buf, sizeof(buf), TIMEOUT), XS_SET_PERMS);
}

/* Wait (yielding, bounded) until the other domain's mark can be read. */
static void await_mark(const char *path, const char *never)
{
	uint64_t deadline = system_time_ns() + 12 * TIMEOUT;
	while (xs_client_path(XS_READ, path, buf, sizeof(buf)) != XS_READ) {
		CHECK(system_time_ns() < deadline, "%s", never);
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
}

static noreturn void flooder(void)
{
	unsigned made = 0;
	char path[48];
	long t = XS_WRITE;
	for (unsigned d = 0; d < 60 && t == XS_WRITE; d++)
		for (unsigned n = 0; n < 40 && t == XS_WRITE; n++) {
			snprintf(path, sizeof(path), "data/d%02u/n%02u", d, n);
			t = xs_client_write(path, "x", buf, sizeof(buf));
			made += t == XS_WRITE;
		}
	CHECK(t == XS_ERROR && strcmp(buf, "ENOSPC") == 0, "flood ended with type %ld (%s), expected ENOSPC", t, buf);
	CHECK(made > 900 && made < 1000, "%u nodes made before the quota", made);
	printf("quota: flooder refused ENOSPC after %u new nodes\n", made);
	CHECK_EQ(xs_client_path(XS_RM, "data/d00", buf, sizeof(buf)), XS_RM);    /* 41 nodes back */
	CHECK_EQ(xs_client_write("data/after-rm", "1", buf, sizeof(buf)), XS_WRITE);
	CHECK_EQ(xs_client_write("data/d01/n00", "y", buf, sizeof(buf)), XS_WRITE);  /* existing: no new node */
	/* The mark for d2 replaces one flood node, so the quota still binds. */
	CHECK_EQ(xs_client_path(XS_RM, "data/d01/n01", buf, sizeof(buf)), XS_RM);
	mark("data/full", 1, 2);
	t = XS_WRITE;
	for (unsigned n = 0; n < 200 && t == XS_WRITE; n++) {
		snprintf(path, sizeof(path), "data/more/n%03u", n);
		t = xs_client_write(path, "x", buf, sizeof(buf));
	}
	CHECK(t == XS_ERROR && strcmp(buf, "ENOSPC") == 0, "back at the quota: type %ld (%s)", t, buf);
	printf("quota: flooder freed nodes with rm, filled them again, refused again\n");
	await_mark("/local/domain/2/data/done", "the victim never finished");
	test_pass();
}

static noreturn void victim(void)
{
	await_mark("/local/domain/1/data/full", "the flooder never reached its quota");
	char path[32], v[16];
	for (unsigned n = 0; n < 100; n++) {
		snprintf(path, sizeof(path), "data/v%03u", n);
		snprintf(v, sizeof(v), "%u", n * 7);
		CHECK_EQ(xs_client_write(path, v, buf, sizeof(buf)), XS_WRITE);
		CHECK_EQ(xs_client_path(XS_READ, path, buf, sizeof(buf)), XS_READ);
		CHECK(strcmp(buf, v) == 0, "%s read back \"%s\"", path, buf);
	}
	printf("quota: victim's 100 writes and reads succeeded with the flooder at its quota\n");
	mark("data/done", 2, 1);
	test_pass();
}

int main(void)
{
	events_init();
	CHECK_EQ(xs_client_path(XS_READ, "domid", buf, sizeof(buf)), XS_READ);
	if (strcmp(buf, "1") == 0)
		flooder();
	victim();
}
