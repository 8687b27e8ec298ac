/*
 * The page-table hypercalls: mmu_update, mmuext_op, update_va_mapping(_otherdomain),
 * vm_assist.  Every rule lives in the pv-mmu model; this file copies requests
 * in, runs them one at a time, and makes batches preemptible.
 *
 * Batches, as in Xen 4.17: the request array must start at a guest address
 * (-EFAULT before anything runs); requests are then read and run one at a
 * time, in order, and the first failure stops the batch, including a
 * request that cannot be read (unmapped, or beyond guest space: -EFAULT);
 * *pdone says how many succeeded.  After MMU_BATCH requests the call
 * continues itself, Xen's way: the count gets MMU_UPDATE_PREEMPTED and the
 * remaining number, the array pointer advances, and *pdone carries the
 * running total, so a batch of any size never holds the CPU for long.
 *
 * mmuext_op, as Xen 4.17's: a foreign domain the caller may not name is
 * refused (-ESRCH, -EPERM) before the first op is read, and *pdone is left
 * as it was; mmu_update checks its owners per request, as Xen does.
 *
 * What the model asks the vCPU to reload (a new CR3, a new GDT) is applied
 * before the guest runs again (mmu_apply_pending).
 */
#include "census.h"
#include "console.h"
#include "guest_access.h"
#include "hypercall.h"
#include "ldt.h"
#include "mm.h"
#include "../arch/x86_64/cpu.h"
#include "../arch/x86_64/desc.h"

#define MMU_BATCH 128

void mmu_apply_pending(struct vcpu *v)
{
	unsigned p = v->mmu.pending;
	v->mmu.pending = 0;
	if (p & MMU_VCPU_RELOAD_CR3)
		write_cr3((v->in_kernel ? v->mmu.kernel_l4 : v->mmu.user_l4) << 12);
	if (p & MMU_VCPU_RELOAD_GDT)
		desc_load_guest_gdt(v);
	if (p & MMU_VCPU_RELOAD_LDT) {
		ldt_rebuild(v);
		ldt_load(v);
	}
}

typedef int batch_fn(struct vcpu *v, const void *req, uint32_t foreigndom);
/* A check of the whole batch after its start address, before any request. */
typedef int batch_check(struct vcpu *v, uint32_t foreigndom);

static int one_update(struct vcpu *v, const void *req, uint32_t foreigndom)
{
	const struct mmu_update *u = req;
	return mmu_update_one(&mmu_env, &v->domain->mmu, u->ptr, u->val, foreigndom);
}

/* The same, counted by the census (its own batch loop, chosen once per call,
   so the entries of an uncounted batch pay nothing for it). */
static int one_update_counted(struct vcpu *v, const void *req, uint32_t foreigndom)
{
	const struct mmu_update *u = req;
	int rc = one_update(v, req, foreigndom);
	census_op(v->domain, __HYPERVISOR_mmu_update, u->ptr & 3, rc);
	return rc;
}

static int one_ext(struct vcpu *v, const void *req, uint32_t foreigndom)
{
	const struct mmuext_op *op = req;
	int rc = mmuext_op_one(&mmu_env, &v->mmu, op, (domid_t)foreigndom);
	if (census_on)
		census_op(v->domain, __HYPERVISOR_mmuext_op, op->cmd, rc);
	mmu_apply_pending(v);
	return rc;
}

static int ext_foreigndom(struct vcpu *v, uint32_t foreigndom)
{
	return mmuext_foreigndom_check(&mmu_env, &v->domain->mmu, (domid_t)foreigndom);
}

/* Inline: each hypercall gets its own copy, calling its request handler
 * directly rather than through the pointer (mmu_update's loop runs once per
 * entry of a batch). */
static inline long batch(uint64_t reqs, uint64_t count, uint64_t pdone, uint32_t foreigndom,
		  size_t size, batch_fn *fn, batch_check *check)
{
	struct vcpu *v = current;
	uint32_t done = 0, n = (uint32_t)count;
	if (n & MMU_UPDATE_PREEMPTED) {
		n &= ~MMU_UPDATE_PREEMPTED;
		if (pdone && copy_from_guest(&done, pdone, sizeof(done)))
			return -XEN_EFAULT;
	}
	if (!guest_addr_ok(reqs))
		return -XEN_EFAULT;
	long rc = check ? check(v, foreigndom) : 0;
	if (rc)
		return rc;
	uint32_t i;
	uint8_t req[sizeof(struct mmuext_op)];
	for (i = 0; i < n; i++) {
		if (i == MMU_BATCH) {
			v->regs.rdi = reqs + i * size;
			v->regs.rsi = (n - i) | MMU_UPDATE_PREEMPTED;
			done += i;
			if (pdone && copy_to_guest(pdone, &done, sizeof(done)))
				return -XEN_EFAULT;
			return -XEN_ERESTART;
		}
		if (copy_from_guest(req, reqs + i * size, size)) {
			rc = -XEN_EFAULT;
			break;
		}
		rc = fn(v, req, foreigndom);
		if (rc)
			break;
	}
	done += i;
	if (pdone && copy_to_guest(pdone, &done, sizeof(done)))
		return -XEN_EFAULT;
	return rc;
}

long do_mmu_update(uint64_t reqs, uint64_t count, uint64_t pdone, uint64_t foreigndom, uint64_t a5)
{
	(void)a5;
	if (census_on)
		return batch(reqs, count, pdone, (uint32_t)foreigndom, sizeof(struct mmu_update),
			     one_update_counted, NULL);
	return batch(reqs, count, pdone, (uint32_t)foreigndom, sizeof(struct mmu_update), one_update, NULL);
}

long do_mmuext_op(uint64_t ops, uint64_t count, uint64_t pdone, uint64_t foreigndom, uint64_t a5)
{
	(void)a5;
	return batch(ops, count, pdone, (uint32_t)foreigndom, sizeof(struct mmuext_op), one_ext,
		     ext_foreigndom);
}

long do_update_va_mapping(uint64_t va, uint64_t val, uint64_t flags, uint64_t a4, uint64_t a5)
{
	(void)a4, (void)a5;
	int rc = mmu_update_va_mapping(&mmu_env, &current->mmu, va, val, flags, DOMID_SELF);
	mmu_apply_pending(current);
	return rc;
}

long do_update_va_mapping_otherdomain(uint64_t va, uint64_t val, uint64_t flags, uint64_t dom, uint64_t a5)
{
	(void)a5;
	int rc = mmu_update_va_mapping(&mmu_env, &current->mmu, va, val, flags, (domid_t)dom);
	mmu_apply_pending(current);
	return rc;
}

long do_vm_assist(uint64_t cmd, uint64_t type, uint64_t a3, uint64_t a4, uint64_t a5)
{
	(void)a3, (void)a4, (void)a5;
	/* Assists whose emulation this build lacks are refused, never faked. */
	if (cmd == VMASST_CMD_enable && type == VMASST_TYPE_architectural_iopl)
		return -XEN_ENOSYS;
	return mmu_vm_assist(&current->domain->mmu, (unsigned)cmd, (unsigned)type);
}
