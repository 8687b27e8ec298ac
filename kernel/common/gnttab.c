/*
 * Grant tables, version 1 (see gnttab.h; xen-pv-abi.md 11).
 *
 * Rules enforced here:
 *   - a domain maps or copies a grant only if the granter wrote
 *     GTF_permit_access with the mapper's own id in that entry, and writes
 *     only if GTF_readonly is clear;
 *   - while any mapping exists, GTF_reading (and GTF_writing for writable
 *     mappings) stay set in the shared entry, which is what stops the granter
 *     from revoking the grant (its compare-and-exchange fails); they are
 *     cleared when the last mapping of that kind goes;
 *   - the frame must belong to the granter, and a writable use takes a
 *     writable type reference, so a granted page table is never writable;
 *   - the page-table side (which entry, XSA-227, XSA-234, the references)
 *     is the pv-mmu model's (mmu_grant.c);
 *   - every op reports a negative GNTST_* status on failure (XSA-316).
 *
 * Handles.  A handle indexes the mapper's maptrack, whose entry records what
 * was checked and pinned at map time: granter, ref, frame, flags.  As in
 * Xen, handles come from the head of a free list and go back to its tail
 * when their mapping is unmapped or their map fails, so the handle freed
 * last is handed out last: an unmap with a stale handle finds a free entry
 * (bad_handle) until every other free handle has been used.  When a stale
 * number does name a newer mapping, the unmap is judged by that newer
 * record alone (as Xen does): it succeeds only if host_addr holds a grant
 * entry of the record's frame with the record's access, else general_error,
 * and it drops the pin of the record's own granter and ref.  No field of a
 * request can aim the pin drop anywhere else.  Xen re-checks the record
 * under a lock against an unmap of the same handle racing on another CPU;
 * a grant op here runs on one CPU without preemption, so it cannot change
 * under us.
 *
 * Unmap, as in Xen 4.17: host_addr 0 leaves the mapping in place (okay);
 * dev_bus_addr matters only for device mappings, which Umbra never makes;
 * host_addr need not be the address the map was given (the record keeps
 * none): any grant entry of the right frame and access will do.
 *
 * Busy flags follow the pins: set_busy_flags recomputes both bits from the
 * pin counts after every change, and each mapping's pin is dropped exactly
 * once, by its unmap or by its mapper's death, whatever became of its
 * page-table entry.  (An entry can vanish without an unmap when the L1
 * holding it loses its type: the model drops the entry's references, the
 * handle can no longer unmap anything, and the pin stays until the mapper
 * dies, as with Xen's release builds.)
 *
 * The granter is named by domain id, and a mapping may outlive it: its
 * frames stay alive while mapped, but its active entries go with it.
 * Domain ids are never handed out twice (domain.c), so a dead granter's id
 * finds no domain and the pin drop is skipped; it cannot land in a newer
 * domain's table.  (Xen keeps the dead domain, id included, until its last
 * frame is unmapped.)
 *
 * Teardown: a dying mapper's pins are released first; its grant entries go
 * with its page tables, whose teardown drops their references like any L1
 * entry's.  A dying granter's frames that others still map stay alive until
 * they unmap (the model holds their references).
 */
#include "console.h"
#include "domain.h"
#include "gnttab.h"
#include "guest_access.h"
#include "hypercall.h"
#include "mm.h"

struct active_grant {
	uint16_t pin_read, pin_write;   /* mappings by kind */
	domid_t mapper;
	uint16_t pad;
};

#define ENTRIES_PER_FRAME 512
#define PIN_MAX 0xfff0
#define NO_HANDLE 0xffff

void gnttab_init(struct domain *d, unsigned max_frames)
{
	struct gnttab *g = &d->gnttab;
	memset(g, 0, sizeof(*g));
	g->max_frames = MIN(max_frames ? max_frames : GNTTAB_DEFAULT_FRAMES, GNTTAB_MAX_FRAMES);
	for (unsigned h = 0; h < GNTTAB_MAPTRACK; h++)
		g->maps[h].next_free = (uint16_t)(h + 1 < GNTTAB_MAPTRACK ? h + 1 : NO_HANDLE);
	g->free_head = 0;
	g->free_tail = GNTTAB_MAPTRACK - 1;
}

/* The handle at the head of the free list, taken off it; NO_HANDLE if none. */
static unsigned handle_get(struct gnttab *g)
{
	unsigned h = g->free_head;
	if (h != NO_HANDLE) {
		g->free_head = g->maps[h].next_free;
		if (g->free_head == NO_HANDLE)
			g->free_tail = NO_HANDLE;
	}
	return h;
}

