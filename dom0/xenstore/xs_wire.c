/*
 * Wire-level pieces of XenStore (see xs_wire.h): the error-name table in
 * Xen's order, header coding, and payload argument splitting.
 *
 * Invariant: nothing here reads outside the byte ranges it is handed; a
 * payload is a counted array that may contain any byte, and an argument is
 * only a string if its terminating NUL lies inside the payload.
 */
#include "xs_wire.h"
#include "xs_str.h"

static const char *const err_names[XS_ERR_COUNT] = {
	[XS_OK] = "OK",
	[XS_EINVAL] = "EINVAL", [XS_EACCES] = "EACCES", [XS_EEXIST] = "EEXIST",
	[XS_EISDIR] = "EISDIR", [XS_ENOENT] = "ENOENT", [XS_ENOMEM] = "ENOMEM",
	[XS_ENOSPC] = "ENOSPC", [XS_EIO] = "EIO", [XS_ENOTEMPTY] = "ENOTEMPTY",
	[XS_ENOSYS] = "ENOSYS", [XS_EROFS] = "EROFS", [XS_EBUSY] = "EBUSY",
	[XS_EAGAIN] = "EAGAIN", [XS_EISCONN] = "EISCONN", [XS_E2BIG] = "E2BIG",
	[XS_EPERM] = "EPERM",
};

const char *xs_err_name(int err)
{
	if (err <= XS_OK || err >= XS_ERR_COUNT)
		return err_names[XS_EINVAL];
	return err_names[err];
}

void xs_hdr_decode(struct xsd_sockmsg *h, const uint8_t raw[16])
{
	memcpy(h, raw, sizeof(*h));
}

void xs_hdr_encode(uint8_t raw[16], const struct xsd_sockmsg *h)
{
	memcpy(raw, h, sizeof(*h));
}

bool xs_hdr_too_long(const struct xsd_sockmsg *h)
{
	return h->len > XENSTORE_PAYLOAD_MAX;
}

const char *xs_one_arg(const char *p, size_t n)
{
	if (!n || xs_nul_at(p, n) != n - 1)
		return NULL;
	return p;
}

unsigned int xs_args(const char *p, size_t n, const char **v, unsigned int max)
{
	unsigned int count = 0;
	size_t off = 0, len;

	while (off < n && (len = xs_nul_at(p + off, n - off)) < n - off) {
		if (count < max)
			v[count] = p + off;
		count++;
		off += len + 1;
	}
	return count;
}
