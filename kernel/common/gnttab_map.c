/*
 * Grant mappings: map_grant_ref, unmap_grant_ref, unmap_and_replace, and the
 * release of a dying mapper's mappings (xen-pv-abi.md 11.5; Xen 4.17's
 * map_grant_ref and unmap_common).
 *
 * A mapping has a host part (GNTMAP_host_map: a grant entry in the mapper's
 * page tables, written and removed by the pv-mmu model, mmu_grant.c) and/or
 * a device part (GNTMAP_device_map).  Umbra gives guests no IOMMU and no
 * DMA, so as in Xen without an IOMMU a device mapping is the frame's machine
 * address handed back in dev_bus_addr, and what it holds: a pin of its own
 * kind (setting GTF_reading, and GTF_writing unless read-only) and, in the
 * kernel rather than in any page table, a general reference on the frame
 * plus a writable type reference unless read-only.  So a device mapping of a
 * read-only grant is refused, a writable one of a page-table or descriptor
 * frame too, and while a writable one exists the granter cannot make the
 * frame a table (the type is taken).  These references sit outside the page
 * tables, like a copy's while it runs: the model's invariant checker counts
 * only its own.
 *
 * Every map returns dev_bus_addr (the frame's machine address), as Xen does
 * for host mappings too.  Statuses, in Xen's order: neither part requested
 * bad_gntref; an unknown granter (DOMID_SELF included) bad_domain; no free
 * handle no_device_space; then the pin's status; any later refusal (the
 * frame no longer the granter's, a writable type refused, no L1 entry at
 * host_addr) general_error, with everything taken undone.
 *
 * Unmap, as in Xen 4.17: a handle that is not live is bad_handle; a non-zero
 * dev_bus_addr other than the frame's machine address bad_dev_addr; then a
 * non-zero host_addr removes the host part (general_error, and nothing
 * else done, unless it holds the grant entry: any entry of the right frame
 * and access will do, the record keeps no address and the entry no mark),
 * and a non-zero
 * dev_bus_addr the device part.  A zero address leaves that part in place;
 * the handle is freed when both parts are gone.  unmap_and_replace is the
 * host part of an unmap with new_addr's entry moved onto host_addr (not with
 * a GNTMAP_contains_pte mapping), and never touches the device part.
 *
 * Each part's pin is dropped exactly once, by its unmap or by its mapper's
 * death, whatever became of its page-table entry.  (A host entry can vanish
 * without an unmap: mmu_update or a store rewrites it, a later map onto the
 * same slot replaces it, or the L1 holding it loses its type.  The entry's references go with it, the handle
 * can no longer unmap it, and the pin stays until the mapper dies, as with
 * Xen's release builds.)
 */
#include "gnttab_internal.h"

/* The device part's references on mfn: a general one, plus a writable type
   unless read-only.  0, or -1 when the frame refuses them. */
static int device_refs_get(struct domain *granter, uint64_t mfn, bool readonly)
{
	if (mmu_get_page(&mmu_env, &granter->mmu, mfn))
		return -1;
	if (!readonly && mmu_get_type(&mmu_env, &granter->mmu, mfn, MMU_TYPE_WRITABLE)) {
		mmu_put_page(&mmu_env, mfn);
		return -1;
	}
	return 0;
}

static void device_refs_put(uint64_t mfn, bool readonly)
{
	if (!readonly)
		mmu_put_type(&mmu_env, mfn);
	mmu_put_page(&mmu_env, mfn);
}

/* After the pin: the references and the host entry.  GNTST_*; on failure
   whatever it took is released again. */
static int16_t map_frame(struct domain *granter,
			 const struct gnttab_map_grant_ref *op, uint64_t mfn)
{
	bool ro = op->flags & GNTMAP_readonly, dev = op->flags & GNTMAP_device_map;
	if (frame_table[mfn].owner != granter->id || !frame_table[mfn].count)
		return GNTST_general_error;
	if (dev && device_refs_get(granter, mfn, ro))
		return GNTST_general_error;
	if ((op->flags & GNTMAP_host_map) &&
	    mmu_grant_map(&mmu_env, &current->mmu, op->host_addr, op->flags & GNTMAP_contains_pte,
			  &granter->mmu, mfn, op->flags)) {
		if (dev)
			device_refs_put(mfn, ro);
		return GNTST_general_error;
	}
	return GNTST_okay;
}

