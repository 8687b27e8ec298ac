/*
 * Acceptance test of the PV MMU (issue 3): a guest builds its own
 * four-level page tables from scratch through the page-table hypercalls,
 * switches to them, runs code in user mode on separate user page tables,
 * comes back through the syscall callback, and tears everything down; the
 * frames return to untyped.
 *
 *  1. Kernel tables.  Fresh frames past the start-of-day region (pt_alloc:
 *     untyped, zeroed, unmapped) become a new L4, L3, L2 and three L1s: two
 *     copy the start-of-day L1s (the kernel image, p2m, start_info, boot
 *     tables read-only, stack), one maps a marker page that only the new
 *     tables map; the window L1 of pt.h is shared.  Each table is written
 *     through a writable mapping, then mapped read-only (a frame mapped
 *     writable cannot become a table), and pinning the L4 validates the
 *     whole tree.  Slots 256-271 are left empty: the hypervisor fills them.
 *  2. MMUEXT_NEW_BASEPTR switches to them: cr3 reads the new L4, the marker
 *     page reads, the hypervisor's slots are there (as in the start-of-day
 *     L4, or mapping each L4 onto itself: Xen's linear page-table slot).
 *  3. User tables: a separate L4 -> L3 -> L2 -> L1 mapping a user code page
 *     (read-only, the page of this image holding user_code) at 0x400000 and
 *     a user stack (writable) at 0x402000, pinned, installed with
 *     MMUEXT_NEW_USER_BASEPTR.  A syscall callback and a kernel stack
 *     (stack_switch) are registered.
 *  4. iret with cs 0xe033 (RPL 3) enters user mode.  The user code uses its
 *     stack, does "int $0x80" (trap-table DPL 3: delivered), "int $0x40"
 *     (DPL 0: #GP((0x40 << 3) | 2)), reads kernel memory (#PF with the U bit:
 *     the user tables do not map the kernel), and makes a syscall, which
 *     comes back to the kernel through the syscall callback on the kernel
 *     stack with Xen's frame (rcx, r11, rip, cs, rflags, rsp, ss); the
 *     kernel tables in turn do not map the user's pages.
 *  5. The kernel switches back to the start-of-day tables, drops the user
 *     base pointer, unpins both trees, and shows every table frame is
 *     untyped again: each can now be mapped writable, which is refused
 *     while it is a table.
 */
#include "attack.h"
#include "catch.h"
#include "public/callback.h"

#define USER_CODE_VA  0x400000ull
#define USER_STACK_VA 0x402000ull
#define MARKER        0x6d61726b65720a00ull

extern char user_code[], user_after_syscall[], user_int80_next[], user_int40[], user_load[];
void user_syscall_entry(void);
noreturn void user_returned(const uint64_t *frame, uint64_t marker);

__asm__(".pushsection .text.user, \"ax\"\n\t"
	".balign 4096\n"
	"user_code:\n\t"
	"pushq $0x77\n\t"               /* the user stack is writable */
	"popq %rbx\n\t"
	"int $0x80\n"
	"user_int80_next:\n"
	"user_int40:\n\t"
	"int $0x40\n\t"                 /* cd 40: refused at CPL 3, #GP; the handler skips 2 bytes */
	"movabs $0xFFFFFFFF80000000, %rdx\n"
	"user_load:\n\t"
	"mov (%rdx), %rax\n\t"          /* 48 8b 02: not mapped for the user, #PF; skip 3 */
	"mov $0x5ca1ab1e, %edi\n\t"
	"syscall\n"
	"user_after_syscall:\n\t"
	"ud2\n\t"
	".balign 4096\n\t"
	".popsection\n\t"
	".text\n\t"
	".globl user_syscall_entry\n"
	"user_syscall_entry:\n\t"
	"mov %rdi, %rsi\n\t"            /* the user's marker */
	"mov %rsp, %rdi\n\t"            /* Xen's frame: rcx, r11, rip, cs, rflags, rsp, ss */
	"and $-16, %rsp\n\t"
	"call user_returned\n\t"
	"ud2");

