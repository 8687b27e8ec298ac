/*
 * Rule: a domain's XenStore requests over its own ring (start_info's
 * store_mfn and store_evtchn) are served by dom0's store as Xen's
 * xenstored serves them: its home /local/domain/N as libxl lays it out
 * (domid, name), relative paths under it, write/read/directory/mkdir/rm,
 * ENOENT for what is not there, EACCES for dom0's own nodes, EINVAL for a
 * malformed path.  Booted by tests/systems/xenstore-basic as a guest of
 * build/dom0/dom0.elf.
 */
#include "events.h"
#include "test.h"
#include "xs_client.h"

static char buf[1024];

static void expect(long type, long want, const char *reply, const char *what)
{
	CHECK(type == want, "%s: reply type %ld (%s), expected %ld", what, type, buf, want);
	if (reply)
		CHECK(strcmp(buf, reply) == 0, "%s: \"%s\", expected \"%s\"", what, buf, reply);
}

int main(void)
{
	events_init();
	long t = xs_client_path(XS_READ, "domid", buf, sizeof(buf));
	expect(t, XS_READ, NULL, "read domid");
	char home[64], want[64];
	snprintf(home, sizeof(home), "%s", buf);
	snprintf(want, sizeof(want), "/local/domain/%s", home);
	expect(xs_client_path(XS_GET_DOMAIN_PATH, home, buf, sizeof(buf)), XS_GET_DOMAIN_PATH, want,
	       "get_domain_path");
	expect(xs_client_path(XS_READ, "name", buf, sizeof(buf)), XS_READ, "xs-guest", "read name");
	printf("xenstore: d%s is %s, home %s\n", home, "xs-guest", want);

	expect(xs_client_write("data/greeting", "hello", buf, sizeof(buf)), XS_WRITE, "OK", "write");
	expect(xs_client_path(XS_READ, "data/greeting", buf, sizeof(buf)), XS_READ, "hello", "read back");
	char abs[96];
	snprintf(abs, sizeof(abs), "%s/data/greeting", want);
	expect(xs_client_path(XS_READ, abs, buf, sizeof(buf)), XS_READ, "hello", "read by absolute path");
	expect(xs_client_path(XS_MKDIR, "data/sub", buf, sizeof(buf)), XS_MKDIR, "OK", "mkdir");
	long n = xs_client_request(XS_DIRECTORY, "data", 5, buf, sizeof(buf), 5000000000ull);
	CHECK(n == XS_DIRECTORY, "directory: type %ld", n);
	CHECK(strcmp(buf, "greeting") == 0 && strcmp(buf + 9, "sub") == 0, "directory: %s, %s", buf, buf + 9);
	expect(xs_client_path(XS_RM, "data/greeting", buf, sizeof(buf)), XS_RM, "OK", "rm");
	expect(xs_client_path(XS_READ, "data/greeting", buf, sizeof(buf)), XS_ERROR, "ENOENT", "read after rm");
	expect(xs_client_path(XS_READ, "no/such/node", buf, sizeof(buf)), XS_ERROR, "ENOENT", "read of nothing");
	expect(xs_client_path(XS_READ, "/tool/xenstored", buf, sizeof(buf)), XS_ERROR, "EACCES",
	       "read of dom0's node");
	expect(xs_client_write("/tool/xenstored/x", "y", buf, sizeof(buf)), XS_ERROR, "EACCES",
	       "write under dom0's node");
	expect(xs_client_path(XS_READ, "bad path!", buf, sizeof(buf)), XS_ERROR, "EINVAL", "malformed path");
	printf("xenstore: write, read, directory, mkdir, rm answered as xenstored\n");
	test_pass();
}
