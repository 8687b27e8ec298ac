/*
 * Grant tables, version 1: the table, its pins, and grant_table_op's
 * dispatch (see gnttab.h; xen-pv-abi.md 11).  Mappings are gnttab_map.c's,
 * copies and cache flushes gnttab_copy.c's, transfers gnttab_transfer.c's.
 *
 * Rules enforced here:
 *   - a domain uses a grant only if the granter wrote GTF_permit_access with
 *     the user's own id in that entry (checked when the first pin is taken;
 *     the entry then belongs to that user and frame until the last pin
 *     goes), and writes only if GTF_readonly is clear;
 *   - while any pin exists, GTF_reading (and GTF_writing while a writable
 *     one exists) stay set in the shared entry, which is what stops the
 *     granter from revoking the grant (its compare-and-exchange fails);
 *     set_busy_flags recomputes both bits from the pins after every change;
 *   - the frame must belong to the granter when the first pin is taken;
 *   - every op reports a negative GNTST_* status on failure (XSA-316), the
 *     status Xen 4.17 reports for that failure, and writes back what Xen
 *     writes back (the whole struct for map and query_size, else the status
 *     or version field alone).
 *
 * The hypercall: the command's low 12 bits name the op; the upper bits are
 * Xen's continuation argument, accepted only for cache_flush (else -EINVAL).
 * Version 2 is not implemented: set_version answers as Xen 4.17 does for a
 * domain whose maximum grant version is 1 (gnttab=max-ver:1): -ENOSYS for
 * version 2, and the current version (1) written back in every case.
 * get_status_frames therefore finds no status frames; dump_table is gone
 * from Xen 4.17 (-ENOSYS).
 *
 * Handles.  A handle indexes the mapper's maptrack.  As in Xen, handles come
 * from the head of a free list and go back to its tail when their mapping is
 * fully unmapped or their map fails, so an unmap with a stale handle finds a
 * free entry (bad_handle) until every other free handle has been used.
 * When a stale number does name a newer mapping, the unmap is judged by that
 * newer record alone (gnttab_map.c).  A grant op runs on one CPU without
 * preemption, so a record cannot change under us (Xen re-checks under a lock).
 *
 * The granter is named by domain id, and a mapping may outlive it: its
 * frames stay alive while referenced, but its active entries go with it.
 * Domain ids are never handed out twice (domain.c), so a dead granter's id
 * finds no domain and its pin drop is skipped; it cannot land in a newer
 * domain's table.  (Xen keeps the dead domain, id included, until its last
 * frame is unmapped.)
 *
 * Teardown: a dying mapper's pins (and its device mappings' references) are
 * released first; its host grant entries go with its page tables, whose
 * teardown drops their references like any L1 entry's.  A dying granter's
 * frames that others still map stay alive until they unmap (the model holds
 * their references).
 */
#include "gnttab_internal.h"

#define GNTTABOP_CMD_MASK 0xfffu

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

unsigned gnttab_handle_get(struct gnttab *g)
{
	unsigned h = g->free_head;
	if (h != NO_HANDLE) {
		g->free_head = g->maps[h].next_free;
		if (g->free_head == NO_HANDLE)
			g->free_tail = NO_HANDLE;
	}
	return h;
}

void gnttab_handle_put(struct gnttab *g, unsigned h)
{
	g->maps[h] = (struct grant_mapping){ .next_free = NO_HANDLE };
	if (g->free_tail == NO_HANDLE)
		g->free_head = (uint16_t)h;
	else
		g->maps[g->free_tail].next_free = (uint16_t)h;
	g->free_tail = (uint16_t)h;
}

unsigned gnttab_nr_entries(const struct gnttab *g)
{
	return g->nr_frames * SHARED_PER_FRAME;
}

struct grant_entry_v1 *gnttab_shared(struct domain *d, grant_ref_t ref)
{
	return (struct grant_entry_v1 *)mfn_to_virt(d->gnttab.frames[ref / SHARED_PER_FRAME]) +
	       ref % SHARED_PER_FRAME;
}

