/*
 * Host unit tests of Xen's PV console rings (guest/cons_ring.c) on a page
 * laid out as struct xencons_interface, one rule per case: bytes come out
 * in the order they went in, across the end of the array and across the
 * 2^32 wrap of the free-running indices; a full ring takes nothing more and
 * a short one takes what fits; an empty ring gives nothing; a consumer
 * index ahead of the producer, or a producer more than a ring ahead of the
 * consumer, is corrupt (-1) and nothing is copied or moved, whichever side
 * reads it; and neither call touches the bytes or the other ring it does
 * not own (the page's other fields stay as they were).
 */
#include <stdio.h>
#include <string.h>

#include "cons_ring.h"
#include "public/xen.h"
#include "unit_check.h"

static struct xencons_interface page;

static void fresh(void)
{
	memset(&page, 0, sizeof(page));
	page.connection = XENCONSOLE_DISCONNECTED;
}

static long put_out(const char *s, size_t n)
{
	return cons_ring_put(page.out, sizeof(page.out), &page.out_prod, &page.out_cons, s, n);
}

static long get_out(char *buf, size_t n)
{
	return cons_ring_get(page.out, sizeof(page.out), &page.out_prod, &page.out_cons, buf, n);
}

static void round_trip(struct unit *u)
{
	char buf[16] = { 0 };
	UNIT_CHECK_EQ(u, put_out("hello", 5), 5);
	UNIT_CHECK_EQ(u, page.out_prod, 5);
	UNIT_CHECK_EQ(u, get_out(buf, sizeof(buf)), 5);
	UNIT_CHECK(u, memcmp(buf, "hello", 5) == 0);
	UNIT_CHECK_EQ(u, page.out_cons, 5);
}

static void wraps_around_the_array(struct unit *u)
{
	char in[100], buf[100];
	for (unsigned i = 0; i < sizeof(in); i++)
		in[i] = (char)i;
	page.out_prod = page.out_cons = 2048 - 30;
	UNIT_CHECK_EQ(u, put_out(in, sizeof(in)), 100);
	UNIT_CHECK_EQ(u, page.out[0], 30);              /* byte 30 landed at the array's start */
	UNIT_CHECK_EQ(u, get_out(buf, sizeof(buf)), 100);
	UNIT_CHECK(u, memcmp(buf, in, sizeof(in)) == 0);
}

static void wraps_around_the_index(struct unit *u)
{
	char buf[8];
	page.out_prod = page.out_cons = 0xfffffffe;
	UNIT_CHECK_EQ(u, put_out("abcd", 4), 4);
	UNIT_CHECK_EQ(u, page.out_prod, 2);
	UNIT_CHECK_EQ(u, get_out(buf, sizeof(buf)), 4);
	UNIT_CHECK(u, memcmp(buf, "abcd", 4) == 0);
	UNIT_CHECK_EQ(u, page.out_cons, 2);
}

static void full_ring_takes_nothing(struct unit *u)
{
	static char big[2048];
	UNIT_CHECK_EQ(u, put_out(big, sizeof(big)), 2048);
	UNIT_CHECK_EQ(u, put_out("x", 1), 0);
	UNIT_CHECK_EQ(u, page.out_prod, 2048);
}

static void short_ring_takes_what_fits(struct unit *u)
{
	static char big[3000];
	UNIT_CHECK_EQ(u, put_out(big, 2000), 2000);
	UNIT_CHECK_EQ(u, put_out(big, sizeof(big)), 48);
	UNIT_CHECK_EQ(u, page.out_prod, 2048);
}

static void empty_ring_gives_nothing(struct unit *u)
{
	char buf[4];
	page.out_prod = page.out_cons = 77;
	UNIT_CHECK_EQ(u, get_out(buf, sizeof(buf)), 0);
	UNIT_CHECK_EQ(u, page.out_cons, 77);
}

static void reads_at_most_len(struct unit *u)
{
	char buf[3];
	UNIT_CHECK_EQ(u, put_out("abcdef", 6), 6);
	UNIT_CHECK_EQ(u, get_out(buf, sizeof(buf)), 3);
	UNIT_CHECK(u, memcmp(buf, "abc", 3) == 0);
	UNIT_CHECK_EQ(u, page.out_cons, 3);
}

static void consumer_ahead_is_corrupt(struct unit *u)
{
	char buf[4];
	page.out_prod = 10;
	page.out_cons = 11;
	UNIT_CHECK_EQ(u, put_out("x", 1), -1);
	UNIT_CHECK_EQ(u, get_out(buf, sizeof(buf)), -1);
	UNIT_CHECK_EQ(u, page.out_prod, 10);
	UNIT_CHECK_EQ(u, page.out_cons, 11);
}

static void producer_too_far_ahead_is_corrupt(struct unit *u)
{
	char buf[4] = "....";
	page.out_prod = 2049;
	UNIT_CHECK_EQ(u, get_out(buf, sizeof(buf)), -1);
	UNIT_CHECK_EQ(u, put_out("x", 1), -1);
	UNIT_CHECK(u, memcmp(buf, "....", 4) == 0);
	UNIT_CHECK_EQ(u, page.out_cons, 0);
	UNIT_CHECK_EQ(u, page.out_prod, 2049);
}

static void in_ring_is_separate(struct unit *u)
{
	char buf[4];
	UNIT_CHECK_EQ(u, cons_ring_put(page.in, sizeof(page.in), &page.in_prod, &page.in_cons, "key", 3), 3);
	UNIT_CHECK_EQ(u, page.out_prod, 0);
	UNIT_CHECK_EQ(u, page.out[0], 0);
	UNIT_CHECK_EQ(u, cons_ring_get(page.in, sizeof(page.in), &page.in_prod, &page.in_cons, buf, sizeof(buf)), 3);
	UNIT_CHECK(u, memcmp(buf, "key", 3) == 0);
	UNIT_CHECK_EQ(u, page.in_cons, 3);
	UNIT_CHECK_EQ(u, page.connection, XENCONSOLE_DISCONNECTED);
}

static void in_ring_holds_1024(struct unit *u)
{
	static char big[2048];
	UNIT_CHECK_EQ(u, cons_ring_put(page.in, sizeof(page.in), &page.in_prod, &page.in_cons, big, sizeof(big)), 1024);
	UNIT_CHECK_EQ(u, page.in_prod, 1024);
}

int main(void)
{
	static const struct unit_case cases[] = {
		{ "cons-ring/round-trip", round_trip },
		{ "cons-ring/wraps-around-the-array", wraps_around_the_array },
		{ "cons-ring/wraps-around-the-index", wraps_around_the_index },
		{ "cons-ring/full-ring-takes-nothing", full_ring_takes_nothing },
		{ "cons-ring/short-ring-takes-what-fits", short_ring_takes_what_fits },
		{ "cons-ring/empty-ring-gives-nothing", empty_ring_gives_nothing },
		{ "cons-ring/reads-at-most-len", reads_at_most_len },
		{ "cons-ring/consumer-ahead-is-corrupt", consumer_ahead_is_corrupt },
		{ "cons-ring/producer-too-far-ahead-is-corrupt", producer_too_far_ahead_is_corrupt },
		{ "cons-ring/in-ring-is-separate", in_ring_is_separate },
		{ "cons-ring/in-ring-holds-1024", in_ring_holds_1024 },
	};
	return unit_run(cases, sizeof(cases) / sizeof(cases[0]), fresh, NULL) ? 1 : 0;
}
