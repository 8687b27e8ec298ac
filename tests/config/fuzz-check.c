/*
 * libFuzzer target: umbra-config's whole check path on arbitrary bytes --
 * XML parsing, the schema, value parsing, every semantic check and the
 * file checks (relative to the working directory, where fuzz.sh puts the
 * test fixtures so that kernel and image paths can resolve).  The same
 * bytes are also given to the kernel image reader (the hypervisor's
 * builder's own, dombuild/elf_xen.c) as if they were a kernel file,
 * for a domU and for the control domain: the one input of the check path
 * that is not XML; the fixture kernels seed it.
 *
 * Besides "never crash, never leak", one property is checked: a
 * description with no errors compiles to a manifest that the
 * hypervisor's reader accepts.  If the two layers ever disagree, the
 * fuzzer aborts with the input that shows it.
 */
#include <stdlib.h>

#include "../../config/desc.h"
#include "elf_xen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d;
	struct desc_system *s;

	struct xen_elf_info info;

	elf_xen_parse(data, size, false, &info);
	elf_xen_parse(data, size, true, &info);
	diag_init(&d, "fuzz.xml");
	s = desc_parse("fuzz.xml", (const char *)data, size, &d);
	if (s)
		desc_check(s, &d);
	if (s && diag_count(&d) == 0) {
		size_t len;
		const char *why;
		struct manifest m;
		uint8_t *out = manifest_build(s, &len);
		if (manifest_open(&m, out, len, &why))
			abort();
		free(out);
	}
	desc_free(s);
	diag_free(&d);
	return 0;
}
