/*
 * Helper domain for multi-domain tests (never run on its own: test.spec says
 * "helper: yes").  Other tests start it as an extra domain with a mode on its
 * command line ("extra: build/tests/guests/helper.elf MODE"):
 *
 *   hello               print a line and power off
 *   shutdown REASON     shut down with poweroff|reboot|suspend|crash|watchdog|soft_reset
 *   spin                spin forever without yielding, printing "spinner progress N"
 *                       for every SPIN_PROGRESS_TICKS of its own run time (and
 *                       using SSE there)
 *   crash-pf            unhandled #PF (read of an unmapped address, no trap table)
 *   crash-ud            unhandled #UD (ud2, no trap table)
 *   crash-stack-hv      a trap whose bounce frame would land in hypervisor space
 *   crash-stack-unmapped a trap whose bounce frame would land on an unmapped stack
 *   crash-iret          iret hypercall to a non-canonical rip (#GP, no trap table)
 *   crash-iret-compat   the same to 32-bit code at a rip above 4 GiB
 *   crash-iret-selector iret hypercall to the hypervisor's code selector: the
 *                       iretq faults (#GP(0xe008)), no trap table
 *
 * A crash mode that survives, or an unknown mode, prints "TEST FAIL" so the
 * test that started it fails.
 */
#include "spin.h"
#include "test.h"

#define SPIN_PROGRESS_TICKS 30000000

static const char *const reasons[] = { "poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset" };

static int progress(struct spin_stats *s, void *arg)
{
	uint64_t *next = arg;
	if (spin_run_ticks(s) >= *next) {
		/* Touch SSE: a CR0.TS leaked from another domain shows up as an unexpected #NM. */
		__asm__ volatile("xorps %%xmm0, %%xmm0" ::: "xmm0");
		printf("spinner progress %lu (preempted %lu times)\n", *next / SPIN_PROGRESS_TICKS, s->gaps);
		*next += SPIN_PROGRESS_TICKS;
	}
	return 0;
}

static void crash_with_stack(uint64_t sp)
{
	__asm__ volatile("mov %0, %%rsp; int3; ud2" :: "r"(sp) : "memory");
}

/* Frame for the iret stub: flags, rip, cs, rflags, rsp, ss (flags lowest). */
static void crash_iret(uint64_t cs, uint64_t rip)
{
	__asm__ volatile("mov %%rsp, %%rax\n\t"
			 "pushq $0xe02b\n\t"
			 "pushq %%rax\n\t"
			 "pushq $0x200\n\t"
			 "pushq %[cs]\n\t"
			 "pushq %[rip]\n\t"
			 "pushq $0\n\t"
			 "jmp hypercall_page + 23 * 32" :: [cs] "r"(cs), [rip] "r"(rip) : "rax", "memory");
}

int main(void)
{
	const char *mode = start_info->cmd_line;
	printf("helper: mode \"%s\"\n", mode);
	if (!strcmp(mode, "hello")) {
		printf("helper: hello from a further domain\n");
		guest_shutdown(SHUTDOWN_poweroff);
	}
	if (!strncmp(mode, "shutdown ", 9)) {
		for (unsigned r = 0; r < ARRAY_SIZE(reasons); r++)
			if (!strcmp(mode + 9, reasons[r]))
				guest_shutdown(r);
	}
	if (!strcmp(mode, "spin")) {
		struct spin_stats s;
		uint64_t next = SPIN_PROGRESS_TICKS;
		spin_watch(&s, ~0ull, ~0ull, progress, &next);
	}
	if (!strcmp(mode, "crash-pf")) {
		HYPERVISOR_set_trap_table(NULL);
		(void)*(volatile uint64_t *)0x1000;
	}
	if (!strcmp(mode, "crash-ud")) {
		HYPERVISOR_set_trap_table(NULL);
		__asm__ volatile("ud2");
	}
	if (!strcmp(mode, "crash-stack-hv"))
		crash_with_stack(0xFFFF830000100000ull);
	if (!strcmp(mode, "crash-stack-unmapped"))
		crash_with_stack(0x200000ull);
	if (!strncmp(mode, "crash-iret", 10))
		HYPERVISOR_set_trap_table(NULL);
	if (!strcmp(mode, "crash-iret"))
		crash_iret(0xe030, 0x8000000000001000ull);
	if (!strcmp(mode, "crash-iret-compat"))
		crash_iret(0xe020, 0x100000000ull);   /* RPL 0: stays in guest-kernel mode */
	if (!strcmp(mode, "crash-iret-selector"))
		crash_iret(0xe008, (uint64_t)&main);
	test_fail("helper: mode \"%s\" unknown or it did not end the domain", mode);
}
