/*
 * Rule: XenStore transactions detect conflicts as Xen's xenstored does: of
 * two transactions that read and then wrote the same node, the one that
 * ends second gets EAGAIN and nothing of it is applied; retried, it
 * succeeds, so no update is lost.  Two guests (tests/systems/
 * xenstore-transaction) each add 1 to a shared counter ROUNDS times, each
 * time in a transaction that yields the CPU between its read and its write
 * (so the other's transaction runs in between), retrying on EAGAIN.  d1
 * owns the counter (in its data/, shared with d2 by set_perms) and at the
 * end finds it at 2 * ROUNDS.
 */
#include "events.h"
#include "test.h"
#include "xs_client.h"

#define ROUNDS 30
#define TIMEOUT 5000000000ull

static char buf[256];

static unsigned long num(const char *s)
{
	unsigned long v = 0;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned long)(*s++ - '0');
	return v;
}

static long req(uint32_t tx, uint32_t type, const char *a, const char *b)
{
	char msg[160];
	size_t al = strlen(a) + 1, bl = b ? strlen(b) : 0;
	memcpy(msg, a, al);
	if (b)
		memcpy(msg + al, b, bl);
	return xs_client_request_tx(tx, type, msg, (uint32_t)(al + bl), buf, sizeof(buf), TIMEOUT);
}

static void share(const char *path, unsigned other)
{
	char perms[64];
	int n = snprintf(perms, sizeof(perms), "%s", path) + 1;
	n += snprintf(perms + n, sizeof(perms) - (size_t)n, "n1") + 1;
	n += snprintf(perms + n, sizeof(perms) - (size_t)n, "b%u", other) + 1;
	CHECK_EQ(xs_client_request(XS_SET_PERMS, perms, (uint32_t)n, buf, sizeof(buf), TIMEOUT), XS_SET_PERMS);
}

static unsigned add_one(const char *counter)
{
	for (unsigned retries = 0;; retries++) {
		CHECK(retries < 1000, "no transaction ever committed");
		CHECK_EQ(req(0, XS_TRANSACTION_START, "", NULL), XS_TRANSACTION_START);
		uint32_t tx = (uint32_t)num(buf);
		CHECK_EQ(req(tx, XS_READ, counter, NULL), XS_READ);
		char v[16];
		snprintf(v, sizeof(v), "%lu", num(buf) + 1);
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
		CHECK_EQ(req(tx, XS_WRITE, counter, v), XS_WRITE);
		long t = req(tx, XS_TRANSACTION_END, "T", NULL);
		if (t == XS_TRANSACTION_END)
			return retries;
		CHECK(t == XS_ERROR && strcmp(buf, "EAGAIN") == 0, "transaction end: %ld %s", t, buf);
	}
}

int main(void)
{
	events_init();
	CHECK_EQ(xs_client_path(XS_READ, "domid", buf, sizeof(buf)), XS_READ);
	unsigned me = (unsigned)num(buf);
	const char *counter = "/local/domain/1/data/counter", *done = "/local/domain/1/data/done";
	if (me == 1) {
		CHECK_EQ(req(0, XS_WRITE, done, "0"), XS_WRITE);
		share(done, 2);
		CHECK_EQ(req(0, XS_WRITE, counter, "0"), XS_WRITE);
		share(counter, 2);
	} else {
		uint64_t deadline = system_time_ns() + TIMEOUT;
		while (req(0, XS_READ, counter, NULL) != XS_READ) {
			CHECK(system_time_ns() < deadline, "d1 never shared the counter");
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
		}
	}
	unsigned retries = 0;
	for (unsigned i = 0; i < ROUNDS; i++)
		retries += add_one(counter);
	printf("transactions: d%u added %u, retried %u times after EAGAIN\n", me, ROUNDS, retries);
	if (me != 1) {
		CHECK_EQ(req(0, XS_WRITE, done, "1"), XS_WRITE);
		test_pass();
	}
	uint64_t deadline = system_time_ns() + 4 * TIMEOUT;
	while (req(0, XS_READ, done, NULL) == XS_READ && strcmp(buf, "1") != 0) {
		CHECK(system_time_ns() < deadline, "d2 never finished");
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	CHECK_EQ(req(0, XS_READ, counter, NULL), XS_READ);
	CHECK(num(buf) == 2 * ROUNDS, "counter %s, expected %u: an update was lost", buf, 2 * ROUNDS);
	printf("transactions: counter %s after 2 x %u increments, none lost\n", buf, ROUNDS);
	test_pass();
}
