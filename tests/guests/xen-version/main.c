/*
 * Rule: xen_version answers like Xen (xen-pv-abi.md 17.1): a Xen 4 version
 * no older than the interface the public headers describe (4.17),
 * fixed-size string buffers fully written and NUL-terminated, capabilities
 * naming xen-3.0-x86_64, get_features with only submap 0
 * (exactly the bits Xen 4.17 gives a 64-bit PV domain, all of which Umbra
 * implements: direct_mapped, mmu_pt_update_preserve_ad, highmem_assist,
 * gnttab_map_avail_bits, memory_op_vnode_supported, and dom0 for the
 * initial domain only), pagesize only with a NULL
 * argument, the command line for the privileged domain only (-EPERM for
 * others), -ENOSYS for unknown sub-ops.  The same kernel runs again as an
 * unprivileged extra domain (test.spec), which checks its own view.
 */
#include "public/version.h"
#include "test.h"

#define FILL 0xAA

/* Call a string sub-op into a buffer pre-filled with FILL; check it is a NUL-padded string. */
static const char *get_string(int cmd, char *buf, size_t size)
{
	memset(buf, FILL, size);
	long rc = HYPERVISOR_xen_version(cmd, buf);
	if (rc)
		test_fail("xen_version(%d) = %ld", cmd, rc);
	size_t n = strnlen(buf, size);
	if (n == size)
		test_fail("xen_version(%d): string not NUL-terminated", cmd);
	for (size_t i = n; i < size; i++)
		if (buf[i])
			test_fail("xen_version(%d): byte %zu after the string is 0x%x, not 0", cmd, i, (uint8_t)buf[i]);
	return buf;
}

static bool contains(const char *s, const char *w)
{
	for (size_t n = strlen(w); *s; s++)
		if (!strncmp(s, w, n))
			return true;
	return false;
}

static char page[4096];

int main(void)
{
	bool init = start_info->flags & SIF_INITDOMAIN;
	uint32_t implemented = (1u << XENFEAT_direct_mapped) | (1u << XENFEAT_mmu_pt_update_preserve_ad) |
			       (1u << XENFEAT_highmem_assist) | (1u << XENFEAT_gnttab_map_avail_bits) |
			       (1u << XENFEAT_memory_op_vnode_supported) | (init ? 1u << XENFEAT_dom0 : 0);

	long version = xen_version_reported();
	printf("version %ld.%ld\n", version >> 16, version & 0xffff);
	CHECK(version >> 16 == 4 && version >= __XEN_LATEST_INTERFACE_VERSION__,
	      "version 0x%lx: not Xen 4 at least as new as the headers' 0x%x", version,
	      __XEN_LATEST_INTERFACE_VERSION__);

	const char *s = get_string(XENVER_extraversion, page, sizeof(xen_extraversion_t));
	CHECK(s[0] == '.', "extraversion \"%s\" does not start with '.'", s);
	printf("extraversion \"%s\"\n", s);

	s = get_string(XENVER_capabilities, page, sizeof(xen_capabilities_info_t));
	CHECK(contains(s, "xen-3.0-x86_64"), "capabilities \"%s\" lack xen-3.0-x86_64", s);
	get_string(XENVER_changeset, page, sizeof(xen_changeset_info_t));

	struct xen_compile_info *ci = (void *)page;
	memset(page, FILL, sizeof(*ci));
	CHECK_EQ(HYPERVISOR_xen_version(XENVER_compile_info, ci), 0);
	CHECK(ci->compiler[0] && strnlen(ci->compiler, sizeof(ci->compiler)) < sizeof(ci->compiler) &&
	      strnlen(ci->compile_by, sizeof(ci->compile_by)) < sizeof(ci->compile_by) &&
	      strnlen(ci->compile_domain, sizeof(ci->compile_domain)) < sizeof(ci->compile_domain) &&
	      strnlen(ci->compile_date, sizeof(ci->compile_date)) < sizeof(ci->compile_date),
	      "compile_info fields not NUL-terminated");

	struct xen_platform_parameters pp = { 0 };
	CHECK_EQ(HYPERVISOR_xen_version(XENVER_platform_parameters, &pp), 0);
	CHECK(pp.virt_start == HYPERVISOR_VIRT_START, "platform_parameters virt_start 0x%lx", pp.virt_start);

	struct xen_feature_info fi = { .submap_idx = 0, .submap = 0xdeadbeef };
	CHECK_EQ(HYPERVISOR_xen_version(XENVER_get_features, &fi), 0);
	CHECK_EQ(fi.submap_idx, 0);
	CHECK_EQ(fi.submap, implemented);
	printf("features submap 0 = 0x%x\n", fi.submap);
	fi = (struct xen_feature_info){ .submap_idx = 1, .submap = 0x1234 };
	CHECK_EQ(HYPERVISOR_xen_version(XENVER_get_features, &fi), -XEN_EINVAL);
	CHECK_EQ(fi.submap, 0x1234);

	CHECK_EQ(HYPERVISOR_xen_version(XENVER_pagesize, NULL), 4096);
	CHECK_EQ(HYPERVISOR_xen_version(XENVER_pagesize, page), -XEN_EINVAL);

	memset(page, FILL, 16);
	CHECK_EQ(HYPERVISOR_xen_version(XENVER_guest_handle, page), 0);
	unsigned untouched = 0;
	for (unsigned i = 0; i < 16; i++)
		untouched += (uint8_t)page[i] == FILL;
	CHECK(untouched < 16, "guest_handle left the buffer untouched");

	if (init) {
		s = get_string(XENVER_commandline, page, sizeof(xen_commandline_t));
		CHECK(contains(s, "loglvl="), "hypervisor command line \"%s\" lacks loglvl=", s);
		printf("hypervisor command line \"%s\"\n", s);
	} else {
		memset(page, FILL, 16);
		CHECK_EQ(HYPERVISOR_xen_version(XENVER_commandline, page), -XEN_EPERM);
		CHECK((uint8_t)page[0] == FILL, "command line written for an unprivileged domain");
	}

	CHECK_EQ(HYPERVISOR_xen_version(99, page), -XEN_ENOSYS);
	CHECK_EQ(HYPERVISOR_xen_version(-1, page), -XEN_ENOSYS);

	if (!init) {
		printf("unprivileged xen_version checks passed\n");
		guest_shutdown(SHUTDOWN_poweroff);
	}
	/* Let the unprivileged copy run its checks before the machine halts. */
	for (int i = 0; i < 20; i++)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	test_pass();
}
