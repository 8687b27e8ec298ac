/*
 * Guest trap table.  Every vector with a stub gets a handler slot; a vector
 * without a registered C handler reports the trap and fails the test, so a
 * test kernel never dies silently.
 */
#include "guest.h"

#define STUB(n) extern char guest_trap_stub_##n[];
STUB(0) STUB(1) STUB(2) STUB(3) STUB(4) STUB(5) STUB(6) STUB(7) STUB(8) STUB(9)
STUB(10) STUB(11) STUB(12) STUB(13) STUB(14) STUB(15) STUB(16) STUB(17) STUB(18) STUB(19)
STUB(0x40) STUB(0x41) STUB(0x80)
#undef STUB

static const struct { unsigned vector; char *stub; } stubs[] = {
	{ 0, guest_trap_stub_0 }, { 1, guest_trap_stub_1 }, { 2, guest_trap_stub_2 },
	{ 3, guest_trap_stub_3 }, { 4, guest_trap_stub_4 }, { 5, guest_trap_stub_5 },
	{ 6, guest_trap_stub_6 }, { 7, guest_trap_stub_7 }, { 8, guest_trap_stub_8 },
	{ 9, guest_trap_stub_9 }, { 10, guest_trap_stub_10 }, { 11, guest_trap_stub_11 },
	{ 12, guest_trap_stub_12 }, { 13, guest_trap_stub_13 }, { 14, guest_trap_stub_14 },
	{ 15, guest_trap_stub_15 }, { 16, guest_trap_stub_16 }, { 17, guest_trap_stub_17 },
	{ 18, guest_trap_stub_18 }, { 19, guest_trap_stub_19 }, { 0x40, guest_trap_stub_0x40 },
	{ 0x41, guest_trap_stub_0x41 }, { 0x80, guest_trap_stub_0x80 },
};

static trap_handler *handlers[256];
static uint8_t dpls[256];

uint64_t guest_cr2(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr2, %0" : "=r"(v));    /* emulated by the hypervisor */
	return v;
}

static char *stub_for(unsigned vector)
{
	for (unsigned i = 0; i < ARRAY_SIZE(stubs); i++)
		if (stubs[i].vector == vector)
			return stubs[i].stub;
	return NULL;
}

long guest_set_trap(unsigned vector, trap_handler *fn, unsigned dpl)
{
	char *stub = stub_for(vector);
	if (!stub)
		return -XEN_EINVAL;
	handlers[vector] = fn;
	dpls[vector] = (uint8_t)dpl;
	struct trap_info ti[2] = {
		{ .vector = (uint8_t)vector, .flags = (uint8_t)dpl, .cs = FLAT_KERNEL_CS, .address = (uint64_t)stub },
		{ 0 },
	};
	return HYPERVISOR_set_trap_table(ti);
}

void guest_event_upcall(void);

void guest_trap(struct trap_frame *f)
{
	if (f->vector == 0x100) {
		guest_event_upcall();
		return;
	}
	struct trap_info_view t;
	uint64_t *p = f->rest;
	t.vector = f->vector;
	t.error_code = f->has_ec ? *p++ : 0;
	t.rip = p++;
	t.cs = p++;
	t.rflags = p++;
	t.rsp = p++;
	t.ss = p;
	if (handlers[t.vector]) {
		handlers[t.vector](f, &t);
		return;
	}
	printf("TEST FAIL: unexpected trap %lu (error %lx) at rip %lx\n", t.vector, t.error_code, *t.rip);
	guest_shutdown(SHUTDOWN_poweroff);
}

/* The runtime's trap table as installed, for another vCPU's context. */
void guest_trap_table(struct trap_info *table, unsigned n)
{
	for (unsigned i = 0; i < ARRAY_SIZE(stubs); i++)
		if (stubs[i].vector < n)
			table[stubs[i].vector] = (struct trap_info){
				.vector = (uint8_t)stubs[i].vector, .flags = dpls[stubs[i].vector],
				.cs = FLAT_KERNEL_CS, .address = (uint64_t)stubs[i].stub };
}

void guest_traps_init(void)
{
	for (unsigned i = 0; i < ARRAY_SIZE(stubs); i++) {
		struct trap_info ti[2] = {
			{ .vector = (uint8_t)stubs[i].vector, .flags = 0, .cs = FLAT_KERNEL_CS,
			  .address = (uint64_t)stubs[i].stub },
			{ 0 },
		};
		HYPERVISOR_set_trap_table(ti);
	}
}
