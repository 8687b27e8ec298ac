/*
 * Segment selectors and descriptor tables in test kernels.
 *
 * A 64-bit PV guest runs at CPL 3 with the four data selector registers
 * %ds, %es, %fs and %gs its own: it loads them with plain movs, the
 * hypervisor saves them when it switches the vCPU out and reloads them when
 * it switches the vCPU back in.  What a selector may name lives in the
 * guest's GDT (set_gdt; entries 0-7167, the rest is Xen's) and its LDT
 * (MMUEXT_SET_LDT), both changed only through update_descriptor once in use.
 *
 * seg_gdt_install() puts fresh, empty frames in as the GDT; seg_ldt_install()
 * makes a fresh frame the LDT (mapped read-only at its natural address);
 * seg_desc() writes one descriptor of either with update_descriptor and fails
 * the test if it is refused.  Each DESC_* descriptor passes the
 * hypervisor's descriptor check (its DPL is 3 already; the gate is stored
 * with DPL 0), and each but DESC_DATA refuses to load into a data selector
 * register, for its own reason.
 */
#pragma once
#include "pt.h"

#define DESC_DATA       0x00cff3000000ffffull   /* flat data, DPL 3: loads */
#define DESC_DATA_NP    0x00cf73000000ffffull   /* the same, not present: #NP */
#define DESC_CODE_XO    0x00cff8000000ffffull   /* 32-bit code, execute-only: #GP */
#define DESC_NONE       0ull                    /* system type 0: #GP */
/* A call gate to the flat kernel code segment (stored with DPL 0): #GP. */
#define DESC_GATE       (0x0000ec0000000000ull | ((uint64_t)FLAT_KERNEL_CS << 16))

/* The RPL-3 selectors of GDT and LDT entry i. */
#define SEL_GDT(i) ((uint16_t)((i) << 3 | 3))
#define SEL_LDT(i) ((uint16_t)((i) << 3 | 7))

struct segs {
	uint16_t ds, es, fs, gs;
};

static inline void segs_load(struct segs s)
{
	__asm__ volatile("mov %0, %%ds; mov %1, %%es; mov %2, %%fs; mov %3, %%gs"
			 :: "r"((uint32_t)s.ds), "r"((uint32_t)s.es), "r"((uint32_t)s.fs), "r"((uint32_t)s.gs)
			 : "memory");
}

static inline struct segs segs_read(void)
{
	uint16_t ds, es, fs, gs;
	__asm__ volatile("mov %%ds, %0; mov %%es, %1; mov %%fs, %2; mov %%gs, %3"
			 : "=r"(ds), "=r"(es), "=r"(fs), "=r"(gs));
	return (struct segs){ ds, es, fs, gs };
}

static inline bool segs_equal(struct segs a, struct segs b)
{
	return a.ds == b.ds && a.es == b.es && a.fs == b.fs && a.gs == b.gs;
}

/* "ds 0x83 es 0x7 fs 0x0 gs 0x12c3" into buf (at least 48 bytes). */
const char *segs_str(struct segs s, char *buf);

/* n fresh frames as the GDT (n * 512 entries); their MFNs in mfns. */
void seg_gdt_install(unsigned n, uint64_t *mfns);
/* A fresh frame as the LDT with this many entries; its address in *va, its MFN returned. */
uint64_t seg_ldt_install(unsigned entries, uint64_t *va);
long seg_set_ldt(uint64_t va, unsigned entries);
/*
 * A fresh one-page GDT and a fresh 4-entry LDT with one descriptor of each
 * kind: GDT entry 16 and LDT entry 0 DESC_DATA, 17 and 1 DESC_DATA_NP, 18
 * and 2 DESC_CODE_XO, GDT entry 19 DESC_GATE; GDT entries 20-511 and LDT
 * entry 3 are zero.
 */
void seg_sample_tables(void);
/* update_descriptor of entry `index` of the table in frames mfns (GDT) or mfn (LDT). */
void seg_desc(const uint64_t *mfns, unsigned index, uint64_t desc);
