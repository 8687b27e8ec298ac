/*
 * The hypervisor's place in every address space.
 *
 * Umbra lives where Xen does: in L4 slots 256-271 of every PV page table
 * (0xFFFF800000000000-0xFFFF87FFFFFFFFFF), so a hypercall or trap runs on the
 * guest's own CR3 without a switch.  Inside that hole:
 *
 *   slot 256  0xFFFF800000000000  read-only M2P, readable by guests (US set)
 *   slot 260  0xFFFF820000000000  per-vCPU LDT windows (validated frames, RO)
 *   slot 261  0xFFFF828000000000  hypervisor image: VA = KERNEL_VBASE + PA
 *   slot 262  0xFFFF830000000000  direct map of all RAM (at least the first 4 GiB,
 *                                 at most DIRECTMAP_MAX): VA = DIRECTMAP + PA
 *
 * Every other hypervisor mapping is supervisor-only, so a guest at CPL 3 can
 * reach none of it; the M2P is mapped without RW.  Assembly includes this
 * file too, hence no C in the constants.
 */
#pragma once

#define KERNEL_PHYS      0x100000
#define KERNEL_VBASE     0xFFFF828000000000
#define DIRECTMAP_BASE   0xFFFF830000000000
#define DIRECTMAP_MAX    0x8000000000       /* one L4 slot, 512 GiB, with 2 MiB pages */
#define BOOT_WINDOW      0x40000000         /* boot.S maps the first 1 GiB */
#define M2P_BASE         0xFFFF800000000000
#define L4_SLOT_M2P      256
#define L4_SLOT_PERDOMAIN 260
#define LDT_WINDOW_BASE  0xFFFF820000000000 /* per-vCPU read-only LDT windows */
#define LDT_WINDOW_PAGES 16                 /* 8192 descriptors */
#define L4_SLOT_IMAGE    261
#define L4_SLOT_DIRECT   262

#define PAGE_SIZE        4096
#define PAGE_SHIFT       12

#define HV_STACK_SIZE    16384
#define IST_STACK_SIZE   8192

/* GDT selectors in Xen's reserved area (entry 7168 onward). */
#define HV_CS            0xe008
#define HV_DS            0xe010
#define HV_TSS           0xe040
#define GDT_ENTRIES      (7168 + 14)         /* 14 guest pages + reserved part */

/* Interrupt vectors the hypervisor owns. */
#define VEC_GSI_BASE     0xc0                /* GSI n of a domain's PIRQ: 0xc0 + n (n < 24) */
#define VEC_TIMER        0xf0
#define VEC_SERIAL       0xf1                /* COM1 input, I/O APIC input 4 */
#define VEC_SPURIOUS     0xff
#define VEC_SYSCALL      0x100               /* pseudo-vector for SYSCALL entries */

/* Offsets of the interrupt frame in struct cpu_regs (regs.h checks them). */
#define REGS_RIP         136
#define REGS_CS          144
#define REGS_RFLAGS      152
#define REGS_RSP         160
#define REGS_SS          168