/* Free maptrack entry h and queue it at the tail. */
static void handle_put(struct gnttab *g, unsigned h)
{
	g->maps[h] = (struct grant_mapping){ .next_free = NO_HANDLE };
	if (g->free_tail == NO_HANDLE)
		g->free_head = (uint16_t)h;
	else
		g->maps[g->free_tail].next_free = (uint16_t)h;
	g->free_tail = (uint16_t)h;
}

static unsigned nr_entries(const struct gnttab *g)
{
	return g->nr_frames * ENTRIES_PER_FRAME;
}

static struct grant_entry_v1 *shared_entry(struct domain *d, grant_ref_t ref)
{
	return (struct grant_entry_v1 *)mfn_to_virt(d->gnttab.frames[ref / ENTRIES_PER_FRAME]) +
	       ref % ENTRIES_PER_FRAME;
}

static struct active_grant *active_entry(struct domain *d, grant_ref_t ref)
{
	return (struct active_grant *)mfn_to_virt(d->gnttab.active[ref / ENTRIES_PER_FRAME]) +
	       ref % ENTRIES_PER_FRAME;
}

static int grow(struct domain *d, unsigned want)
{
	struct gnttab *g = &d->gnttab;
	while (g->nr_frames < want) {
		uint64_t shared = frame_alloc_for(d, true);
		uint64_t active = shared ? frame_alloc_xen() : 0;
		if (!active)
			return -1;      /* the shared frame, if any, goes with the domain */
		g->frames[g->nr_frames] = shared;
		g->active[g->nr_frames] = active;
		g->nr_frames++;
	}
	return 0;
}

static struct domain *target(struct domain *self, domid_t id, int16_t *status)
{
	struct domain *d = id == DOMID_SELF || id == self->id ? self : domain_by_id(id);
	if (!d)
		*status = GNTST_bad_domain;
	else if (d != self && !self->privileged) {
		*status = GNTST_permission_denied;
		d = NULL;
	}
	return d;
}

static long op_setup_table(struct domain *self, uint64_t arg, unsigned count)
{
	struct gnttab_setup_table op;
	if (count != 1)
		return -XEN_EINVAL;
	if (copy_from_guest(&op, arg, sizeof(op)))
		return -XEN_EFAULT;
	struct domain *d = target(self, op.dom, &op.status);
	if (d) {
		op.status = GNTST_okay;
		if (op.nr_frames > d->gnttab.max_frames || grow(d, op.nr_frames))
			op.status = GNTST_general_error;
		for (unsigned i = 0; op.status == GNTST_okay && i < op.nr_frames; i++)
			if (copy_to_guest(op.frame_list + i * 8, &d->gnttab.frames[i], 8))
				op.status = GNTST_bad_virt_addr;
	}
	return copy_to_guest(arg, &op, sizeof(op));
}

static long op_query_size(struct domain *self, uint64_t arg, unsigned count)
{
	struct gnttab_query_size op;
	if (count != 1)
		return -XEN_EINVAL;
	if (copy_from_guest(&op, arg, sizeof(op)))
		return -XEN_EFAULT;
	struct domain *d = target(self, op.dom, &op.status);
	if (d) {
		op.nr_frames = d->gnttab.nr_frames;
		op.max_nr_frames = d->gnttab.max_frames;
		op.status = GNTST_okay;
	}
	return copy_to_guest(arg, &op, sizeof(op));
}

/*
 * May `user` use grant ref of granter (for writing if write)?  On success the
 * granted frame is in *mfn.  Checks only; takes nothing.
 */
static int16_t check_grant(struct domain *granter, grant_ref_t ref, struct domain *user,
			   bool write, uint64_t *mfn)
{
	if (ref >= nr_entries(&granter->gnttab))
		return GNTST_bad_gntref;
	struct grant_entry_v1 e = *(volatile struct grant_entry_v1 *)shared_entry(granter, ref);
	if ((e.flags & GTF_type_mask) != GTF_permit_access || (e.flags & GTF_sub_page) ||
	    e.domid != user->id)
		return GNTST_general_error;
	if (write && (e.flags & GTF_readonly))
		return GNTST_general_error;
	struct active_grant *a = active_entry(granter, ref);
	if ((a->pin_read || a->pin_write) && a->mapper != user->id)
		return GNTST_general_error;
	if (a->pin_read >= PIN_MAX || a->pin_write >= PIN_MAX)
		return GNTST_general_error;
	if (!mfn_valid(e.frame) || frame_table[e.frame].owner != granter->id)
		return GNTST_bad_page;
	*mfn = e.frame;
	return GNTST_okay;
}

