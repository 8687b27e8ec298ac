/*
 * Host unit tests of the HVM parts that are portable C: the ASID allocator
 * (kernel/hvm/hvm_asid.c), whose flushes QEMU's TCG cannot show (it keeps
 * no stale guest translations: a missing flush passes every guest test),
 * and the emulated PIC and PIT (vpic.c, vpit.c).  One rule per case.
 */
#include <stdlib.h>
#include <string.h>
#include "hvm_asid.h"
#include "hvm_dev.h"
#include "unit_check.h"

/* ---- ASIDs ---- */

static void asid_first_vmrun_gets_1_without_flush(struct unit *u)
{
	struct hvm_asid_pool p;
	struct hvm_asid_vcpu v = { 0 };
	hvm_asid_init(&p, 16);
	UNIT_CHECK_EQ(u, hvm_asid_for_vmrun(&p, &v), 0);
	UNIT_CHECK_EQ(u, v.asid, 1);
}

static void asid_kept_while_generation_holds(struct unit *u)
{
	struct hvm_asid_pool p;
	struct hvm_asid_vcpu v = { 0 };
	hvm_asid_init(&p, 16);
	hvm_asid_for_vmrun(&p, &v);
	for (int i = 0; i < 100; i++) {
		UNIT_CHECK_EQ(u, hvm_asid_for_vmrun(&p, &v), 0);
		UNIT_CHECK_EQ(u, v.asid, 1);
	}
}

static void asid_distinct_per_vcpu(struct unit *u)
{
	struct hvm_asid_pool p;
	struct hvm_asid_vcpu v[15] = { 0 };
	hvm_asid_init(&p, 16);
	for (int i = 0; i < 15; i++)
		hvm_asid_for_vmrun(&p, &v[i]);
	for (int i = 0; i < 15; i++)
		for (int k = i + 1; k < 15; k++)
			UNIT_CHECK(u, v[i].asid != v[k].asid);
}

static void asid_flush_gives_a_never_used_asid(struct unit *u)
{
	struct hvm_asid_pool p;
	struct hvm_asid_vcpu a = { 0 }, b = { 0 };
	hvm_asid_init(&p, 16);
	hvm_asid_for_vmrun(&p, &a);
	hvm_asid_for_vmrun(&p, &b);
	uint32_t old = a.asid;
	hvm_asid_flush(&a);
	UNIT_CHECK_EQ(u, a.flushes, 1);
	UNIT_CHECK_EQ(u, hvm_asid_for_vmrun(&p, &a), 0);
	UNIT_CHECK(u, a.asid != old);
	UNIT_CHECK(u, a.asid != b.asid);
}

static void asid_exhaustion_flushes_everything(struct unit *u)
{
	struct hvm_asid_pool p;
	struct hvm_asid_vcpu v = { 0 };
	hvm_asid_init(&p, 4);                   /* ASIDs 1, 2, 3 */
	hvm_asid_for_vmrun(&p, &v);
	hvm_asid_flush(&v);
	hvm_asid_for_vmrun(&p, &v);
	hvm_asid_flush(&v);
	UNIT_CHECK_EQ(u, hvm_asid_for_vmrun(&p, &v), 0);
	UNIT_CHECK_EQ(u, v.asid, 3);
	hvm_asid_flush(&v);
	UNIT_CHECK_EQ(u, hvm_asid_for_vmrun(&p, &v), 1);       /* ASID 1 again: flush all */
	UNIT_CHECK_EQ(u, v.asid, 1);
	UNIT_CHECK_EQ(u, p.full_flushes, 1);
}

static void asid_new_generation_drops_every_vcpus_asid(struct unit *u)
{
	struct hvm_asid_pool p;
	struct hvm_asid_vcpu a = { 0 }, b = { 0 };
	hvm_asid_init(&p, 3);                   /* ASIDs 1, 2 */
	hvm_asid_for_vmrun(&p, &a);
	hvm_asid_for_vmrun(&p, &b);
	hvm_asid_flush(&a);
	UNIT_CHECK_EQ(u, hvm_asid_for_vmrun(&p, &a), 1);
	/* b's ASID 2 predates the flush: it must not run with it again. */
	UNIT_CHECK_EQ(u, hvm_asid_for_vmrun(&p, &b), 0);
	UNIT_CHECK(u, b.asid != a.asid);
}

