/*
 * Panics and backtraces.  A panic prints why, the registers and CR2 when a
 * frame is known, and a backtrace through the frame-pointer chain with every
 * return address symbolized from the table the build links into the image
 * (tools/gen-symtab).  Panics are for the hypervisor's own impossible states
 * only; guest misbehaviour crashes the guest instead.
 */
#include "console.h"
#include "cpu.h"
#include "machine.h"
#include "panic.h"

extern const uint64_t umbra_sym_addr[];
extern const uint32_t umbra_sym_name[];
extern const char umbra_sym_strings[];
extern const uint32_t umbra_nsyms;
extern char _text[], _etext[];

static bool in_panic;

noreturn void machine_exit(enum machine_exit code)
{
	outl(0xf4, code);
	for (;;)
		__asm__ volatile("cli; hlt");
}

const char *symbolize(uint64_t addr, uint64_t *offset)
{
	uint32_t lo = 0, hi = umbra_nsyms;
	if (!hi || addr < umbra_sym_addr[0])
		return NULL;
	while (hi - lo > 1) {
		uint32_t mid = (lo + hi) / 2;
		if (umbra_sym_addr[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - umbra_sym_addr[lo];
	return umbra_sym_strings + umbra_sym_name[lo];
}

static void print_addr(const char *what, uint64_t addr)
{
	uint64_t off;
	const char *s = symbolize(addr, &off);
	if (s)
		log_err("  %s %lx <%s+0x%lx>", what, addr, s, off);
	else
		log_err("  %s %lx", what, addr);
}

static bool text_addr(uint64_t a)
{
	return a >= (uint64_t)_text && a < (uint64_t)_etext;
}

void backtrace_from(uint64_t rbp)
{
	log_err("backtrace:");
	for (int depth = 0; depth < 32 && rbp && (rbp & 7) == 0; depth++) {
		if (rbp < KERNEL_VBASE_LOW_LIMIT)
			break;
		uint64_t *fp = (uint64_t *)rbp;
		if (!text_addr(fp[1]))
			break;
		print_addr("at", fp[1]);
		rbp = fp[0];
	}
}

void dump_gprs(enum log_level lvl, const struct cpu_regs *r)
{
	printk(lvl, "  rax %016lx  rbx %016lx  rcx %016lx  rdx %016lx", r->rax, r->rbx, r->rcx, r->rdx);
	printk(lvl, "  rsi %016lx  rdi %016lx  rbp %016lx  r8  %016lx", r->rsi, r->rdi, r->rbp, r->r8);
	printk(lvl, "  r9  %016lx  r10 %016lx  r11 %016lx  r12 %016lx", r->r9, r->r10, r->r11, r->r12);
	printk(lvl, "  r13 %016lx  r14 %016lx  r15 %016lx", r->r13, r->r14, r->r15);
}

void dump_regs(const struct cpu_regs *r)
{
	log_err("  rip %016lx  cs %04lx  rflags %08lx  vector %lu  error %lx",
		r->rip, r->cs, r->rflags, r->vector, r->error_code);
	print_addr("rip", r->rip);
	log_err("  rsp %016lx  ss %04lx  cr2 %016lx  cr3 %016lx",
		r->rsp, r->ss, read_cr2(), read_cr3());
	dump_gprs(LOG_ERR, r);
}

static noreturn void panic_end(void)
{
	log_err("PANIC: hypervisor stopped");
	machine_exit(EXIT_PANIC);
}

noreturn void panic(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (in_panic)
		machine_exit(EXIT_PANIC);
	in_panic = true;
	log_err("PANIC: %s", buf);
	backtrace_from(read_rbp());
	panic_end();
}

noreturn void panic_regs(const struct cpu_regs *r, const char *why)
{
	if (in_panic)
		machine_exit(EXIT_PANIC);
	in_panic = true;
	log_err("PANIC: %s in hypervisor context", why);
	dump_regs(r);
	print_addr("faulting instruction", r->rip);
	backtrace_from(r->rbp);
	panic_end();
}
