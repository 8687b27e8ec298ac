/*
 * Foreign pages in dom0's address space: a fixed set of page-sized slots in
 * dom0's own image, each either holding its own frame or, while mapped, a
 * frame of another domain (update_va_mapping_otherdomain, which the
 * hypervisor allows only the privileged domain and only for a frame that
 * domain owns).  Unmapping puts the slot's own frame back, so dom0 never
 * keeps a reference to a dead domain's frame and the hypervisor can return
 * it (the frame counts at halt check this).
 *
 * Invariant: a slot is in use exactly while own_mfn[] is non-zero, and then
 * maps a foreign frame; a free slot maps its own.
 */
#include <stddef.h>
#include "d0_map.h"
#include "hypercall.h"
#include "pt.h"

#define SLOTS 64
#define SLOT_FLAGS (PT_P | PT_RW | PT_A | PT_D)

static uint8_t slots[SLOTS][4096] __attribute__((aligned(4096)));
static uint64_t own_mfn[SLOTS];

void *d0_map_foreign(uint16_t domid, uint64_t mfn)
{
	for (unsigned i = 0; i < SLOTS; i++) {
		if (own_mfn[i])
			continue;
		uint64_t va = (uint64_t)slots[i];
		uint64_t own = pt_va_mfn(slots[i]);
		if (HYPERVISOR_update_va_mapping_otherdomain(va, mfn << 12 | SLOT_FLAGS, UVMF_INVLPG, domid))
			return NULL;
		own_mfn[i] = own;
		return slots[i];
	}
	return NULL;
}

void d0_unmap_foreign(void *va)
{
	for (unsigned i = 0; i < SLOTS; i++)
		if (va == slots[i] && own_mfn[i]) {
			pt_map_mfn((uint64_t)va, own_mfn[i], SLOT_FLAGS);
			own_mfn[i] = 0;
		}
}