static void asid_never_zero(struct unit *u)
{
	struct hvm_asid_pool p;
	struct hvm_asid_vcpu v = { 0 };
	hvm_asid_init(&p, 2);                   /* only ASID 1 */
	for (int i = 0; i < 50; i++) {
		hvm_asid_for_vmrun(&p, &v);
		UNIT_CHECK_EQ(u, v.asid, 1);
		hvm_asid_flush(&v);
	}
}

static void asid_release_forgets(struct unit *u)
{
	struct hvm_asid_pool p;
	struct hvm_asid_vcpu v = { 0 };
	hvm_asid_init(&p, 16);
	hvm_asid_for_vmrun(&p, &v);
	hvm_asid_release(&v);
	UNIT_CHECK_EQ(u, v.asid, 0);
	hvm_asid_for_vmrun(&p, &v);
	UNIT_CHECK_EQ(u, v.asid, 2);
}

/*
 * The invariant against a model, over random runs and flushes: an ASID is
 * used by a VMRUN only if no other vCPU used it since the last full flush,
 * and a vCPU that asked for a flush never runs on an ASID it used before
 * that flush without a full flush in between.
 */
static void asid_random_against_model(struct unit *u)
{
	enum { N = 9, ASIDS = 6, STEPS = 200000 };
	struct hvm_asid_pool p;
	struct hvm_asid_vcpu v[N];
	int owner[ASIDS];                       /* vCPU that used the ASID since the last full flush */
	bool stale[N][ASIDS];                   /* ASIDs v must not use again without a full flush */
	memset(v, 0, sizeof(v));
	memset(stale, 0, sizeof(stale));
	for (int a = 0; a < ASIDS; a++)
		owner[a] = -1;
	hvm_asid_init(&p, ASIDS);
	srand(13);
	for (int step = 0; step < STEPS; step++) {
		int i = rand() % N;
		if (rand() % 4 == 0) {
			hvm_asid_flush(&v[i]);
			if (v[i].asid && owner[v[i].asid] == i)         /* used since the last full flush */
				stale[i][v[i].asid] = true;
			continue;
		}
		unsigned tlb = hvm_asid_for_vmrun(&p, &v[i]);
		if (tlb == 1) {
			for (int a = 0; a < ASIDS; a++)
				owner[a] = -1;
			memset(stale, 0, sizeof(stale));
		}
		uint32_t a = v[i].asid;
		UNIT_CHECK(u, a >= 1 && a < ASIDS);
		UNIT_CHECK(u, owner[a] == -1 || owner[a] == i);
		UNIT_CHECK(u, !stale[i][a]);
		owner[a] = i;
	}
}

/* ---- the PIC ---- */

static void program(struct vpic *p, uint8_t base, uint8_t mask)
{
	memset(p, 0, sizeof(*p));
	vpic_write(p, 0x20, 0x11);
	vpic_write(p, 0x21, base);
	vpic_write(p, 0x21, 0x04);
	vpic_write(p, 0x21, 0x01);
	vpic_write(p, 0x21, mask);
}

static void pic_vector_from_icw2(struct unit *u)
{
	struct vpic p;
	program(&p, 0x20, 0x00);
	vpic_raise(&p, 3);
	UNIT_CHECK_EQ(u, vpic_pending_vector(&p), 0x23);
}

static void pic_masked_irq_waits(struct unit *u)
{
	struct vpic p;
	program(&p, 0x20, 0x01);
	vpic_raise(&p, 0);
	UNIT_CHECK_EQ(u, vpic_pending_vector(&p), -1);
	vpic_write(&p, 0x21, 0x00);
	UNIT_CHECK_EQ(u, vpic_pending_vector(&p), 0x20);
}

static void pic_in_service_blocks_lower_priority_until_eoi(struct unit *u)
{
	struct vpic p;
	program(&p, 0x20, 0x00);
	vpic_raise(&p, 1);
	vpic_ack(&p);
	vpic_raise(&p, 4);
	UNIT_CHECK_EQ(u, vpic_pending_vector(&p), -1);
	vpic_raise(&p, 0);
	UNIT_CHECK_EQ(u, vpic_pending_vector(&p), 0x20);       /* higher priority nests */
	vpic_write(&p, 0x20, 0x20);                             /* EOI: IRQ 1 */
	UNIT_CHECK_EQ(u, p.isr, 0);
}

static void pic_nothing_during_init(struct unit *u)
{
	struct vpic p;
	memset(&p, 0, sizeof(p));
	vpic_write(&p, 0x20, 0x11);
	vpic_raise(&p, 0);
	UNIT_CHECK_EQ(u, vpic_pending_vector(&p), -1);
}

