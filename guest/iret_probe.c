/* Probing what the hypervisor does with an iret hypercall frame (iret_probe.h). */
#include "iret_probe.h"
#include "events.h"
#include "test.h"

static struct iret_outcome out;
static uint64_t resume_rip, resume_rsp, resume_rflags;
static volatile uint64_t landed, landed_cs, landed_ss, landed_rflags, landed_mask, probe_rip;

static void on_fault(struct trap_frame *f, struct trap_info_view *t)
{
	(void)f;
	out.faults++;
	out.vector = t->vector;
	out.error_code = t->error_code;
	out.cr2 = t->vector == 14 ? guest_cr2() : 0;
	out.frame_rip = *t->rip;
	out.frame_cs = *t->cs;
	out.frame_rsp = *t->rsp;
	out.frame_ss = *t->ss;
	*t->rip = resume_rip;
	*t->cs = FLAT_KERNEL_CS & ~3;
	*t->ss = FLAT_KERNEL_SS;
	*t->rsp = resume_rsp;
	*t->rflags = resume_rflags;
}

void iret_probe_init(void)
{
	static const unsigned vectors[] = { 11, 12, 13, 14 };
	CHECK(shared_info, "iret_probe_init before events_init");
	for (unsigned i = 0; i < ARRAY_SIZE(vectors); i++)
		CHECK_EQ(guest_set_trap(vectors[i], on_fault, 0), 0);
}

struct iret_outcome iret_probe(uint64_t cs, uint64_t ss, uint64_t rflags, uint64_t flags)
{
	uint8_t mask = shared_info->vcpu_info[0].evtchn_upcall_mask;
	out = (struct iret_outcome){ 0 };
	landed = 0;
	__asm__ volatile("pushfq; popq %[resume_rflags]\n\t"
			 "lea 2f(%%rip), %%rax; mov %%rax, %[resume_rip]\n\t"
			 "lea 1f(%%rip), %%rax; mov %%rax, %[probe_rip]\n\t"
			 "mov %%rsp, %[resume_rsp]\n\t"
			 "mov %%rsp, %%rax\n\t"
			 "pushq %[ss]\n\t"
			 "pushq %%rax\n\t"
			 "pushq %[fl]\n\t"
			 "pushq %[cs]\n\t"
			 "pushq %[probe_rip]\n\t"
			 "pushq %[flags]\n\t"
			 "jmp hypercall_page + 23 * 32\n"
			 "1:\n\t"
			 "xor %%eax, %%eax; mov %%cs, %%ax; mov %%rax, %[landed_cs]\n\t"
			 "mov %%ss, %%ax; mov %%rax, %[landed_ss]\n\t"
			 "pushfq; popq %[landed_rflags]\n\t"
			 "movzbl (%[maskp]), %%eax; mov %%rax, %[landed_mask]\n\t"
			 "movq $1, %[landed]\n\t"
			 /* back onto the flat selectors, with the flags of before */
			 "mov %%rsp, %%rax\n\t"
			 "pushq $0xe02b\n\t"
			 "pushq %%rax\n\t"
			 "pushq %[resume_rflags]\n\t"
			 "pushq $0xe030\n\t"
			 "pushq %[resume_rip]\n\t"
			 "pushq $0\n\t"
			 "jmp hypercall_page + 23 * 32\n"
			 "2:"
			 : [resume_rflags] "=m"(resume_rflags), [resume_rip] "=m"(resume_rip),
			   [probe_rip] "=m"(probe_rip), [resume_rsp] "=m"(resume_rsp), [landed_cs] "=m"(landed_cs),
			   [landed_ss] "=m"(landed_ss), [landed_rflags] "=m"(landed_rflags), [landed] "=m"(landed), [landed_mask] "=m"(landed_mask)
			 : [cs] "r"(cs), [ss] "r"(ss), [fl] "r"(rflags), [flags] "r"(flags),
			   [maskp] "r"(&shared_info->vcpu_info[0].evtchn_upcall_mask)
			 : "rax", "rcx", "r11", "cc", "memory");
	shared_info->vcpu_info[0].evtchn_upcall_mask = mask;
	out.landed = landed;
	out.cs = landed_cs;
	out.ss = landed_ss;
	out.rflags = landed_rflags;
	out.mask = (uint8_t)landed_mask;
	out.rip = probe_rip;
	out.rsp = resume_rsp;
	return out;
}

void iret_outcome_print(const char *what, const struct iret_outcome *o)
{
	if (o->landed)
		printf("%s: returned, cs 0x%lx ss 0x%lx rflags 0x%lx\n", what, o->cs, o->ss, o->rflags);
	else
		printf("%s: %u fault(s), vector %lu error 0x%lx (cr2 0x%lx), frame rip %s cs 0x%lx rsp %s ss 0x%lx\n",
		       what, o->faults, o->vector, o->error_code, o->cr2,
		       o->frame_rip == o->rip ? "as given" : "other", o->frame_cs,
		       o->frame_rsp == o->rsp ? "as given" : "other", o->frame_ss);
}

void iret_expect_fault(const char *what, const struct iret_outcome *o, uint64_t cs, uint64_t ss,
		       uint64_t vector, uint64_t error_code)
{
	iret_outcome_print(what, o);
	CHECK(!o->landed, "%s: the return succeeded (cs 0x%lx ss 0x%lx)", what, o->cs, o->ss);
	CHECK(o->faults == 1, "%s: %u faults, expected 1", what, o->faults);
	CHECK(o->vector == vector && o->error_code == error_code, "%s: fault %lu(0x%lx), expected %lu(0x%lx)",
	      what, o->vector, o->error_code, vector, error_code);
	CHECK(o->frame_rip == o->rip, "%s: frame rip 0x%lx, expected 0x%lx", what, o->frame_rip, o->rip);
	CHECK(o->frame_rsp == o->rsp, "%s: frame rsp 0x%lx, expected 0x%lx", what, o->frame_rsp, o->rsp);
	CHECK((o->frame_cs & 0xffff) == ((cs | 3) & 0xfffc), "%s: frame cs 0x%lx, expected 0x%lx", what,
	      o->frame_cs & 0xffff, (cs | 3) & 0xfffc);
	CHECK(o->frame_ss == ((ss | 3) & 0xffff), "%s: frame ss 0x%lx, expected 0x%lx", what, o->frame_ss,
	      (ss | 3) & 0xffff);
}

void iret_expect_landed(const char *what, const struct iret_outcome *o, uint64_t cs, uint64_t ss)
{
	iret_outcome_print(what, o);
	CHECK(o->landed && !o->faults, "%s: the return faulted (%lu, error 0x%lx)", what, o->vector, o->error_code);
	CHECK(o->cs == ((cs | 3) & 0xffff), "%s: running on cs 0x%lx, expected 0x%lx", what, o->cs, (cs | 3) & 0xffff);
	CHECK(o->ss == ((ss | 3) & 0xffff), "%s: running on ss 0x%lx, expected 0x%lx", what, o->ss, (ss | 3) & 0xffff);
}