static uint64_t k4, k3, k2, k1[3], u4, u3, u2, u1, stack_pfn, marker_pfn, boot_l4;
static uint8_t kstack[8192] __attribute__((aligned(16)));

static struct { uint64_t vector, ec, rip, cs, cr2; } seen[4];
static unsigned nseen;

static void record(struct trap_frame *f, struct trap_info_view *t)
{
	(void)f;
	static const unsigned skip[] = { [13] = 2, [14] = 3 };
	if (nseen < ARRAY_SIZE(seen))
		seen[nseen++] = (typeof(seen[0])){ t->vector, t->error_code, *t->rip, *t->cs,
						   t->vector == 14 ? guest_cr2() : 0 };
	if (t->vector < ARRAY_SIZE(skip))
		*t->rip += skip[t->vector];
}

/* A fresh frame written as a table: entries from e[], then mapped read-only. */
static uint64_t build_table(const uint64_t *e)
{
	uint64_t pfn = pt_alloc();
	CHECK_EQ(pt_map(pfn, PT_P | PT_RW | PT_A | PT_D), 0);
	volatile uint64_t *t = (volatile uint64_t *)pt_pfn_va(pfn);
	for (unsigned i = 0; i < 512; i++)
		t[i] = e[i];
	CHECK_EQ(pt_map(pfn, PT_P | PT_A), 0);
	return pt_mfn(pfn);
}

static uint64_t e[512];

static void build_kernel_tables(void)
{
	unsigned n = (unsigned)(pt_region_pages / 512), first = pt_index(VIRT_BASE, 2);
	uint64_t window_l1 = pt_table_mfn(pt_probe_va(), 1);
	marker_pfn = pt_alloc();
	CHECK_EQ(pt_map(marker_pfn, PT_P | PT_RW | PT_A | PT_D), 0);
	*(volatile uint64_t *)pt_pfn_va(marker_pfn) = MARKER;
	for (unsigned i = 0; i < n; i++) {
		const volatile uint64_t *boot = pt_table(PT_MFN(pt_entry(VIRT_BASE + i * (2ull << 20), 2)));
		for (unsigned j = 0; j < 512; j++)
			e[j] = boot[j];
		k1[i] = build_table(e);
	}
	memset(e, 0, sizeof(e));
	e[3] = (pt_mfn(marker_pfn) << 12) | PT_P | PT_A;
	k1[n] = build_table(e);
	memset(e, 0, sizeof(e));
	for (unsigned i = 0; i < n; i++)
		e[first + i] = (k1[i] << 12) | PT_UPPER;
	e[first + n] = (window_l1 << 12) | PT_UPPER;            /* shared with the start-of-day L2 */
	e[first + n + 1] = (k1[n] << 12) | PT_UPPER;
	k2 = build_table(e);
	memset(e, 0, sizeof(e));
	e[pt_index(VIRT_BASE, 3)] = (k2 << 12) | PT_UPPER;
	k3 = build_table(e);
	memset(e, 0, sizeof(e));
	for (unsigned i = 0; i < 512; i++)
		if (i < HYPERVISOR_L4_FIRST || i > HYPERVISOR_L4_LAST)
			e[i] = pt_table(boot_l4)[i];
	e[pt_index(VIRT_BASE, 4)] = (k3 << 12) | PT_UPPER;
	k4 = build_table(e);
}

