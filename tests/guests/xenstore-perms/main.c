/*
 * Rule: a guest cannot read or write another guest's private XenStore
 * nodes: its home /local/domain/N is owned by dom0 and readable by N only
 * (libxl's layout), data/ below it is N's; another guest's read, directory,
 * get_perms, write, mkdir, rm and set_perms there are EACCES, as Xen's
 * xenstored answers, and change nothing (the owner reads its node back).
 * Two guests run this kernel (tests/systems/xenstore-perms): d1 and d2,
 * each the other's attacker.
 */
#include "events.h"
#include "test.h"
#include "xs_client.h"

static char buf[512];

static void refused(long type, const char *what)
{
	CHECK(type == XS_ERROR && strcmp(buf, "EACCES") == 0, "%s: type %ld (%s), expected EACCES", what, type, buf);
}

int main(void)
{
	events_init();
	CHECK_EQ(xs_client_path(XS_READ, "domid", buf, sizeof(buf)), XS_READ);
	unsigned me = (unsigned)buf[0] - '0', other = me == 1 ? 2 : 1;
	CHECK_EQ(xs_client_write("data/secret", "mine", buf, sizeof(buf)), XS_WRITE);
	char p[96], home[64];
	snprintf(home, sizeof(home), "/local/domain/%u", other);
	snprintf(p, sizeof(p), "%s/name", home);
	refused(xs_client_path(XS_READ, p, buf, sizeof(buf)), "read the other's name");
	refused(xs_client_path(XS_DIRECTORY, home, buf, sizeof(buf)), "list the other's home");
	refused(xs_client_path(XS_GET_PERMS, p, buf, sizeof(buf)), "get_perms of the other's name");
	snprintf(p, sizeof(p), "%s/data/secret", home);
	refused(xs_client_path(XS_READ, p, buf, sizeof(buf)), "read the other's secret");
	refused(xs_client_write(p, "stolen", buf, sizeof(buf)), "overwrite the other's secret");
	refused(xs_client_path(XS_RM, p, buf, sizeof(buf)), "remove the other's secret");
	char perms[64];
	int n = snprintf(perms, sizeof(perms), "%s", p) + 1;
	n += snprintf(perms + n, sizeof(perms) - (size_t)n, "b%u", me) + 1;
	refused(xs_client_request(XS_SET_PERMS, perms, (uint32_t)n, buf, sizeof(buf), 5000000000ull),
		"give itself the other's secret");
	snprintf(p, sizeof(p), "%s/data/planted", home);
	refused(xs_client_path(XS_MKDIR, p, buf, sizeof(buf)), "mkdir in the other's data");
	CHECK_EQ(xs_client_path(XS_READ, "data/secret", buf, sizeof(buf)), XS_READ);
	CHECK(strcmp(buf, "mine") == 0, "own secret now \"%s\"", buf);
	printf("xenstore: d%u refused every access to d%u's nodes; its own secret intact\n", me, other);
	test_pass();
}
