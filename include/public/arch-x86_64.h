/*
 * x86_64-specific parts of the Xen PV ABI: the address-space split, the flat
 * selectors in the reserved GDT area, trap_info, and the iret hypercall frame.
 * Self-contained: needs only <stdint.h>.
 */
#pragma once
#include <stdint.h>

#define HYPERVISOR_VIRT_START 0xFFFF800000000000ull
#define HYPERVISOR_VIRT_END   0xFFFF880000000000ull
#define MACH2PHYS_VIRT_START  0xFFFF800000000000ull
#define MACH2PHYS_VIRT_END    0xFFFF804000000000ull

/* L4 slots the hypervisor owns in every PV address space. */
#define HYPERVISOR_L4_FIRST 256
#define HYPERVISOR_L4_LAST  271

#define FIRST_RESERVED_GDT_PAGE  14
#define FIRST_RESERVED_GDT_BYTE  (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)

#define FLAT_RING3_CS32 0xe023
#define FLAT_RING3_CS64 0xe033
#define FLAT_RING3_DS32 0xe02b
#define FLAT_RING3_DS64 0x0000
#define FLAT_RING3_SS32 0xe02b
#define FLAT_RING3_SS64 0xe02b
#define FLAT_KERNEL_CS  FLAT_RING3_CS64
#define FLAT_KERNEL_SS  FLAT_RING3_SS64
#define FLAT_KERNEL_DS  FLAT_RING3_DS64
#define FLAT_USER_CS    FLAT_RING3_CS64
#define FLAT_USER_SS    FLAT_RING3_SS64
#define FLAT_USER_DS    FLAT_RING3_DS64

/* trap_info.flags */
#define TI_DPL_MASK   3
#define TI_MASK_EVENTS 4

struct trap_info {
	uint8_t  vector;
	uint8_t  flags;
	uint16_t cs;
	uint32_t pad;
	uint64_t address;
};                      /* 16 bytes */

/* The frame at rsp when the iret hypercall's syscall executes. */
#define VGCF_in_syscall 0x100
struct iret_context {
	uint64_t rax, r11, rcx, flags, rip, cs, rflags, rsp, ss;
};                      /* 72 bytes */

/* set_segment_base */
#define SEGBASE_FS          0
#define SEGBASE_GS_USER     1
#define SEGBASE_GS_KERNEL   2
#define SEGBASE_GS_USER_SEL 3

/* The forced-emulation prefix: ud2; .ascii "xen" */
#define XEN_EMULATE_PREFIX_BYTES 0x0f, 0x0b, 0x78, 0x65, 0x6e