static void build_user_tables(void)
{
	stack_pfn = pt_alloc();
	uint64_t code = pt_va_mfn(user_code);
	memset(e, 0, sizeof(e));
	e[pt_index(USER_CODE_VA, 1)] = (code << 12) | PT_P | PT_US | PT_A;
	e[pt_index(USER_STACK_VA, 1)] = (pt_mfn(stack_pfn) << 12) | PT_P | PT_RW | PT_US | PT_A | PT_D;
	u1 = build_table(e);
	memset(e, 0, sizeof(e));
	e[pt_index(USER_CODE_VA, 2)] = (u1 << 12) | PT_UPPER;
	u2 = build_table(e);
	memset(e, 0, sizeof(e));
	e[0] = (u2 << 12) | PT_UPPER;
	u3 = build_table(e);
	memset(e, 0, sizeof(e));
	e[0] = (u3 << 12) | PT_UPPER;
	u4 = build_table(e);
}

static const uint64_t *tables[] = { &k4, &k3, &k2, &k1[0], &k1[1], &k1[2], &u4, &u3, &u2, &u1 };

int main(void)
{
	pt_init();
	boot_l4 = pt_cr3_mfn();
	CHECK(pt_region_pages == 1024, "start-of-day region of %lu pages (the test expects 2 L1s)", pt_region_pages);
	build_kernel_tables();
	uint64_t marker_va = pt_pfn_va(pt_region_pages + 512 + 3);
	CHECK_EQ(pt_entry(marker_va, 2), 0);            /* the start-of-day tables do not map it */

	CHECK_EQ(pt_pin(4, k4), 0);
	for (unsigned i = 0; i < 6; i++)
		expect_typed("a new kernel table", *tables[i]);
	CHECK_EQ(mmuext(MMUEXT_NEW_BASEPTR, k4, 0), 0);
	CHECK_EQ(pt_cr3_mfn(), k4);
	CHECK_EQ(*(volatile uint64_t *)marker_va, MARKER);
	static uint64_t o4[512];
	frame_save(boot_l4, o4);
	expect_hv_slots("the new kernel L4", k4, HYPERVISOR_L4_FIRST, boot_l4, o4);
	CHECK_EQ(M2P[pt_mfn(0)], 0);                    /* slot 256: the M2P */
	printf("running on our own page tables (L4 %lx)\n", k4);

	build_user_tables();
	CHECK_EQ(pt_pin(4, u4), 0);
	CHECK_EQ(mmuext(MMUEXT_NEW_USER_BASEPTR, u4, 0), 0);
	for (unsigned i = 6; i < ARRAY_SIZE(tables); i++)
		expect_typed("a user table", *tables[i]);
	struct callback_register cb = { .type = CALLBACKTYPE_syscall, .address = (uint64_t)user_syscall_entry };
	CHECK_EQ(HYPERVISOR_callback_op(CALLBACKOP_register, &cb), 0);
	CHECK_EQ(HYPERVISOR_stack_switch(FLAT_KERNEL_SS, (uint64_t)(kstack + sizeof(kstack))), 0);
	CHECK_EQ(guest_set_trap(0x80, record, 3), 0);
	CHECK_EQ(guest_set_trap(13, record, 0), 0);
	CHECK_EQ(guest_set_trap(14, record, 0), 0);

	printf("entering user mode\n");
	__asm__ volatile("pushq $0xe02b\n\t"            /* ss */
			 "pushq %0\n\t"                 /* rsp */
			 "pushq $0x2\n\t"               /* rflags: events stay masked */
			 "pushq $0xe033\n\t"            /* cs, RPL 3: guest-user mode */
			 "pushq %1\n\t"                 /* rip */
			 "pushq $0\n\t"                 /* flags */
			 "jmp hypercall_page + 23 * 32"
			 :: "r"(USER_STACK_VA + 4096), "r"(USER_CODE_VA) : "memory");
	test_fail("the iret to user mode returned");
}

static uint64_t user_va(const char *label)
{
	return USER_CODE_VA + (uint64_t)(label - user_code);
}

