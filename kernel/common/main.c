/*
 * The hypervisor's start: console, Multiboot information, page tables,
 * frame table, descriptor tables, timer; then the boot-time domains, and the
 * scheduler.  The domains come from the boot manifest when module 0 is one
 * (boot_manifest.c), else one PV domain per module, the first being the
 * initial, privileged control domain; a later module whose arguments start
 * with "image-only" is kept only as an image for domctl createdomain.
 * A further module that cannot be built is reported and skipped; when the
 * initial domain cannot be built (or there is no module at all) the boot
 * ends with one line and EXIT_BAD_CONFIG, as a refused manifest does: a
 * user's wrong file never panics the hypervisor.
 * The free-frame count before any domain exists is kept: when the machine
 * halts, every frame must be back (domain.c).  Serial input goes to the
 * initial domain once the domains are built (console_input.c).
 */
#include "census.h"
#include "console.h"
#include "boot_manifest.h"
#include "domain_build.h"
#include "machine.h"
#include "mm.h"
#include "multiboot.h"
#include "svm.h"
#include "sched.h"
#include "time.h"
#include "umbra_version.h"
#include "../arch/x86_64/cpu.h"
#include "../arch/x86_64/desc.h"
#include "../arch/x86_64/lapic.h"
#include "../arch/x86_64/paging.h"

#define DEFAULT_DOMAIN_PAGES 2048       /* 8 MiB */

void bench_direct_pte_writes(void);

extern uint64_t frames_free_at_start;

noreturn void boot_refuse(const char *fmt, ...)
{
	char buf[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_err("%s: not booting", buf);
	machine_exit(EXIT_BAD_CONFIG);
}

/* "path/to/kernel.elf args..." -> name "kernel", guest command line "args..." */
static const char *split_module_cmdline(const char *cmd, char *name, size_t size)
{
	const char *end = cmd;
	while (*end && *end != ' ')
		end++;
	const char *base = end;
	while (base > cmd && base[-1] != '/')
		base--;
	size_t n = 0;
	while (base + n < end && base[n] != '.' && n + 1 < size) {
		name[n] = base[n];
		n++;
	}
	name[n] = 0;
	while (*end == ' ')
		end++;
	return end;
}

static void build_from_modules(void)
{
	for (unsigned i = 0; i < boot_info.nr_modules; i++) {
		const struct mb_module *m = &boot_info.modules[i];
		char name[32];
		const char *args = split_module_cmdline(m->cmdline, name, sizeof(name));
		if (i > 0 && strncmp(args, "image-only", 10) == 0 && (args[10] == 0 || args[10] == ' ')) {
			log_info("module %u (%s): kept as an image for domctl createdomain", i, name);
			continue;
		}
		struct pv_build_args a = {
			.name = name, .image = mfn_to_virt(m->start >> PAGE_SHIFT),
			.image_len = m->end - m->start, .nr_pages = DEFAULT_DOMAIN_PAGES,
			.cmdline = args, .initial = i == 0, .privileged = i == 0,
		};
		a.image = (const uint8_t *)a.image + (m->start & (PAGE_SIZE - 1));
		if (!domain_build_pv(&a) && i == 0)
			boot_refuse("the initial domain (module 0, %s) could not be built", name);
	}
}

static void build_boot_domains(void)
{
	if (!boot_info.nr_modules)
		boot_refuse("no boot modules: nothing to run (give at least the control domain's kernel)");
	const struct mb_module *m0 = &boot_info.modules[0];
	if (boot_manifest_present(mfn_to_virt(m0->start >> PAGE_SHIFT), m0->end - m0->start))
		build_from_manifest();
	else
		build_from_modules();
}

noreturn void hv_main(uint32_t magic, uint64_t mbi_phys)
{
	multiboot_parse(magic, mbi_phys);
	console_init(boot_info.cmdline);
	log_info("Umbra hypervisor starting (Xen %u.%u PV ABI); command line \"%s\"",
		 UMBRA_XEN_MAJOR, UMBRA_XEN_MINOR, boot_info.cmdline);
	census_init(boot_info.cmdline);
	paging_init(ram_end());
	frame_init();
	mm_env_init();
	desc_init();
	write_cr4(read_cr4() | (1u << 9) | (1u << 10));     /* OSFXSR, OSXMMEXCPT */
	lapic_init();
	time_init();
	svm_init();
	if (cmdline_has(boot_info.cmdline, "bench-direct"))
		bench_direct_pte_writes();
	frames_free_at_start = frames_free;
	build_boot_domains();
	console_input_init();
	schedule();
}
