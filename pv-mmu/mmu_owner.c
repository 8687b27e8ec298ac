/*
 * Who a request may name: the foreign-domain arguments of mmu_update,
 * mmuext_op and update_va_mapping_otherdomain.
 *
 * Invariant enforced here: a domain acts on another domain's frames only if
 * it is privileged.  Every request has a page owner (whose frames its new
 * mappings may point at, or whose frames it pins or clears) and, for
 * mmu_update, a page-table owner (whose tables it edits).  Both default to the
 * caller.  Naming a domain explicitly:
 *
 *   DOMID_SELF          the caller (the default);
 *   the caller's own id refused with -ESRCH, as in Xen;
 *   DOMID_IO            page owner only: the new mapping must be I/O memory
 *                       the caller may use; no RAM at all;
 *   DOMID_XEN           refused (-EPERM): Umbra lets no domain map hypervisor
 *                       frames, where Xen lets a privileged one;
 *   another domain      -ESRCH if it does not exist, -EPERM unless the caller
 *                       is privileged.
 */
#include "mmu_internal.h"

static int mmu_named_domain(struct mmu_env *env, struct mmu_domain *caller,
                            domid_t id, struct mmu_domain **out)
{
	struct mmu_domain *d = NULL;

	if (id < DOMID_FIRST_RESERVED)
		d = env->get_domain(env, id);
	if (!d)
		return -XEN_ESRCH;
	if (d != caller && !caller->privileged)
		return -XEN_EPERM;
	*out = d;
	return 0;
}

int mmu_page_owner(struct mmu_env *env, struct mmu_domain *caller, domid_t fd,
                   struct mmu_pg *pg)
{
	pg->d = caller;
	pg->io_only = false;
	if (fd == DOMID_SELF)
		return 0;
	if (fd == DOMID_IO) {
		pg->io_only = true;
		return 0;
	}
	if (fd == caller->domid)
		return -XEN_ESRCH;
	if (fd == DOMID_XEN)
		return -XEN_EPERM;
	return mmu_named_domain(env, caller, fd, &pg->d);
}

int mmuext_foreigndom_check(struct mmu_env *env, struct mmu_domain *caller,
                            domid_t foreigndom)
{
	struct mmu_pg pg;

	return mmu_page_owner(env, caller, foreigndom, &pg);
}

/* mmu_update's page-table owner: pfd 0 is the caller, else domain pfd - 1. */
int mmu_table_owner(struct mmu_env *env, struct mmu_domain *caller,
                    uint32_t pfd, struct mmu_domain **pt)
{
	*pt = caller;
	if (pfd == 0)
		return 0;
	return mmu_named_domain(env, caller, (domid_t)(pfd - 1), pt);
}