struct active_grant *gnttab_active(struct domain *d, grant_ref_t ref)
{
	return (struct active_grant *)mfn_to_virt(d->gnttab.active[ref / ACTIVE_PER_FRAME]) +
	       ref % ACTIVE_PER_FRAME;
}

static void set_busy_flags(struct domain *granter, grant_ref_t ref)
{
	const struct active_grant *a = gnttab_active(granter, ref);
	uint16_t *flags = &gnttab_shared(granter, ref)->flags;
	uint16_t busy = (a->pin ? GTF_reading : 0) | (a->pin & PIN_WRITERS ? GTF_writing : 0);
	uint16_t old = __atomic_load_n(flags, __ATOMIC_RELAXED), want;
	do {
		want = (uint16_t)((old & ~(GTF_reading | GTF_writing)) | busy);
	} while (!__atomic_compare_exchange_n(flags, &old, want, false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
}

int16_t gnttab_pin(struct domain *granter, grant_ref_t ref, struct domain *user,
		   uint32_t kind, bool map, uint64_t *mfn)
{
	if (ref >= gnttab_nr_entries(&granter->gnttab))
		return GNTST_bad_gntref;
	struct active_grant *a = gnttab_active(granter, ref);
	if (a->pin && (a->user != user->id || (a->pin & (kind << 7))))
		return GNTST_general_error;
	bool write = kind & PIN_WRITERS;
	if (!a->pin || (write && !(a->pin & PIN_WRITERS))) {
		struct grant_entry_v1 e = *(volatile struct grant_entry_v1 *)gnttab_shared(granter, ref);
		uint16_t mask = GTF_type_mask | (map ? GTF_sub_page : 0);
		if (!a->pin && ((e.flags & mask) != GTF_permit_access || e.domid != user->id))
			return GNTST_general_error;
		if (write && (e.flags & GTF_readonly))
			return GNTST_general_error;
		if (!a->pin) {
			if (!mfn_valid(e.frame) || frame_table[e.frame].owner != granter->id ||
			    !frame_table[e.frame].count)
				return GNTST_bad_page;
			a->user = user->id;
			a->mfn = e.frame;
		}
	}
	a->pin += kind;
	set_busy_flags(granter, ref);
	*mfn = a->mfn;
	return GNTST_okay;
}

void gnttab_unpin(struct domain *granter, grant_ref_t ref, uint32_t kind)
{
	gnttab_active(granter, ref)->pin -= kind;
	set_busy_flags(granter, ref);
}

uint32_t gnttab_map_pins(uint32_t gntmap_flags)
{
	bool ro = gntmap_flags & GNTMAP_readonly;
	return (gntmap_flags & GNTMAP_device_map ? (ro ? PIN_DEV_R : PIN_DEV_W) : 0) +
	       (gntmap_flags & GNTMAP_host_map ? (ro ? PIN_HOST_R : PIN_HOST_W) : 0);
}

static int grow(struct domain *d, unsigned want)
{
	struct gnttab *g = &d->gnttab;
	while (g->nr_frames < want) {
		uint64_t shared = frame_alloc_for(d, true);
		uint64_t active0 = shared ? frame_alloc_xen() : 0;
		uint64_t active1 = active0 ? frame_alloc_xen() : 0;
		if (!active1) {
			if (active0)
				frame_free_xen(active0);
			return -1;      /* the shared frame, if any, goes with the domain */
		}
		g->frames[g->nr_frames] = shared;
		g->active[2 * g->nr_frames] = active0;
		g->active[2 * g->nr_frames + 1] = active1;
		g->nr_frames++;
	}
	return 0;
}

/* The domain an op names (DOMID_SELF or an id): another needs privilege. */
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
	if (!guest_range_ok(op.frame_list, (uint64_t)op.nr_frames * 8))
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
	return copy_to_guest(arg + offsetof(struct gnttab_setup_table, status), &op.status, 2);
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

static long op_get_status_frames(struct domain *self, uint64_t arg, unsigned count)
{
	struct gnttab_get_status_frames op;
	if (count != 1)
		return -XEN_EINVAL;
	if (copy_from_guest(&op, arg, sizeof(op)))
		return -XEN_EFAULT;
	if (target(self, op.dom, &op.status))   /* version 1: no status frames */
		op.status = op.nr_frames ? GNTST_general_error : GNTST_okay;
	return copy_to_guest(arg + offsetof(struct gnttab_get_status_frames, status), &op.status, 2);
}

static long op_set_version(uint64_t arg)
{
	struct gnttab_set_version v;
	if (copy_from_guest(&v, arg, sizeof(v)))
		return -XEN_EFAULT;
	long rc = v.version == 1 ? 0 : v.version == 2 ? -XEN_ENOSYS : -XEN_EINVAL;
	v.version = 1;
	return copy_to_guest(arg, &v, sizeof(v)) ? -XEN_EFAULT : rc;
}

static long op_get_version(struct domain *self, uint64_t arg)
{
	struct gnttab_get_version v;
	if (copy_from_guest(&v, arg, sizeof(v)))
		return -XEN_EFAULT;
	int16_t st;
	if (!target(self, v.dom, &st))
		return st == GNTST_bad_domain ? -XEN_ESRCH : -XEN_EPERM;
	v.version = 1;
	return copy_to_guest(arg + offsetof(struct gnttab_get_version, version), &v.version, 4);
}

static int16_t swap_one(struct domain *self, const struct gnttab_swap_grant_ref *op)
{
	unsigned n = gnttab_nr_entries(&self->gnttab);
	if (op->ref_a >= n || op->ref_b >= n)
		return GNTST_bad_gntref;
	if (op->ref_a == op->ref_b)
		return GNTST_okay;
	if (gnttab_active(self, op->ref_a)->pin || gnttab_active(self, op->ref_b)->pin)
		return GNTST_eagain;
	struct grant_entry_v1 *a = gnttab_shared(self, op->ref_a), *b = gnttab_shared(self, op->ref_b);
	struct grant_entry_v1 t = *a;
	*a = *b;
	*b = t;
	return GNTST_okay;
}

/*
 * Runs count structs of one op through their handler, writing back what Xen
 * writes back (out_len bytes at out_off); preemptible.
 */
struct batch_kind {
	size_t size, out_off, out_len;
};

static const struct batch_kind batch_kinds[] = {
	[GNTTABOP_map_grant_ref] = { sizeof(struct gnttab_map_grant_ref), 0,
				     sizeof(struct gnttab_map_grant_ref) },
	[GNTTABOP_unmap_grant_ref] = { sizeof(struct gnttab_unmap_grant_ref),
				       offsetof(struct gnttab_unmap_grant_ref, status), 2 },
	[GNTTABOP_transfer] = { sizeof(struct gnttab_transfer), offsetof(struct gnttab_transfer, status), 2 },
	[GNTTABOP_copy] = { sizeof(struct gnttab_copy), offsetof(struct gnttab_copy, status), 2 },
	[GNTTABOP_unmap_and_replace] = { sizeof(struct gnttab_unmap_and_replace),
					 offsetof(struct gnttab_unmap_and_replace, status), 2 },
	[GNTTABOP_swap_grant_ref] = { sizeof(struct gnttab_swap_grant_ref),
				      offsetof(struct gnttab_swap_grant_ref, status), 2 },
	[GNTTABOP_cache_flush] = { sizeof(struct gnttab_cache_flush), 0, 0 },
};

union batch_op {
	struct gnttab_map_grant_ref map;
	struct gnttab_unmap_grant_ref unmap;
	struct gnttab_transfer transfer;
	struct gnttab_copy copy;
	struct gnttab_unmap_and_replace replace;
	struct gnttab_swap_grant_ref swap;
	struct gnttab_cache_flush flush;
};

/* One element: its status (written into the op), or for cache_flush a
   negative error in *rc that ends the batch. */
static void batch_one(struct domain *self, unsigned cmd, union batch_op *u, uint32_t cur_ref, long *rc)
{
	switch (cmd) {
	case GNTTABOP_map_grant_ref:
		u->map.status = gnttab_map_one(self, &u->map);
		break;
	case GNTTABOP_unmap_grant_ref:
		u->unmap.status = gnttab_unmap_one(self, u->unmap.host_addr, u->unmap.dev_bus_addr,
						   u->unmap.handle, 0);
		break;
	case GNTTABOP_unmap_and_replace:
		u->replace.status = gnttab_unmap_one(self, u->replace.host_addr, 0, u->replace.handle,
						     u->replace.new_addr);
		break;
	case GNTTABOP_transfer:
		u->transfer.status = gnttab_transfer_one(self, &u->transfer);
		break;
	case GNTTABOP_copy:
		u->copy.status = gnttab_copy_one(self, &u->copy);
		break;
	case GNTTABOP_swap_grant_ref:
		u->swap.status = swap_one(self, &u->swap);
		break;
	default:
		*rc = gnttab_cache_flush_one(self, &u->flush, cur_ref);
	}
}

static long batch(struct domain *self, uint64_t args, unsigned count, unsigned cmd, uint32_t cur_ref)
{
	const struct batch_kind *k = &batch_kinds[cmd];
	union batch_op u;
	if (!guest_range_ok(args, (uint64_t)count * k->size))
		return -XEN_EFAULT;
	for (unsigned i = 0; i < count; i++, cur_ref = 0) {
		if (i == HYPERCALL_BATCH) {
			current->regs.rdi = cmd;
			current->regs.rsi = args + i * k->size;
			current->regs.rdx = count - i;
			return -XEN_ERESTART;
		}
		uint64_t at = args + i * k->size;
		long rc = 0;
		if (copy_from_guest(&u, at, k->size))
			return -XEN_EFAULT;
		batch_one(self, cmd, &u, cur_ref, &rc);
		if (rc)
			return rc;
		if (k->out_len && copy_to_guest(at + k->out_off, (uint8_t *)&u + k->out_off, k->out_len))
			return -XEN_EFAULT;
	}
	return 0;
}

long gnttab_op(struct domain *self, unsigned cmd, uint64_t args, unsigned count)
{
	uint32_t opaque = cmd & ~GNTTABOP_CMD_MASK;
	if ((int)count < 0)
		return -XEN_EINVAL;
	cmd &= GNTTABOP_CMD_MASK;
	if (cmd != GNTTABOP_cache_flush && opaque)
		return -XEN_EINVAL;
	switch (cmd) {
	case GNTTABOP_map_grant_ref:
	case GNTTABOP_unmap_grant_ref:
	case GNTTABOP_transfer:
	case GNTTABOP_copy:
	case GNTTABOP_unmap_and_replace:
	case GNTTABOP_swap_grant_ref:
	case GNTTABOP_cache_flush:
		return batch(self, args, count, cmd, opaque);
	case GNTTABOP_setup_table:
		return op_setup_table(self, args, count);
	case GNTTABOP_query_size:
		return op_query_size(self, args, count);
	case GNTTABOP_set_version:
		return op_set_version(args);
	case GNTTABOP_get_status_frames:
		return op_get_status_frames(self, args, count);
	case GNTTABOP_get_version:
		return op_get_version(self, args);
	default:
		return -XEN_ENOSYS;
	}
}

void gnttab_free(struct domain *d)
{
	for (unsigned i = 0; i < 2 * d->gnttab.nr_frames; i++)
		frame_free_xen(d->gnttab.active[i]);
	d->gnttab.nr_frames = 0;
}

long do_grant_table_op(uint64_t cmd, uint64_t args, uint64_t count, uint64_t a4, uint64_t a5)
{
	(void)a4, (void)a5;
	return gnttab_op(current->domain, (unsigned)cmd, args, (unsigned)count);
}
