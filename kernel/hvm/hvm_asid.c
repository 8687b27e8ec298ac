/*
 * The ASID allocator (see hvm_asid.h for the scheme and its invariant).
 */
#include "hvm_asid.h"

void hvm_asid_init(struct hvm_asid_pool *p, uint32_t nr_asids)
{
	p->max = nr_asids - 1;
	p->next = 1;
	p->generation = 1;
	p->full_flushes = 0;
}

unsigned hvm_asid_for_vmrun(struct hvm_asid_pool *p, struct hvm_asid_vcpu *v)
{
	if (v->generation == p->generation && v->asid)
		return 0;
	unsigned tlb_control = 0;
	if (p->next > p->max) {
		p->generation++;
		p->next = 1;
		p->full_flushes++;
		tlb_control = 1;
	}
	v->asid = p->next++;
	v->generation = p->generation;
	return tlb_control;
}

void hvm_asid_flush(struct hvm_asid_vcpu *v)
{
	v->generation = 0;
	v->flushes++;
}