int16_t gnttab_map_one(struct domain *self, struct gnttab_map_grant_ref *op)
{
	if (!(op->flags & (GNTMAP_host_map | GNTMAP_device_map)))
		return GNTST_bad_gntref;
	struct domain *granter = domain_by_id(op->dom);
	if (!granter)
		return GNTST_bad_domain;
	unsigned h = gnttab_handle_get(&self->gnttab);
	if (h == NO_HANDLE)
		return GNTST_no_device_space;
	uint32_t pins = gnttab_map_pins(op->flags);
	uint64_t mfn;
	int16_t st = gnttab_pin(granter, op->ref, self, pins, true, &mfn);
	if (!st) {
		st = map_frame(granter, op, mfn);
		if (st)
			gnttab_unpin(granter, op->ref, pins);
	}
	if (st) {
		gnttab_handle_put(&self->gnttab, h);
		return st;
	}
	self->gnttab.maps[h] = (struct grant_mapping){
		.flags = op->flags & (GNTMAP_device_map | GNTMAP_host_map | GNTMAP_readonly |
				      GNTMAP_application_map | GNTMAP_contains_pte),
		.granter = granter->id, .ref = op->ref, .mfn = mfn, .next_free = NO_HANDLE };
	op->handle = h;
	op->dev_bus_addr = mfn << PAGE_SHIFT;
	return GNTST_okay;
}

/* Drop the pins of the parts in `parts` (GNTMAP_host_map/device_map) of m,
   unless its granter is gone (ids are never reused). */
static void drop_pins(const struct grant_mapping *m, uint32_t parts)
{
	struct domain *granter = domain_by_id(m->granter);
	if (granter)
		gnttab_unpin(granter, m->ref, gnttab_map_pins(parts | (m->flags & GNTMAP_readonly)));
}

int16_t gnttab_unmap_one(struct domain *self, uint64_t host_addr, uint64_t dev_bus_addr,
			 grant_handle_t handle, uint64_t new_addr)
{
	struct gnttab *g = &self->gnttab;
	if (handle >= GNTTAB_MAPTRACK || !g->maps[handle].flags)
		return GNTST_bad_handle;
	struct grant_mapping *m = &g->maps[handle];
	bool ro = m->flags & GNTMAP_readonly;
	uint32_t done = 0;
	if (dev_bus_addr && dev_bus_addr != m->mfn << PAGE_SHIFT)
		return GNTST_bad_dev_addr;
	if (host_addr && (m->flags & GNTMAP_host_map)) {
		if (mmu_grant_unmap(&mmu_env, &current->mmu, host_addr, m->flags & GNTMAP_contains_pte,
				    m->mfn, m->flags, new_addr))
			return GNTST_general_error;
		done |= GNTMAP_host_map;
	}
	if (dev_bus_addr && (m->flags & GNTMAP_device_map)) {
		device_refs_put(m->mfn, ro);
		done |= GNTMAP_device_map;
	}
	if (done) {
		drop_pins(m, done);
		m->flags &= ~done;
	}
	if (!(m->flags & (GNTMAP_host_map | GNTMAP_device_map)))
		gnttab_handle_put(g, handle);
	return GNTST_okay;
}

void gnttab_release_mappings(struct domain *d)
{
	for (unsigned h = 0; h < GNTTAB_MAPTRACK; h++) {
		struct grant_mapping *m = &d->gnttab.maps[h];
		if (!m->flags)
			continue;
		if (m->flags & GNTMAP_device_map)
			device_refs_put(m->mfn, m->flags & GNTMAP_readonly);
		drop_pins(m, m->flags & (GNTMAP_host_map | GNTMAP_device_map));
		gnttab_handle_put(&d->gnttab, h);
	}
}
