/*
 * Rule: a domain the description marks autostart='no' is not built at
 * boot, the others are, and the control domain can read everything it
 * needs to build it later.  Booted as the control domain of
 * tests/systems/autostart-no/system.xml, this kernel reads boot module 0
 * through sysctl boot_module in small chunks, opens it with the
 * hypervisor's own reader (config/manifest.c, as dom0 does), and for each
 * domain it lists checks the running domains by name (getinfo_ext): one
 * of that name exists exactly when the domain starts at boot.  For each
 * domain not started it reads the kernel module the manifest names, whole,
 * and checks it is an ELF image of the size reported.
 */
#include "../../../config/manifest.h"
#include "domctl.h"
#include "test.h"

#define CHUNK 1000u

static uint8_t manifest_bytes[64 * 1024];
static uint8_t kernel[1024 * 1024];

static uint64_t read_module(uint32_t module, uint8_t *buf, uint64_t cap)
{
	uint64_t size = 0, at = 0;
	long n;
	do {
		n = sysctl_boot_module(module, at, buf + at, MIN((uint64_t)CHUNK, cap - at), &size);
		CHECK(n >= 0, "module %u at %lu: %ld", module, at, n);
		at += (uint64_t)n;
	} while (n > 0);
	CHECK(at == size, "module %u: read %lu bytes of %lu", module, at, size);
	return size;
}

static bool running(const char *name)
{
	struct umbra_domctl_getinfo_ext x;
	for (domid_t d = 0; domctl_getinfo_ext(d, &x) == 0; d = (domid_t)(x.domain + 1))
		if (strcmp(x.name, name) == 0)
			return true;
	return false;
}

int main(void)
{
	struct manifest m;
	const char *why;
	uint64_t len = read_module(0, manifest_bytes, sizeof(manifest_bytes));
	CHECK(manifest_open(&m, manifest_bytes, len, &why) == 0, "module 0 rejected: %s", why);
	unsigned built = 0, later = 0;
	struct manifest_domain md;
	for (uint32_t i = 0; manifest_domain(&m, i, &md); i++) {
		bool boot = !(md.flags & MANIFEST_DOMAIN_NO_AUTOSTART);
		CHECK(running(md.name) == boot, "domain %s: %s at boot", md.name, boot ? "not built" : "built");
		if (boot) {
			built++;
			continue;
		}
		later++;
		uint64_t size = read_module(md.kernel_module, kernel, sizeof(kernel));
		CHECK(memcmp(kernel, "\177ELF", 4) == 0, "domain %s: module %u is no ELF image", md.name,
		      md.kernel_module);
		printf("%s: not built at boot; its kernel, module %u, %lu bytes, ELF\n", md.name,
		       md.kernel_module, size);
	}
	CHECK(later > 0, "no domain is marked autostart='no'");
	printf("manifest: %u domains, %u built at boot, %u left to the control domain\n", built + later,
	       built, later);
	test_pass();
}