static void set_busy_flags(struct domain *granter, grant_ref_t ref)
{
	struct active_grant *a = active_entry(granter, ref);
	uint16_t *flags = &shared_entry(granter, ref)->flags;
	uint16_t busy = (a->pin_read || a->pin_write ? GTF_reading : 0) | (a->pin_write ? GTF_writing : 0);
	uint16_t old = __atomic_load_n(flags, __ATOMIC_RELAXED), want;
	do {
		want = (uint16_t)((old & ~(GTF_reading | GTF_writing)) | busy);
	} while (!__atomic_compare_exchange_n(flags, &old, want, false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
}

/* Check, map and pin op's grant of granter; on success *m records the mapping. */
static int16_t map_grant(struct domain *self, struct domain *granter,
			 const struct gnttab_map_grant_ref *op, struct grant_mapping *m)
{
	bool write = !(op->flags & GNTMAP_readonly);
	uint64_t mfn;
	int16_t st = check_grant(granter, op->ref, self, write, &mfn);
	if (st)
		return st;
	int rc = mmu_grant_map(&mmu_env, &current->mmu, op->host_addr,
			       op->flags & GNTMAP_contains_pte, &granter->mmu, mfn, op->flags);
	if (rc)
		return rc == -XEN_EINVAL ? GNTST_bad_virt_addr : GNTST_general_error;
	struct active_grant *a = active_entry(granter, op->ref);
	a->mapper = self->id;
	if (write)
		a->pin_write++;
	else
		a->pin_read++;
	set_busy_flags(granter, op->ref);
	*m = (struct grant_mapping){ .flags = op->flags, .granter = granter->id, .ref = op->ref,
				     .mfn = mfn };
	return GNTST_okay;
}

static int16_t map_one(struct domain *self, const struct gnttab_map_grant_ref *op,
		       grant_handle_t *handle)
{
	if (!(op->flags & GNTMAP_host_map))
		return (op->flags & GNTMAP_device_map) ? GNTST_general_error : GNTST_bad_gntref;
	struct domain *granter = op->dom == DOMID_SELF ? self : domain_by_id(op->dom);
	if (!granter)
		return GNTST_bad_domain;
	unsigned h = handle_get(&self->gnttab);
	if (h == NO_HANDLE)
		return GNTST_no_space;
	int16_t st = map_grant(self, granter, op, &self->gnttab.maps[h]);
	if (st)
		handle_put(&self->gnttab, h);
	else
		*handle = h;
	return st;
}

/* Drop the pin mapping m holds, unless its granter is gone (ids are never reused). */
static void drop_pin(const struct grant_mapping *m)
{
	struct domain *granter = domain_by_id(m->granter);
	if (!granter)
		return;
	struct active_grant *a = active_entry(granter, m->ref);
	if (m->flags & GNTMAP_readonly)
		a->pin_read--;
	else
		a->pin_write--;
	set_busy_flags(granter, m->ref);
}

static int16_t unmap_one(struct domain *self, const struct gnttab_unmap_grant_ref *op)
{
	struct gnttab *g = &self->gnttab;
	if (op->handle >= GNTTAB_MAPTRACK || !g->maps[op->handle].flags)
		return GNTST_bad_handle;
	const struct grant_mapping *m = &g->maps[op->handle];
	if (!op->host_addr)
		return GNTST_okay;              /* "leave the host mapping" */
	if (mmu_grant_unmap(&mmu_env, &current->mmu, op->host_addr,
			    m->flags & GNTMAP_contains_pte, m->mfn, m->flags))
		return GNTST_general_error;
	drop_pin(m);
	handle_put(g, op->handle);
	return GNTST_okay;
}

/* One side of a copy: a frame the caller may read (or write). */
static int16_t copy_side(struct domain *self, const struct gnttab_copy_ptr *p, bool by_ref,
			 bool write, struct domain **owner, uint64_t *mfn)
{
	if (!by_ref) {
		if (p->domid != DOMID_SELF && p->domid != self->id)
			return GNTST_permission_denied;
		if (!mfn_valid(p->u.gmfn) || frame_table[p->u.gmfn].owner != self->id)
			return GNTST_bad_page;
		*owner = self;
		*mfn = p->u.gmfn;
		return GNTST_okay;
	}
	*owner = p->domid == DOMID_SELF ? self : domain_by_id(p->domid);
	if (!*owner)
		return GNTST_bad_domain;
	return check_grant(*owner, p->u.ref, self, write, mfn);
}

static int16_t copy_one(struct domain *self, const struct gnttab_copy *op)
{
	if ((uint32_t)op->source.offset + op->len > 4096 || (uint32_t)op->dest.offset + op->len > 4096)
		return GNTST_bad_copy_arg;
	struct domain *sd, *dd;
	uint64_t smfn, dmfn;
	int16_t st = copy_side(self, &op->source, op->flags & GNTCOPY_source_gref, false, &sd, &smfn);
	if (!st)
		st = copy_side(self, &op->dest, op->flags & GNTCOPY_dest_gref, true, &dd, &dmfn);
	if (st)
		return st;
	/* The destination must be ordinary memory: never a page table or descriptor page. */
	if (mmu_get_page(&mmu_env, &dd->mmu, dmfn))
		return GNTST_general_error;
	if (mmu_get_type(&mmu_env, &dd->mmu, dmfn, MMU_TYPE_WRITABLE)) {
		mmu_put_page(&mmu_env, dmfn);
		return GNTST_general_error;
	}
	/* One CPU and no preemption here: GTF_reading/writing would be set and
	 * cleared with nothing able to observe them in between. */
	memmove((uint8_t *)mfn_to_virt(dmfn) + op->dest.offset,
		(const uint8_t *)mfn_to_virt(smfn) + op->source.offset, op->len);
	mmu_put_type(&mmu_env, dmfn);
	mmu_put_page(&mmu_env, dmfn);
	return GNTST_okay;
}

/* Runs count structs of size bytes through fn, writing each back; preemptible. */
static long batch(struct domain *self, uint64_t args, unsigned count, size_t size, unsigned which)
{
	union {
		struct gnttab_map_grant_ref map;
		struct gnttab_unmap_grant_ref unmap;
		struct gnttab_copy copy;
	} u;
	if (!guest_range_ok(args, (uint64_t)count * size))
		return -XEN_EFAULT;
	for (unsigned i = 0; i < count; i++) {
		if (i == HYPERCALL_BATCH) {
			current->regs.rsi = args + i * size;
			current->regs.rdx = count - i;
			return -XEN_ERESTART;
		}
		uint64_t at = args + i * size;
		if (copy_from_guest(&u, at, size))
			return -XEN_EFAULT;
		switch (which) {
		case GNTTABOP_map_grant_ref:
			u.map.status = map_one(self, &u.map, &u.map.handle);
			break;
		case GNTTABOP_unmap_grant_ref:
			u.unmap.status = unmap_one(self, &u.unmap);
			break;
		default:
			u.copy.status = copy_one(self, &u.copy);
		}
		if (copy_to_guest(at, &u, size))
			return -XEN_EFAULT;
	}
	return 0;
}

long gnttab_op(struct domain *self, unsigned cmd, uint64_t args, unsigned count)
{
	if ((int)count < 0)
		return -XEN_EINVAL;
	switch (cmd) {
	case GNTTABOP_map_grant_ref:
		return batch(self, args, count, sizeof(struct gnttab_map_grant_ref), cmd);
	case GNTTABOP_unmap_grant_ref:
		return batch(self, args, count, sizeof(struct gnttab_unmap_grant_ref), cmd);
	case GNTTABOP_copy:
		return batch(self, args, count, sizeof(struct gnttab_copy), cmd);
	case GNTTABOP_setup_table:
		return op_setup_table(self, args, count);
	case GNTTABOP_query_size:
		return op_query_size(self, args, count);
	case GNTTABOP_set_version: {
		struct gnttab_set_version v;
		if (copy_from_guest(&v, args, sizeof(v)))
			return -XEN_EFAULT;
		return v.version == 1 ? 0 : v.version == 2 ? -XEN_ENOSYS : -XEN_EINVAL;
	}
	case GNTTABOP_get_version: {
		struct gnttab_get_version v;
		if (copy_from_guest(&v, args, sizeof(v)))
			return -XEN_EFAULT;
		int16_t st;
		if (!target(self, v.dom, &st))
			return st == GNTST_bad_domain ? -XEN_ESRCH : -XEN_EPERM;
		v.version = 1;
		return copy_to_guest(args, &v, sizeof(v));
	}
	default:
		return -XEN_ENOSYS;
	}
}

void gnttab_release_mappings(struct domain *d)
{
	for (unsigned h = 0; h < GNTTAB_MAPTRACK; h++)
		if (d->gnttab.maps[h].flags) {
			drop_pin(&d->gnttab.maps[h]);
			handle_put(&d->gnttab, h);
		}
}

void gnttab_free(struct domain *d)
{
	for (unsigned i = 0; i < d->gnttab.nr_frames; i++)
		frame_free_xen(d->gnttab.active[i]);
	d->gnttab.nr_frames = 0;
}

long do_grant_table_op(uint64_t cmd, uint64_t args, uint64_t count, uint64_t a4, uint64_t a5)
{
	(void)a4, (void)a5;
	return gnttab_op(current->domain, (unsigned)cmd, args, (unsigned)count);
}