noreturn void user_returned(const uint64_t *frame, uint64_t marker)
{
	printf("back in the kernel through the syscall callback: rip %lx cs %lx rsp %lx ss %lx\n", frame[2], frame[3],
	       frame[5], frame[6]);
	CHECK_EQ(frame[2], user_va(user_after_syscall));
	CHECK_EQ(frame[0], user_va(user_after_syscall));     /* rcx: the syscall's return address */
	/* r11: the rflags syscall saved (the real IF is always set); the rflags slot carries the
	   virtual IF, clear here as events stayed masked (saved mask 1 in cs bits 32-39). */
	CHECK_EQ(frame[1] & ~0x200ull, frame[4] & ~0x200ull);
	CHECK_EQ(frame[4] & 0x200, 0);
	CHECK_EQ(frame[3] >> 32, 1);
	CHECK_EQ(frame[3] & 0xffff, FLAT_USER_CS);           /* from user mode: RPL 3 kept */
	CHECK_EQ(frame[5], USER_STACK_VA + 4096);
	CHECK_EQ(frame[6], FLAT_USER_SS);
	CHECK_EQ(marker, 0x5ca1ab1e);
	CHECK_EQ((uint64_t)frame, (uint64_t)(kstack + sizeof(kstack)) - 56);
	CHECK_EQ(pt_cr3_mfn(), k4);                          /* the kernel tables again */
	CHECK_EQ(nseen, 3);
	CHECK(seen[0].vector == 0x80 && seen[0].rip == user_va(user_int80_next) && (seen[0].cs & 0xffff) == FLAT_USER_CS,
	      "int $0x80: vector %lx rip %lx cs %lx", seen[0].vector, seen[0].rip, seen[0].cs);
	CHECK(seen[1].vector == 13 && seen[1].ec == (0x40 << 3 | 2) && seen[1].rip == user_va(user_int40) &&
	      (seen[1].cs & 0xffff) == FLAT_USER_CS, "int $0x40: vector %lu error %lx rip %lx cs %lx", seen[1].vector,
	      seen[1].ec, seen[1].rip, seen[1].cs);
	CHECK(seen[2].vector == 14 && seen[2].ec == 4 && seen[2].cr2 == VIRT_BASE && seen[2].rip == user_va(user_load) &&
	      (seen[2].cs & 0xffff) == FLAT_USER_CS, "user read of kernel memory: vector %lu error %lx cr2 %lx rip %lx cs %lx",
	      seen[2].vector, seen[2].ec, seen[2].cr2, seen[2].rip, seen[2].cs);
	CHECK_EQ(*(volatile uint64_t *)pt_pfn_va(pt_region_pages + 512 + 3), MARKER);
	/* And the kernel tables do not map the user's pages. */
	struct trap_probe p;
	CHECK_EQ(catch_trap(14, 3, 0), 0);
	TRAP_PROBE(p, "", "mov (%%rbx), %%rax", "b"(USER_STACK_VA));          /* 48 8b 03 */
	expect_probe("kernel read of the user stack", &p, 14, 0, 0, 0);
	printf("user mode: int $0x80 delivered, int $0x40 refused, kernel memory unmapped, syscall returned\n");

	/* Tear down: the start-of-day tables again, no user tables, both trees unpinned. */
	CHECK_EQ(mmuext(MMUEXT_NEW_BASEPTR, boot_l4, 0), 0);
	CHECK_EQ(pt_cr3_mfn(), boot_l4);
	CHECK_EQ(mmuext(MMUEXT_NEW_USER_BASEPTR, 0, 0), 0);
	CHECK_EQ(pt_unpin(k4), 0);
	CHECK_EQ(pt_unpin(u4), 0);
	for (unsigned i = 0; i < ARRAY_SIZE(tables); i++)
		expect_untyped("a former table", *tables[i]);
	expect_untyped("the user stack", pt_mfn(stack_pfn));
	expect_typed("the start-of-day L4", boot_l4);
	expect_typed("the shared window L1", pt_table_mfn(pt_probe_va(), 1));
	printf("torn down: all %lu table frames are untyped again\n", ARRAY_SIZE(tables));
	xen_version_reported();
	test_pass();
}
