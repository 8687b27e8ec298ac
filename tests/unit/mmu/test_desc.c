/*
 * Segment descriptors: the descriptor check, set_gdt and update_descriptor.
 */
#include "mmu_test.h"

/* Descriptors as 64-bit values. */
#define CODE_DPL0   0x00af9b000000ffffull       /* 64-bit code, DPL 0 */
#define CODE_DPL3   0x00affb000000ffffull
#define DATA_DPL0   0x00cf93000000ffffull
#define DATA_DPL3   0x00cff3000000ffffull
#define CONFORMING0 0x00af9f000000ffffull       /* conforming code, DPL 0 */
#define TSS64       0x0000890000000067ull
#define LDT_DESC    0x0000820000000fffull
#define INT_GATE    0x00008e0000080000ull
#define TRAP_GATE   0x00008f0000080000ull
#define TASK_GATE   0x0000850000080000ull
#define CALL_GATE(sel, dpl) (0x00008c0000001000ull | ((uint64_t)(dpl) << 45) | \
                             ((uint64_t)(sel) << 16))

static int update_desc(struct fake_machine *m, domid_t id, uint64_t mfn,
                       unsigned int idx, uint64_t desc)
{
	return mmu_update_descriptor(&m->env, fake_dom(m, id), (mfn << 12) + idx * 8, desc);
}

TEST(descriptor_code_and_data_dpl_raised)
{
	uint64_t page = fake_alloc(m, 1);

	OK(update_desc(m, 1, page, 0, CODE_DPL0));
	UNIT_CHECK_EQ(u, m->mem[page][0], CODE_DPL3);
	OK(update_desc(m, 1, page, 1, DATA_DPL0));
	UNIT_CHECK_EQ(u, m->mem[page][1], DATA_DPL3);
	OK(update_desc(m, 1, page, 2, CONFORMING0));
	UNIT_CHECK_EQ(u, m->mem[page][2], CONFORMING0 | (3ull << 45));
}

TEST(descriptor_refuses_system_segments_and_gates)
{
	uint64_t page = fake_alloc(m, 1);
	const uint64_t refused[] = { TSS64, LDT_DESC, INT_GATE, TRAP_GATE, TASK_GATE };

	for (size_t i = 0; i < ARRAY_LEN(refused); i++)
		REFUSED(update_desc(m, 1, page, 0, refused[i]), XEN_EINVAL);
}

TEST(descriptor_call_gate_rules)
{
	uint64_t page = fake_alloc(m, 1);

	OK(update_desc(m, 1, page, 0, CALL_GATE(0x0010, 3)));           /* guest GDT */
	UNIT_CHECK_EQ(u, m->mem[page][0], CALL_GATE(0x0013, 0));        /* DPL 0, RPL 3 */
	OK(update_desc(m, 1, page, 2, CALL_GATE(FLAT_KERNEL_CS, 0)));
	OK(update_desc(m, 1, page, 4, CALL_GATE(0x0007, 1)));           /* LDT selector */
	REFUSED(update_desc(m, 1, page, 6, CALL_GATE(0xe008, 3)), XEN_EINVAL);  /* Xen's CS */
	REFUSED(update_desc(m, 1, page, 6, CALL_GATE(0x0010, 3) | (1ull << 32)), XEN_EINVAL);
}

TEST(descriptor_not_present_and_type0_kept)
{
	uint64_t page = fake_alloc(m, 1);

	OK(update_desc(m, 1, page, 0, TSS64 & ~(1ull << 47)));
	UNIT_CHECK_EQ(u, m->mem[page][0], TSS64 & ~(1ull << 47));
	OK(update_desc(m, 1, page, 1, 0x0000800000001234ull));          /* type 0, present */
	UNIT_CHECK_EQ(u, m->mem[page][1], 0x0000800000001234ull);
}

TEST(update_descriptor_refusals)
{
	uint64_t page = fake_alloc(m, 1), theirs = fake_alloc(m, 2), pt = fake_pinned(m, 1, 1);

	REFUSED(mmu_update_descriptor(&m->env, fake_dom(m, 1), (page << 12) + 4, DATA_DPL3),
	        XEN_EINVAL);
	REFUSED(update_desc(m, 1, theirs, 0, DATA_DPL3), XEN_EINVAL);
	REFUSED(update_desc(m, 1, pt, 0, DATA_DPL3), XEN_EINVAL);
	REFUSED(update_desc(m, 1, FAKE_FRAMES + 5, 0, DATA_DPL3), XEN_EINVAL);
}

