/* Page-table entry bits and the hypervisor's shared L4 slots (paging.c). */
#pragma once
#include <stdint.h>

#define PTE_P    0x001ull
#define PTE_RW   0x002ull
#define PTE_US   0x004ull
#define PTE_PWT  0x008ull
#define PTE_PCD  0x010ull
#define PTE_A    0x020ull
#define PTE_D    0x040ull
#define PTE_PS   0x080ull
#define PTE_G    0x100ull
#define PTE_GUEST_KERNEL (1ull << 52)
#define PTE_NX   (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull
#define CR4_PGE  (1ull << 7)

extern uint64_t pte_nx_mask;            /* PTE_NX when the CPU has NX, else 0 */
#define PTE_NX_IF_SUPPORTED pte_nx_mask

extern uint64_t idle_l4_mfn;
extern uint64_t hv_l4_slots[16];        /* L4 slots 256-271 for every guest L4 */

void paging_init(uint64_t ram_top);      /* ram_top: end of the highest RAM region */

#define LDT_WINDOW_SLOTS 2048           /* one per vCPU slot (MAX_DOMAINS x MAX_VCPUS_PER_DOMAIN) */
uint64_t *ldt_window_pte(unsigned slot, unsigned page);
uint64_t ldt_window_va(unsigned slot);
