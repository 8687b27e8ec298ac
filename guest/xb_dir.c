/*
 * Device-directory keys over the guest's XenStore client (xb_dir.h).
 * Numbers are parsed strictly (xenbus_parse_u): a value a back end wrote
 * is never taken half-read.
 */
#include "xb_dir.h"
#include "guest.h"
#include "xenbus.h"
#include "xs_client.h"

static char reply[256];

bool xb_read(const char *dir, const char *key, char *out, unsigned cap)
{
	char p[192];
	snprintf(p, sizeof(p), "%s/%s", dir, key);
	return xs_client_request(XS_READ, p, (uint32_t)strlen(p) + 1, out, cap, XB_TIMEOUT) == XS_READ;
}

bool xb_read_max(const char *dir, const char *key, uint64_t max, uint64_t *v)
{
	char s[32];
	return xb_read(dir, key, s, sizeof(s)) && xenbus_parse_u(s, max, v);
}

bool xb_read_u(const char *dir, const char *key, uint64_t *v)
{
	return xb_read_max(dir, key, UINT64_MAX, v);
}

bool xb_write(const char *dir, const char *key, const char *value)
{
	char p[192];
	snprintf(p, sizeof(p), "%s/%s", dir, key);
	return xs_client_write(p, value, reply, sizeof(reply)) == XS_WRITE;
}

bool xb_write_u(const char *dir, const char *key, uint64_t v)
{
	char s[24];
	snprintf(s, sizeof(s), "%lu", (unsigned long)v);
	return xb_write(dir, key, s);
}
