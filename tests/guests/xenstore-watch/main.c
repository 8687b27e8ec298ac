/*
 * Rule: XenStore watches fire as Xen's xenstored fires them: once when set
 * (the initial event), on every write and removal at or below the watched
 * path and on nothing else, with the path as the watcher named it
 * (relative to its home here) and its token; after unwatch, never.
 * Booted by tests/systems/xenstore-watch as a guest of build/dom0/dom0.elf.
 */
#include "events.h"
#include "test.h"
#include "xs_client.h"

#define QUIET_NS 300000000ull

static char buf[512];

static void ok(long type, long want, const char *what)
{
	CHECK(type == want, "%s: reply type %ld (%s), expected %ld", what, type, buf, want);
}

static void expect_event(const char *path, const char *token)
{
	char ev[256];
	long n = xs_client_event(ev, sizeof(ev), 5000000000ull);
	CHECK(n > 0, "no watch event for %s", path);
	size_t pl = strnlen(ev, (size_t)n);
	CHECK(pl < (size_t)n && strcmp(ev, path) == 0 && strcmp(ev + pl + 1, token) == 0,
	      "event \"%s\" token \"%s\", expected \"%s\" \"%s\"", ev, pl < (size_t)n ? ev + pl + 1 : "", path, token);
}

static void expect_quiet(const char *after)
{
	char ev[256];
	long n = xs_client_event(ev, sizeof(ev), QUIET_NS);
	CHECK(n < 0, "an event (\"%s\") after %s", n > 0 ? ev : "", after);
}

static long watch(uint32_t type, const char *path, const char *token)
{
	char msg[128];
	size_t pl = strlen(path) + 1, tl = strlen(token) + 1;
	memcpy(msg, path, pl);
	memcpy(msg + pl, token, tl);
	return xs_client_request(type, msg, (uint32_t)(pl + tl), buf, sizeof(buf), 5000000000ull);
}

int main(void)
{
	events_init();
	ok(watch(XS_WATCH, "data/w", "tok1"), XS_WATCH, "watch");
	expect_event("data/w", "tok1");                   /* the initial event */
	ok(xs_client_write("data/w/a", "1", buf, sizeof(buf)), XS_WRITE, "write data/w/a");
	expect_event("data/w/a", "tok1");
	ok(xs_client_write("data/x", "1", buf, sizeof(buf)), XS_WRITE, "write elsewhere");
	expect_quiet("a write outside the watched path");
	ok(xs_client_path(XS_RM, "data/w/a", buf, sizeof(buf)), XS_RM, "rm data/w/a");
	expect_event("data/w/a", "tok1");
	ok(watch(XS_UNWATCH, "data/w", "tok1"), XS_UNWATCH, "unwatch");
	ok(xs_client_write("data/w/b", "2", buf, sizeof(buf)), XS_WRITE, "write after unwatch");
	expect_quiet("unwatch");
	ok(watch(XS_UNWATCH, "data/w", "tok1"), XS_ERROR, "second unwatch");
	CHECK(strcmp(buf, "ENOENT") == 0, "second unwatch: %s", buf);
	printf("xenstore: watch fired on set, write and rm below it, not elsewhere, not after unwatch\n");
	test_pass();
}