TEST(update_descriptor_on_live_gdt_page)
{
	struct mmu_vcpu *v = fake_vcpu(m, 1);
	uint64_t gdt = fake_alloc(m, 1);

	OK(mmu_set_gdt(&m->env, v, &gdt, 512));
	OK(update_desc(m, 1, gdt, 9, CODE_DPL0));
	UNIT_CHECK_EQ(u, m->mem[gdt][9], CODE_DPL3);
	UNIT_CHECK_EQ(u, FRAME(gdt)->type_count, 1);
	REFUSED(update_desc(m, 1, gdt, 9, INT_GATE), XEN_EINVAL);
}

TEST(set_gdt_types_frames_seg_desc)
{
	struct mmu_vcpu *v = fake_vcpu(m, 1);
	uint64_t frames[3] = { fake_alloc(m, 1), fake_alloc(m, 1), fake_alloc(m, 1) };
	uint64_t other = fake_alloc(m, 1);

	m->mem[frames[1]][5] = CODE_DPL0;
	OK(mmu_set_gdt(&m->env, v, frames, 1025));
	UNIT_CHECK_EQ(u, v->gdt_nr_frames, 3);
	UNIT_CHECK_EQ(u, v->gdt_entries, 1025);
	UNIT_CHECK(u, v->pending & MMU_VCPU_RELOAD_GDT);
	UNIT_CHECK_EQ(u, FRAME(frames[2])->type, MMU_TYPE_SEG_DESC);
	UNIT_CHECK_EQ(u, m->mem[frames[1]][5], CODE_DPL3);
	/* a new GDT releases the old one, after taking its own references */
	OK(mmu_set_gdt(&m->env, v, &frames[1], 512));
	UNIT_CHECK_EQ(u, FRAME(frames[0])->type_count, 0);
	UNIT_CHECK_EQ(u, FRAME(frames[1])->type_count, 1);
	OK(mmu_set_gdt(&m->env, v, &other, 1));
	OK(mmu_set_gdt(&m->env, v, NULL, 0));
	UNIT_CHECK_EQ(u, v->gdt_nr_frames, 0);
	UNIT_CHECK_EQ(u, FRAME(other)->type_count, 0);
}

TEST(set_gdt_refusals)
{
	struct mmu_vcpu *v = fake_vcpu(m, 1);
	uint64_t good = fake_alloc(m, 1), bad = fake_alloc(m, 1), theirs = fake_alloc(m, 2);
	uint64_t holder = fake_pinned(m, 1, 1), mapped = fake_alloc(m, 1);
	uint64_t frames[15] = { good };

	m->mem[bad][511] = TSS64;
	OK(fake_update(m, 1, holder, 0, fake_pte(mapped, RW)));
	REFUSED(mmu_set_gdt(&m->env, v, frames, FIRST_RESERVED_GDT_ENTRY + 1), XEN_EINVAL);
	frames[1] = bad;
	REFUSED(mmu_set_gdt(&m->env, v, frames, 1024), XEN_EINVAL);
	frames[1] = theirs;
	REFUSED(mmu_set_gdt(&m->env, v, frames, 1024), XEN_EINVAL);
	frames[1] = mapped;
	REFUSED(mmu_set_gdt(&m->env, v, frames, 1024), XEN_EINVAL);
	frames[1] = holder;
	REFUSED(mmu_set_gdt(&m->env, v, frames, 1024), XEN_EINVAL);
	for (unsigned int i = 0; i < 14; i++)
		frames[i] = good;
	OK(mmu_set_gdt(&m->env, v, frames, FIRST_RESERVED_GDT_ENTRY));
	UNIT_CHECK_EQ(u, FRAME(good)->type_count, 14);
}

static const struct unit_case cases[] = {
	{ "mmu/descriptor-code-and-data-dpl-raised", descriptor_code_and_data_dpl_raised },
	{ "mmu/descriptor-refuses-system-segments-and-gates", descriptor_refuses_system_segments_and_gates },
	{ "mmu/descriptor-call-gate-rules", descriptor_call_gate_rules },
	{ "mmu/descriptor-not-present-and-type0-kept", descriptor_not_present_and_type0_kept },
	{ "mmu/update-descriptor-refusals", update_descriptor_refusals },
	{ "mmu/update-descriptor-on-live-gdt-page", update_descriptor_on_live_gdt_page },
	{ "mmu/set-gdt-types-frames-seg-desc", set_gdt_types_frames_seg_desc },
	{ "mmu/set-gdt-refusals", set_gdt_refusals },
};
const struct mmu_suite mmu_suite_desc = { cases, ARRAY_LEN(cases) };