/* ---- the PIT ---- */

static void pit_ticks_at_the_programmed_rate(struct unit *u)
{
	struct vpit t;
	struct vpic pic;
	memset(&t, 0, sizeof(t));
	program(&pic, 0x20, 0);
	vpit_write(&t, 3, 0x34, 0);
	vpit_write(&t, 0, 11932 & 0xFF, 0);
	vpit_write(&t, 0, 11932 >> 8, 0);
	uint64_t taken = 0;
	for (int64_t now = 0; now <= 1000000000; now += 1000000) {     /* 1 s in 1 ms steps */
		vpit_update(&t, &pic, now);
		if (vpic_pending_vector(&pic) >= 0) {
			vpic_ack(&pic);
			vpic_write(&pic, 0x20, 0x20);
			taken++;
		}
	}
	UNIT_CHECK(u, taken >= 99 && taken <= 100);
}

static void pit_no_tick_lost_while_irq_busy(struct unit *u)
{
	struct vpit t;
	struct vpic pic;
	memset(&t, 0, sizeof(t));
	program(&pic, 0x20, 0);
	vpit_write(&t, 3, 0x34, 0);
	vpit_write(&t, 0, 11932 & 0xFF, 0);
	vpit_write(&t, 0, 11932 >> 8, 0);
	vpit_update(&t, &pic, 205000000);       /* 20 ticks due at once (a descheduled guest) */
	uint64_t taken = 0;
	for (int i = 0; i < 50; i++) {
		if (vpic_pending_vector(&pic) >= 0) {
			vpic_ack(&pic);
			vpic_write(&pic, 0x20, 0x20);
			taken++;
		}
		vpit_update(&t, &pic, 205000000);
	}
	UNIT_CHECK_EQ(u, taken, 20);
}

static void pit_latch_reads_within_reload(struct unit *u)
{
	struct vpit t;
	memset(&t, 0, sizeof(t));
	vpit_write(&t, 3, 0x34, 0);
	vpit_write(&t, 0, 0x10, 0);
	vpit_write(&t, 0, 0x00, 0);             /* reload 16 */
	vpit_write(&t, 3, 0x00, 5000);          /* latch after 5 us: about 6 counts gone */
	unsigned c = vpit_read(&t, 0, 9999999);
	c |= (unsigned)vpit_read(&t, 0, 9999999) << 8;
	UNIT_CHECK(u, c >= 1 && c <= 16);
	UNIT_CHECK_EQ(u, c, 16 - 5000ull * 1193182 / 1000000000);
}

int main(void)
{
	static const struct unit_case cases[] = {
		{ "hvm/asid-first-vmrun-gets-1-without-flush", asid_first_vmrun_gets_1_without_flush },
		{ "hvm/asid-kept-while-generation-holds", asid_kept_while_generation_holds },
		{ "hvm/asid-distinct-per-vcpu", asid_distinct_per_vcpu },
		{ "hvm/asid-flush-gives-a-never-used-asid", asid_flush_gives_a_never_used_asid },
		{ "hvm/asid-exhaustion-flushes-everything", asid_exhaustion_flushes_everything },
		{ "hvm/asid-new-generation-drops-every-vcpus-asid", asid_new_generation_drops_every_vcpus_asid },
		{ "hvm/asid-never-zero", asid_never_zero },
		{ "hvm/asid-release-forgets", asid_release_forgets },
		{ "hvm/asid-random-against-model", asid_random_against_model },
		{ "hvm/pic-vector-from-icw2", pic_vector_from_icw2 },
		{ "hvm/pic-masked-irq-waits", pic_masked_irq_waits },
		{ "hvm/pic-in-service-blocks-lower-priority-until-eoi", pic_in_service_blocks_lower_priority_until_eoi },
		{ "hvm/pic-nothing-during-init", pic_nothing_during_init },
		{ "hvm/pit-ticks-at-the-programmed-rate", pit_ticks_at_the_programmed_rate },
		{ "hvm/pit-no-tick-lost-while-irq-busy", pit_no_tick_lost_while_irq_busy },
		{ "hvm/pit-latch-reads-within-reload", pit_latch_reads_within_reload },
	};
	return unit_run(cases, sizeof(cases) / sizeof(cases[0]), NULL, NULL) ? 1 : 0;
}
