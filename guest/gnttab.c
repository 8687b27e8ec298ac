/* Guest grant tables (gnttab.h). */
#include "gnttab.h"
#include "test.h"

#define VIRT_BASE 0xFFFFFFFF80000000ull
#define MAX_WINDOWS 4

struct grant_entry_v1 *grant_table;
static uint8_t table_pages[4][4096] __attribute__((aligned(4096)));
static uint8_t windows[MAX_WINDOWS][4096] __attribute__((aligned(4096)));

uint64_t guest_va_to_mfn(const void *va)
{
	const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;
	return p2m[((uint64_t)va - VIRT_BASE) >> 12];
}

void gnttab_setup(unsigned nr_frames)
{
	uint64_t frames[4];
	CHECK(nr_frames <= 4, "at most 4 grant frames here");
	struct gnttab_setup_table op = { .dom = DOMID_SELF, .nr_frames = nr_frames,
					 .frame_list = (uint64_t)frames };
	CHECK_EQ(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &op, 1), 0);
	CHECK_EQ(op.status, GNTST_okay);
	for (unsigned i = 0; i < nr_frames; i++)
		CHECK_EQ(HYPERVISOR_update_va_mapping((uint64_t)table_pages[i], (frames[i] << 12) | 0x67,
						      UVMF_INVLPG), 0);
	grant_table = (struct grant_entry_v1 *)table_pages;
}

void gnttab_grant(grant_ref_t ref, domid_t to, uint64_t mfn, bool readonly)
{
	grant_table[ref].domid = to;
	grant_table[ref].frame = (uint32_t)mfn;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	grant_table[ref].flags = (uint16_t)(GTF_permit_access | (readonly ? GTF_readonly : 0));
}

bool gnttab_revoke(grant_ref_t ref)
{
	uint16_t old = __atomic_load_n(&grant_table[ref].flags, __ATOMIC_SEQ_CST);
	if (old & (GTF_reading | GTF_writing))
		return false;
	return __atomic_compare_exchange_n(&grant_table[ref].flags, &old, 0, false,
					   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

int16_t gnttab_map(domid_t granter, grant_ref_t ref, uint64_t va, uint32_t flags, grant_handle_t *handle)
{
	struct gnttab_map_grant_ref op = { .host_addr = va, .flags = flags | GNTMAP_host_map,
					   .ref = ref, .dom = granter };
	long rc = HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);
	CHECK(rc == 0, "map_grant_ref hypercall: %ld", rc);
	*handle = op.handle;
	return op.status;
}

int16_t gnttab_unmap(uint64_t va, grant_handle_t handle)
{
	struct gnttab_unmap_grant_ref op = { .host_addr = va, .handle = handle };
	long rc = HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1);
	CHECK(rc == 0, "unmap_grant_ref hypercall: %ld", rc);
	return op.status;
}

int16_t gnttab_copy_one(struct gnttab_copy *op)
{
	long rc = HYPERVISOR_grant_table_op(GNTTABOP_copy, op, 1);
	CHECK(rc == 0, "copy hypercall: %ld", rc);
	return op->status;
}

int16_t gnttab_copy_to_ref(domid_t granter, grant_ref_t ref, const void *src, uint16_t len)
{
	struct gnttab_copy c = { .flags = GNTCOPY_dest_gref, .len = len };
	c.dest.u.ref = ref;
	c.dest.domid = granter;
	c.source.u.gmfn = guest_va_to_mfn(src);
	c.source.domid = DOMID_SELF;
	return gnttab_copy_one(&c);
}

uint64_t grant_window(unsigned i)
{
	CHECK(i < MAX_WINDOWS, "grant window %u", i);
	uint64_t va = (uint64_t)windows[i];
	CHECK_EQ(HYPERVISOR_update_va_mapping(va, 0, UVMF_INVLPG), 0);
	return va;
}
