/* Segment selectors and descriptor tables in test kernels (seg.h). */
#include "seg.h"
#include "test.h"

const char *segs_str(struct segs s, char *buf)
{
	snprintf(buf, 48, "ds 0x%x es 0x%x fs 0x%x gs 0x%x", s.ds, s.es, s.fs, s.gs);
	return buf;
}

void seg_gdt_install(unsigned n, uint64_t *mfns)
{
	for (unsigned i = 0; i < n; i++)
		mfns[i] = pt_mfn(pt_alloc());
	CHECK_EQ(HYPERVISOR_set_gdt(mfns, n * 512), 0);
}

long seg_set_ldt(uint64_t va, unsigned entries)
{
	return mmuext(MMUEXT_SET_LDT, va, entries);
}

uint64_t seg_ldt_install(unsigned entries, uint64_t *va)
{
	uint64_t pfn = pt_alloc();
	*va = pt_pfn_va(pfn);
	CHECK_EQ(pt_map(pfn, PT_P | PT_A), 0);          /* read-only: a descriptor page */
	CHECK_EQ(seg_set_ldt(*va, entries), 0);
	return pt_mfn(pfn);
}

void seg_desc(const uint64_t *mfns, unsigned index, uint64_t desc)
{
	uint64_t maddr = (mfns[index / 512] << 12) + 8 * (index % 512);
	long rc = HYPERVISOR_update_descriptor(maddr, desc);
	CHECK(rc == 0, "update_descriptor of entry %u to 0x%016lx: %ld", index, desc, rc);
}

void seg_sample_tables(void)
{
	uint64_t gdt, ldt, va;
	seg_gdt_install(1, &gdt);
	ldt = seg_ldt_install(4, &va);
	static const uint64_t kinds[] = { DESC_DATA, DESC_DATA_NP, DESC_CODE_XO };
	for (unsigned i = 0; i < ARRAY_SIZE(kinds); i++) {
		seg_desc(&gdt, 16 + i, kinds[i]);
		seg_desc(&ldt, i, kinds[i]);
	}
	seg_desc(&gdt, 19, DESC_GATE);
}
