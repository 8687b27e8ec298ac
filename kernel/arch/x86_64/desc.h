/* Descriptor tables (desc.c). */
#pragma once
#include <stdint.h>

extern uint64_t hv_stack_top_ptr;

void desc_init(void);
/* Point TSS.RSP0 at the end of the running vCPU's register frame. */
void desc_set_guest_frame(void *regs_end);
/* Point LDTR at entries descriptors at base (0 entries: no LDT). */
void desc_load_ldt(uint64_t base, uint32_t entries);

struct vcpu;
/* Load v's guest GDT entries (set_gdt) into the live GDT. */
void desc_load_guest_gdt(const struct vcpu *v);
