/*
 * A vif's XenStore layout (vif_nodes.h).  The bridge name is libxl's
 * default, xenbr0: a back-end domain has one bridge, and every vif it
 * serves joins it.  The MTU is 1500 (no jumbo frames).  Portable C.
 */
#include "vif_nodes.h"

static const char hex[] = "0123456789abcdef";

void vif_fmt_mac(char *out, const uint8_t mac[6])
{
	for (unsigned i = 0; i < 6; i++) {
		out[i * 3] = hex[mac[i] >> 4];
		out[i * 3 + 1] = hex[mac[i] & 15];
		out[i * 3 + 2] = i == 5 ? 0 : ':';
	}
}

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool vif_parse_mac(const char *text, uint8_t mac[6])
{
	for (unsigned i = 0; i < 6; i++) {
		int hi = nibble(text[i * 3]), lo = hi < 0 ? -1 : nibble(text[i * 3 + 1]);
		if (lo < 0 || text[i * 3 + 2] != (i == 5 ? 0 : ':'))
			return false;
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

unsigned vif_toolstack_nodes(const struct vif_desc *d, struct vbd_node *out, unsigned max)
{
	char fe_dir[VBD_PATH_MAX], be_dir[VBD_PATH_MAX], mac[18];
	if (max < VIF_TOOLSTACK_NODES || !dev_frontend_dir(fe_dir, "vif", d->frontend, d->devid) ||
	    !dev_backend_dir(be_dir, "vif", d->backend, d->frontend, d->devid))
		return 0;
	vif_fmt_mac(mac, d->mac);
	unsigned n = 0;
	bool ok = dev_node(out, &n, false, "backend", be_dir) && dev_node_u(out, &n, false, "backend-id", d->backend) &&
		  dev_node(out, &n, false, "state", "1") && dev_node_u(out, &n, false, "handle", d->devid) &&
		  dev_node(out, &n, false, "mac", mac) && dev_node(out, &n, false, "trusted", "1") &&
		  dev_node(out, &n, false, "mtu", "1500") &&
		  dev_node(out, &n, true, "frontend", fe_dir) && dev_node_u(out, &n, true, "frontend-id", d->frontend) &&
		  dev_node(out, &n, true, "online", "1") && dev_node(out, &n, true, "state", "1") &&
		  dev_node(out, &n, true, "mac", mac) && dev_node(out, &n, true, "bridge", VIF_BRIDGE_NAME) &&
		  dev_node_u(out, &n, true, "handle", d->devid) && dev_node(out, &n, true, "type", "vif");
	if (!ok || n != VIF_TOOLSTACK_NODES)
		return 0;
	out[6].ro_front = true;                         /* mtu */
	return n;
}
