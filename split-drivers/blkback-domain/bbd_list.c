/*
 * Listing the devices of one kind the toolstack created under our home
 * (backend/<kind>/<fe>/<devid>), for the vbd and vif scans alike.  Names
 * that are not strictly decimal, or a front end id past the reserved
 * range, are skipped.  And the front end's state as a back end's state
 * machine reads it, for both kinds too.
 */
#include <stdio.h>
#include <string.h>
#include "bbd.h"
#include "xb_dir.h"
#include "xs_client.h"

void bbd_list(const char *kind, void (*add)(unsigned fe, unsigned long devid))
{
	static char fes[1024], devs[1024];
	char p[64];
	snprintf(p, sizeof(p), "backend/%s", kind);
	long n = xs_client_request(XS_DIRECTORY, p, (uint32_t)strlen(p) + 1, fes, sizeof(fes), 5000000000ull);
	for (char *f = fes; n == XS_DIRECTORY && *f; f += strlen(f) + 1) {
		uint64_t fe, devid;
		if (!xenbus_parse_u(f, DOMID_FIRST_RESERVED - 1, &fe))
			continue;
		snprintf(p, sizeof(p), "backend/%s/%u", kind, (unsigned)fe);
		if (xs_client_request(XS_DIRECTORY, p, (uint32_t)strlen(p) + 1, devs, sizeof(devs), 5000000000ull) != XS_DIRECTORY)
			continue;
		for (char *d = devs; *d; d += strlen(d) + 1)
			if (xenbus_parse_u(d, UINT32_MAX, &devid))
				add((unsigned)fe, (unsigned long)devid);
	}
}

enum xenbus_state bbd_frontend_state(enum xenbus_state own, const char *fe_dir)
{
	char s[8];
	enum xenbus_state fe;
	if (own == XenbusStateInitialising || !xb_read(fe_dir, "state", s, sizeof(s)) || !xenbus_parse_state(s, &fe))
		return XenbusStateUnknown;
	return fe;
}
