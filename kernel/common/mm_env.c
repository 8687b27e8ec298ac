/*
 * The pv-mmu model's environment in the hypervisor: how the portable model
 * reaches frame contents (the direct map), domains, TLB flushes and the free
 * list.  Every flush the model asks for is carried out here and counted per
 * kind (tlb_flush_counts), so tests and benchmarks can see them: under TCG a
 * missing flush is invisible, a counted one is not.
 *
 * One physical CPU: "all CPUs running the domain" is this CPU.  Flushes of
 * the local TLB reload CR3 and toggle CR4.PGE, so global entries go too.
 * Whether the CPU is affected by L1TF is read from CPUID (and, where it
 * exists, IA32_ARCH_CAPABILITIES) and decided by the model's rule
 * (mmu_cpu_l1tf_vulnerable); then a non-present entry must not hold an
 * address below the top of RAM.  A frame outside RAM is mappable only inside
 * the domain's I/O memory ranges (iocap.c), and never if the hypervisor
 * drives it itself (LAPIC, I/O APIC, HPET, the ECAM window).
 */
#include "census.h"
#include "console.h"
#include "domain.h"
#include "guest_access.h"
#include "mm.h"
#include "../arch/x86_64/cpu.h"
#include "../arch/x86_64/paging.h"

struct mmu_env mmu_env;
uint64_t tlb_flush_counts[MMU_FLUSH_CACHE + 1];

static struct mmu_domain *env_get_domain(struct mmu_env *env, domid_t id)
{
	(void)env;
	struct domain *d = domain_by_id(id);
	return d ? &d->mmu : NULL;
}

/* I/O memory (outside RAM) a domain may map: inside its I/O memory ranges. */
static bool env_iomem_allowed(struct mmu_env *env, struct mmu_domain *md, uint64_t mfn)
{
	(void)env;
	const struct domain *d = (const struct domain *)((const char *)md - offsetof(struct domain, mmu));
	return !iocap_hypervisor_frame(mfn) && iocap_frame_ok(d, mfn);
}

static void flush_local_all(void)
{
	uint64_t cr4 = read_cr4();
	write_cr4(cr4 & ~CR4_PGE);
	write_cr4(cr4);
	write_cr3(read_cr3());
}

static void env_flush(struct mmu_env *env, struct mmu_domain *d, enum mmu_flush_kind kind, uint64_t va)
{
	(void)env, (void)d;
	tlb_flush_counts[kind]++;
	if (census_on && current)
		census_trap(current->domain, CENSUS_FLUSH, kind);
	switch (kind) {
	case MMU_FLUSH_INVLPG_LOCAL:
	case MMU_FLUSH_INVLPG_DOMAIN:
		invlpg(va);
		break;
	case MMU_FLUSH_CACHE:
		__asm__ volatile("wbinvd" ::: "memory");
		break;
	default:
		flush_local_all();
	}
}

static void env_frame_released(struct mmu_env *env, uint64_t mfn, domid_t last_owner)
{
	(void)env;
	frame_released(mfn, last_owner);
}

static int env_copy_from_guest(struct mmu_env *env, void *dst, uint64_t va, size_t n)
{
	(void)env;
	return copy_from_guest(dst, va, n) ? -XEN_EFAULT : 0;
}

static void env_bug(struct mmu_env *env, const char *what, uint64_t mfn)
{
	(void)env;
	panic("pv-mmu: %s (frame %lx)", what, mfn);
}

#define MSR_ARCH_CAPABILITIES 0x10a
#define ARCH_CAPS_RDCL_NO     (1ull << 0)

/* The CPUID facts behind the L1TF decision. */
static struct mmu_cpu_id cpu_id_for_l1tf(void)
{
	uint32_t r[4], max_leaf;
	struct mmu_cpu_id id = { 0 };

	cpuid(0, 0, r);
	max_leaf = r[0];
	id.intel = r[1] == 0x756e6547 && r[3] == 0x49656e69 && r[2] == 0x6c65746e;  /* GenuineIntel */
	cpuid(1, 0, r);
	id.family = (r[0] >> 8) & 0xf;
	id.model = (r[0] >> 4) & 0xf;
	if (id.family == 0xf)
		id.family += (r[0] >> 20) & 0xff;
	if (id.family == 6 || id.family >= 0xf)
		id.model |= ((r[0] >> 16) & 0xf) << 4;
	if (max_leaf >= 7) {
		cpuid(7, 0, r);
		if (r[3] & (1u << 29))
			id.rdcl_no = rdmsr(MSR_ARCH_CAPABILITIES) & ARCH_CAPS_RDCL_NO;
	}
	return id;
}

void mm_env_init(void)
{
	struct mmu_cpu_id cpu = cpu_id_for_l1tf();
	bool l1tf = mmu_cpu_l1tf_vulnerable(&cpu);

	mmu_env = (struct mmu_env){
		.frames = frame_table, .nr_frames = max_mfn,
		.frame_mem = (uint64_t *)DIRECTMAP_BASE, .get_domain = env_get_domain, .flush = env_flush,
		.iomem_allowed = env_iomem_allowed,
		.frame_released = env_frame_released, .copy_from_guest = env_copy_from_guest,
		.bug = env_bug, .m2p = m2p_rw, .m2p_entries = max_mfn,
		.cpu_has_nx = pte_nx_mask != 0,
		.cpu_l1tf_vulnerable = l1tf, .l1tf_safe_maddr = max_mfn << PAGE_SHIFT,
	};
	log_info("L1TF: %s CPU family %u model 0x%x%s: %s", cpu.intel ? "Intel" : "non-Intel", cpu.family,
		 cpu.model, cpu.rdcl_no ? " with RDCL_NO" : "",
		 l1tf ? "affected, non-present entries are checked" : "not affected");
	memcpy(mmu_env.xen_l4, hv_l4_slots, sizeof(mmu_env.xen_l4));
}
