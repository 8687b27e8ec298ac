/*
 * Path rules (see xs_path.h).  Invariant: a path that reaches the tree has
 * passed xs_path_valid, so the tree code can split it at '/' without
 * meeting empty components, and every ancestor of it is valid too.
 */
#include "xs_path.h"
#include "xs_str.h"

size_t xs_home_path(char *buf, uint32_t domid)
{
	static const char prefix[] = "/local/domain/";
	size_t n = sizeof(prefix) - 1;

	memcpy(buf, prefix, n);
	return n + xs_fmt_u(buf + n, domid);
}

bool xs_path_canon(uint32_t domid, const char *in, struct xs_path *out,
                   bool *relative)
{
	size_t inlen = xs_strlen(in), n = 0;

	*relative = in[0] != '/' && in[0] != '@';
	if (*relative) {
		n = xs_home_path(out->s, domid);
		out->s[n++] = '/';
	}
	if (n + inlen >= XS_PATH_CAP)
		return false;
	memcpy(out->s + n, in, inlen + 1);
	out->len = (uint32_t)(n + inlen);
	return true;
}

static bool valid_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '/' || c == '_' ||
	       c == '@';
}

bool xs_path_valid(const char *p, size_t n)
{
	if (!n || p[0] != '/' || n > XENSTORE_ABS_PATH_MAX)
		return false;
	if (n > 1 && p[n - 1] == '/')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!valid_char(p[i]))
			return false;
		if (p[i] == '/' && i + 1 < n && p[i + 1] == '/')
			return false;
	}
	return true;
}

size_t xs_path_parent_len(const char *p, size_t n)
{
	size_t b = xs_path_base(p, n);

	return b > 1 ? b - 1 : 1;
}

size_t xs_path_base(const char *p, size_t n)
{
	while (n > 0 && p[n - 1] != '/')
		n--;
	return n;
}

bool xs_path_at_or_below(const char *p, size_t n, const char *q, size_t m)
{
	if (m == 1 && q[0] == '/')
		return true;
	if (n < m || memcmp(p, q, m))
		return false;
	return n == m || p[m] == '/';
}
