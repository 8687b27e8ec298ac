/*
 * ASIDs for HVM vCPUs: which address-space tag each VMRUN uses, and when
 * the TLB must be flushed (portable C: the hypervisor and the host unit
 * tests in tests/unit/hvm/ compile hvm_asid.c).
 *
 * The scheme is Xen's (svm/asid.c, hvm/asid.c): the CPU hands out ASIDs
 * 1..n-1 in order within a generation; a vCPU keeps its ASID while its
 * generation is the current one.  A vCPU whose translations must go (a p2m
 * entry changed or was removed, its paging mode changed, it moved CPU)
 * drops its ASID (hvm_asid_flush) and gets a fresh one at its next VMRUN,
 * which no stale entry can carry: it was not handed out since the last
 * full flush.  When the ASIDs run out a new generation starts, every vCPU
 * loses its ASID, and that VMRUN flushes every ASID (TLB_CONTROL 1).
 * Invariant (checked by the tests): within a generation no two vCPUs hold
 * the same ASID, ASID 0 (the host's) is never handed out, and an ASID is
 * handed out a second time only by a VMRUN that flushes everything.
 */
#pragma once
#include <stdint.h>
#include <stdbool.h>

struct hvm_asid_pool {
	uint32_t next, max;             /* next to hand out; the largest usable */
	uint64_t generation;            /* starts at 1: a vCPU's 0 means "none" */
	uint64_t full_flushes;          /* generations begun (TLB_CONTROL 1 VMRUNs) */
};

struct hvm_asid_vcpu {
	uint32_t asid;
	uint64_t generation;            /* of the pool when asid was handed out */
	uint64_t flushes;               /* times it dropped its ASID */
};

/* nr_asids as CPUID 0x8000000A EBX says (at least 2: ASID 0 is the host's). */
void hvm_asid_init(struct hvm_asid_pool *p, uint32_t nr_asids);
/* Before each VMRUN: the ASID to use in v->asid, and the TLB_CONTROL value
 * (0: keep, 1: flush every ASID). */
unsigned hvm_asid_for_vmrun(struct hvm_asid_pool *p, struct hvm_asid_vcpu *v);
/* The vCPU's translations must not survive to its next VMRUN. */
void hvm_asid_flush(struct hvm_asid_vcpu *v);
/* The vCPU is going away: it holds nothing. */
static inline void hvm_asid_release(struct hvm_asid_vcpu *v) { v->generation = 0; v->asid = 0; }
