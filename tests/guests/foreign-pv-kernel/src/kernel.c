/*
 * Rule: a PV kernel written for Xen from the ABI facts alone, carrying the
 * standard FEATURES note "!writable_page_tables|pae_pgdir_above_4gb",
 * boots on Umbra to its first line of output, and every callback type a
 * 64-bit PV kernel registers is accepted (xen-pv-abi.md 4, 5, 7.2).  It
 * enables writable page tables with vm_assist (as Linux does), registers
 * the event, failsafe, syscall, syscall32, sysenter and NMI callbacks and a
 * trap table, prints its first line with console_io, then a verdict, and
 * powers off.  Nothing here comes from Umbra: hypercall numbers, structure
 * layouts and constants are written out from Xen's public headers' facts.
 */
typedef unsigned long u64;
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;

extern char hypercall_page[];

static long hypercall(unsigned nr, u64 a1, u64 a2, u64 a3)
{
	long ret;
	register u64 r10 __asm__("r10") = 0;
	__asm__ volatile("call *%[entry]"
			 : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10)
			 : [entry] "r"(hypercall_page + nr * 32)
			 : "rcx", "r11", "r8", "r9", "memory");
	return ret;
}

enum { HC_SET_TRAP_TABLE = 0, HC_CONSOLE_IO = 18, HC_XEN_VERSION = 17, HC_VM_ASSIST = 21,
       HC_SCHED_OP = 29, HC_CALLBACK_OP = 30 };

struct callback_register { u16 type, flags; u32 pad; u64 address; };
struct trap_info { u8 vector, flags; u16 cs; u32 pad; u64 address; };

static void write(const char *s)
{
	u64 n = 0;
	while (s[n])
		n++;
	hypercall(HC_CONSOLE_IO, 0 /* CONSOLEIO_write */, n, (u64)s);
}

static void poweroff(void)
{
	u32 reason = 0;                 /* SHUTDOWN_poweroff */
	hypercall(HC_SCHED_OP, 2 /* SCHEDOP_shutdown */, (u64)&reason, 0);
}

static void handler(void)
{
	write("TEST FAIL: a callback or trap was entered\n");
	poweroff();
}

void kernel_main(const void *start_info)
{
	(void)start_info;
	write("foreign PV kernel: first line, from a kernel built without Umbra's runtime\n");
	int bad = 0;
	long version = hypercall(HC_XEN_VERSION, 0, 0, 0);
	bad |= (version >> 16) != 4;
	bad |= hypercall(HC_VM_ASSIST, 0 /* enable */, 2 /* writable_pagetables */, 0) != 0;
	static const u16 types[] = { 0 /* event */, 1 /* failsafe */, 2 /* syscall */, 7 /* syscall32 */,
				     5 /* sysenter */, 4 /* nmi */ };
	for (unsigned i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		struct callback_register cb = { types[i], 1 /* mask events */, 0, (u64)handler };
		bad |= hypercall(HC_CALLBACK_OP, 0 /* register */, (u64)&cb, 0) != 0;
	}
	static struct trap_info traps[3];
	traps[0] = (struct trap_info){ 13, 0, 0xe033, 0, (u64)handler };
	traps[1] = (struct trap_info){ 14, 0, 0xe033, 0, (u64)handler };
	bad |= hypercall(HC_SET_TRAP_TABLE, (u64)traps, 0, 0) != 0;
	write(bad ? "TEST FAIL: a registration was refused\n" : "TEST PASS\n");
	poweroff();
}
