/*
 * The paging backend of an HVM domain: how the guest's own page tables
 * meet the machine.  Nested paging (hap.c) lets the CPU walk the guest's
 * tables and then the p2m; shadow paging (pv-mmu/shadow_*, not integrated
 * yet: boot refuses paging='shadow') will keep tables of its own built
 * from the guest's.  The run loop and the exit handlers call the backend
 * only through these operations, so the two plug in the same way.
 *
 * Contract: init runs once the domain's RAM is in its p2m and before any
 * vCPU runs; teardown gives back everything the backend holds; vmcb_setup
 * sets the intercepts and nested-paging fields the backend needs in a new
 * VMCB.  The others are called for the exits that backend asked for
 * (NULL: it never asks): a write to CR0, CR3 or CR4 (the instruction is
 * still at the guest's RIP: without decode assists the backend decodes
 * it), a guest #PF, an INVLPG (the linear address), a nested
 * page fault (guest-physical address and EXITINFO1).  An operation that
 * finds the guest's request impossible crashes the domain (hvm_crash).
 */
#pragma once
#include <stdint.h>

struct domain;
struct vcpu;

struct hvm_paging_ops {
	const char *name;
	int (*init)(struct domain *d);
	void (*teardown)(struct domain *d);
	void (*vmcb_setup)(struct vcpu *v, void *vmcb);
	void (*cr_write)(struct vcpu *v, unsigned cr);
	void (*page_fault)(struct vcpu *v, uint64_t va, uint32_t error_code);
	void (*invlpg)(struct vcpu *v, uint64_t va);
	void (*npf)(struct vcpu *v, uint64_t gpa, uint64_t info);
};

extern const struct hvm_paging_ops hap_paging_ops;

/* hvm_p2m.c: the domain's guest-physical map, in the long-mode page-table
 * format the CPU's nested walk reads (so hap uses it as the nested table
 * itself).  p2m_set maps gfn to mfn read-write (0, or -XEN_ENOMEM for a
 * table frame); p2m_lookup gives the mfn or 0; p2m_clear removes a
 * mapping, and, when it was present, makes every vCPU of the domain take
 * a fresh ASID (a stale combined translation must not survive);
 * p2m_destroy frees the tables (not the RAM they map). */
int p2m_set(struct domain *d, uint64_t gfn, uint64_t mfn);
uint64_t p2m_lookup(const struct domain *d, uint64_t gfn);
void p2m_clear(struct domain *d, uint64_t gfn);
void p2m_destroy(struct domain *d);
