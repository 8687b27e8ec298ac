/*
 * The back-end domain's grant operations.  Data moves only by
 * GNTTABOP_copy between the front end's granted page and our own bounce
 * buffer, so the hypervisor checks every reference the front end names
 * (in range, granted to us, by that domain, writable for a read) and we
 * never map a data page.  The ring page is the one grant we map, at a
 * window page of our image kept for it (its own frame set aside while the
 * grant is there, put back at unmap).
 */
#include "bbd.h"
#include "hypercall.h"

static uint8_t windows[BBD_MAX_VBDS][4096] __attribute__((aligned(4096)));

int bbd_copy(void *ctx, const struct blkback_seg *segs, unsigned n, bool to_front)
{
	domid_t fe = (domid_t)(uintptr_t)ctx;
	struct gnttab_copy ops[BLKIF_MAX_SEGMENTS_PER_REQUEST];
	if (n > BLKIF_MAX_SEGMENTS_PER_REQUEST)
		return -1;
	for (unsigned i = 0; i < n; i++) {
		struct gnttab_copy_ptr local = { .domid = DOMID_SELF,
						 .offset = (uint16_t)((uintptr_t)segs[i].local & 4095) };
		local.u.gmfn = guest_va_to_mfn((void *)((uintptr_t)segs[i].local & ~4095ul));
		struct gnttab_copy_ptr remote = { .domid = fe, .offset = segs[i].offset };
		remote.u.ref = segs[i].gref;
		ops[i] = (struct gnttab_copy){
			.source = to_front ? local : remote, .dest = to_front ? remote : local,
			.len = segs[i].len, .flags = to_front ? GNTCOPY_dest_gref : GNTCOPY_source_gref,
		};
	}
	if (n && HYPERVISOR_grant_table_op(GNTTABOP_copy, ops, n))
		return -1;
	for (unsigned i = 0; i < n; i++)
		if (ops[i].status != GNTST_okay)
			return -1;
	return 0;
}

int16_t bbd_map_window(uint8_t *window, domid_t fe, grant_ref_t ref, grant_handle_t *handle)
{
	uint64_t addr = (uint64_t)window;
	if (HYPERVISOR_update_va_mapping(addr, 0, UVMF_INVLPG))
		return GNTST_general_error;
	int16_t st = gnttab_map(fe, ref, addr, 0, handle);
	if (st != GNTST_okay)
		HYPERVISOR_update_va_mapping(addr, (guest_va_to_mfn(window) << 12) | 0x67, UVMF_INVLPG);
	return st;
}

void bbd_unmap_window(uint8_t *window, grant_handle_t handle)
{
	uint64_t addr = (uint64_t)window;
	gnttab_unmap(addr, handle);
	HYPERVISOR_update_va_mapping(addr, (guest_va_to_mfn(window) << 12) | 0x67, UVMF_INVLPG);
}

int16_t bbd_map_ring(unsigned i, domid_t fe, grant_ref_t ref, grant_handle_t *handle, void **va)
{
	*va = windows[i];
	return bbd_map_window(windows[i], fe, ref, handle);
}

void bbd_unmap_ring(unsigned i, grant_handle_t handle)
{
	bbd_unmap_window(windows[i], handle);
}
