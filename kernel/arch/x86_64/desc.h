/* Descriptor tables (desc.c). */
#pragma once
#include <stdint.h>

extern uint64_t hv_stack_top_ptr;

void desc_init(void);
/* Point TSS.RSP0 at the end of the running vCPU's register frame. */
void desc_set_guest_frame(void *regs_end);

struct vcpu;
/* Load v's guest GDT entries (set_gdt) into the live GDT. */
void desc_load_guest_gdt(const struct vcpu *v);
