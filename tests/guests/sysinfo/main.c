/*
 * Rule: what a system description says reaches the hypervisor.  Booted as
 * the control domain of tests/systems/manifest-values/system.xml, this
 * kernel lists the domains through domctl getdomaininfo and checks names,
 * memory, privilege, scheduler weight and cap, against the values its
 * command line repeats from the description ("name:pages:weight:cap ...").
 */
#include "domctl.h"
#include "test.h"

static const char *next_field(const char *p, char *out, size_t size)
{
	size_t n = 0;
	while (*p && *p != ':' && *p != ' ') {
		if (n + 1 < size)
			out[n++] = *p;
		p++;
	}
	out[n] = 0;
	return *p == ':' ? p + 1 : p;
}

static unsigned long number(const char *s)
{
	unsigned long v = 0;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned long)(*s++ - '0');
	return v;
}

int main(void)
{
	const char *p = start_info->cmd_line;
	domid_t dom = 0;
	unsigned seen = 0;
	CHECK(start_info->flags & SIF_INITDOMAIN, "not booted as the initial domain");
	while (*p) {
		char name[32], pages[16], weight[16], cap[16];
		p = next_field(p, name, sizeof(name));
		p = next_field(p, pages, sizeof(pages));
		p = next_field(p, weight, sizeof(weight));
		p = next_field(p, cap, sizeof(cap));
		while (*p == ' ')
			p++;
		struct xen_domctl_getdomaininfo info;
		struct umbra_domctl_getinfo_ext ext;
		unsigned w, c;
		CHECK_EQ(domctl_getinfo(dom, &info), 0);
		CHECK_EQ(domctl_getinfo_ext(dom, &ext), 0);
		CHECK_EQ(ext.domain, info.domain);
		CHECK_EQ(domctl_sched_get(info.domain, &w, &c), 0);
		printf("d%u %s: %lu pages, weight %u, cap %u, flags %x%s\n", info.domain, ext.name,
		       info.max_pages, w, c, info.flags, ext.privileged ? ", privileged" : "");
		CHECK(strcmp(ext.name, name) == 0, "domain %u is %s, expected %s", info.domain, ext.name, name);
		CHECK_EQ(info.max_pages, number(pages));
		CHECK_EQ(w, number(weight));
		CHECK_EQ(c, number(cap));
		CHECK_EQ(ext.privileged, seen == 0);
		dom = (domid_t)(info.domain + 1);
		seen++;
	}
	CHECK(seen >= 3, "only %u domains described", seen);
	struct xen_domctl_getdomaininfo info;
	CHECK_EQ(domctl_getinfo(dom, &info), -XEN_ESRCH);
	test_pass();
}
