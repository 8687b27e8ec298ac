/*
 * GDT, TSS, IDT and the SYSCALL MSRs.
 *
 * The GDT follows Xen's layout: entries 0-7167 are the guest's (empty until
 * set_gdt), and Xen's reserved area from 0xe000 holds the hypervisor's ring-0
 * segments and the flat ring-3 segments every PV guest uses (0xe033 code,
 * 0xe02b data, 0xe023 32-bit code).  The IDT's gates are all DPL 0 except
 * #BP, #OF and 0x80, so a guest's "int n" arrives as #GP((n << 3) | 2) and
 * the trap-table DPL is checked in software (pv_traps.c).  #DB, NMI, #DF and
 * #MC run on IST stacks: a guest can make them fire at awkward moments
 * (XSA-260).  STAR makes SYSCALL enter at 0xe008 and SYSRET leave at
 * 0xe033/0xe02b; LSTAR and CSTAR are the 64-bit and 32-bit SYSCALL entries.
 */
#include "console.h"
#include "cpu.h"
#include "desc.h"
#include "domain.h"
#include "layout.h"
#include "mm.h"

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp0, rsp1, rsp2;
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

struct idt_gate {
	uint16_t off_lo, sel;
	uint8_t ist, attr;
	uint16_t off_mid;
	uint32_t off_hi, zero;
};

static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(4096)));
static struct idt_gate idt[256] __attribute__((aligned(16)));
static struct tss64 tss __attribute__((aligned(16)));
static uint8_t ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));
static uint8_t hv_stack[HV_STACK_SIZE] __attribute__((aligned(16)));
uint64_t hv_stack_top_ptr = (uint64_t)(hv_stack + HV_STACK_SIZE);
extern uint64_t cpu_rsp0;

#define E(sel) ((sel) >> 3)

extern char exc_stub_0[], exc_stub_1[], exc_stub_2[], exc_stub_3[], exc_stub_4[], exc_stub_5[],
	exc_stub_6[], exc_stub_7[], exc_stub_8[], exc_stub_9[], exc_stub_10[], exc_stub_11[],
	exc_stub_12[], exc_stub_13[], exc_stub_14[], exc_stub_15[], exc_stub_16[], exc_stub_17[],
	exc_stub_18[], exc_stub_19[], exc_stub_20[], exc_stub_21[], exc_stub_0x80[],
	exc_stub_0xf0[], exc_stub_0xf1[], exc_stub_0xff[], syscall_entry[], cstar_entry[];
extern void *const gsi_stubs[24];

static void set_gate(unsigned vec, void *fn, unsigned dpl, unsigned ist)
{
	uint64_t a = (uint64_t)fn;
	idt[vec] = (struct idt_gate){
		.off_lo = (uint16_t)a, .sel = HV_CS, .ist = (uint8_t)ist,
		.attr = (uint8_t)(0x8e | (dpl << 5)), .off_mid = (uint16_t)(a >> 16),
		.off_hi = (uint32_t)(a >> 32),
	};
}

void desc_init(void)
{
	gdt[E(HV_CS)] = 0x00af9b000000ffffull;
	gdt[E(HV_DS)] = 0x00cf93000000ffffull;
	gdt[E(0xe023)] = 0x00cffb000000ffffull;
	gdt[E(0xe02b)] = 0x00cff3000000ffffull;
	gdt[E(0xe033)] = 0x00affb000000ffffull;
	gdt[E(0xe060)] = 0x0000910000000000ull;
	uint64_t t = (uint64_t)&tss;
	gdt[E(HV_TSS)] = (sizeof(tss) - 1) | ((t & 0xffffff) << 16) | (0x89ull << 40) |
			 (((t >> 24) & 0xff) << 56);
	gdt[E(HV_TSS) + 1] = t >> 32;
	tss.iomap_base = sizeof(tss);
	for (int i = 0; i < 3; i++)
		tss.ist[i] = (uint64_t)(ist_stacks[i] + IST_STACK_SIZE);
	tss.rsp0 = hv_stack_top_ptr;
	cpu_rsp0 = hv_stack_top_ptr;

	struct desc_ptr g = { sizeof(gdt) - 1, (uint64_t)gdt };
	lgdt(&g);
	__asm__ volatile("pushq %0; leaq 1f(%%rip), %%rax; pushq %%rax; lretq; 1:"
			 :: "i"(HV_CS) : "rax", "memory");
	__asm__ volatile("movl %0, %%ds; movl %0, %%es; movl %0, %%ss" :: "r"(HV_DS));
	ltr(HV_TSS);

	for (unsigned v = 0; v < 256; v++)
		set_gate(v, exc_stub_0xff, 0, 0);
	void *stubs[22] = { exc_stub_0, exc_stub_1, exc_stub_2, exc_stub_3, exc_stub_4, exc_stub_5,
		exc_stub_6, exc_stub_7, exc_stub_8, exc_stub_9, exc_stub_10, exc_stub_11, exc_stub_12,
		exc_stub_13, exc_stub_14, exc_stub_15, exc_stub_16, exc_stub_17, exc_stub_18,
		exc_stub_19, exc_stub_20, exc_stub_21 };
	for (unsigned v = 0; v < 22; v++)
		set_gate(v, stubs[v], (v == 3 || v == 4) ? 3 : 0, 0);
	set_gate(1, exc_stub_1, 0, 3);
	set_gate(2, exc_stub_2, 0, 2);
	set_gate(8, exc_stub_8, 0, 1);
	set_gate(18, exc_stub_18, 0, 2);
	set_gate(0x80, exc_stub_0x80, 3, 0);
	set_gate(VEC_TIMER, exc_stub_0xf0, 0, 0);
	set_gate(VEC_SERIAL, exc_stub_0xf1, 0, 0);
	for (unsigned g = 0; g < 24; g++)
		set_gate(VEC_GSI_BASE + g, gsi_stubs[g], 0, 0);
	struct desc_ptr i = { sizeof(idt) - 1, (uint64_t)idt };
	lidt(&i);

	wrmsr(MSR_STAR, (0xe020ull << 48) | ((uint64_t)HV_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_CSTAR, (uint64_t)cstar_entry);
	wrmsr(MSR_FMASK, X86_EFLAGS_IF | X86_EFLAGS_DF | X86_EFLAGS_TF | X86_EFLAGS_AC | X86_EFLAGS_NT);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

void desc_load_ldt(uint64_t base, uint32_t entries)
{
	uint16_t sel = 0;
	if (entries) {
		uint64_t limit = (uint64_t)entries * 8 - 1;
		gdt[E(0xe050)] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x82ull << 40) |
				 (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
		gdt[E(0xe050) + 1] = base >> 32;
		sel = 0xe050;
	}
	__asm__ volatile("lldt %0" :: "r"(sel));
}

void desc_set_guest_frame(void *regs_end)
{
	tss.rsp0 = (uint64_t)regs_end;
	cpu_rsp0 = (uint64_t)regs_end;
}

/*
 * The guest's descriptors (validated seg_desc frames) copied below Xen's
 * reserved area; entries the previous guest used beyond them are cleared.
 */
void desc_load_guest_gdt(const struct vcpu *v)
{
	static unsigned live;
	unsigned n = v->mmu.gdt_entries;
	for (unsigned i = 0; i < n; i++) {
		const uint64_t *frame = mfn_to_virt(v->mmu.gdt_frames[i / 512]);
		gdt[i] = frame[i % 512];
	}
	if (live > n)
		memset(&gdt[n], 0, (live - n) * sizeof(gdt[0]));
	live = n;
}
