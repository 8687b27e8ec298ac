/*
 * Host unit tests of the PV kernel image reader (dombuild/elf_xen.c,
 * elf_features.c) and the start-of-day layout (pv_layout.c), compiled here
 * exactly as the hypervisor and umbra-config compile them.
 *
 * Rule under test: an image is judged by Xen's libelf rules (FEATURES:
 * '!' marks a required name, unknown supported names are ignored, unknown
 * required ones refuse; SUPPORTED_FEATURES adds to the supported set and,
 * when present, must list dom0 for the control domain); a required feature
 * Umbra does not offer refuses the image with a reason naming it; and no
 * image, however damaged, makes the reader touch a byte outside it (ASan
 * watches every case, and the mutation case tries thousands of images).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_features.h"
#include "elf_image.h"
#include "elf_xen.h"
#include "pv_layout.h"
#include "public/elfnote.h"
#include "public/errno.h"
#include "public/version.h"
#include "unit_check.h"

#define BIT(f) (1u << XENFEAT_##f)

static struct img im;
static struct xen_elf_info info;

/* A standard image plus one FEATURES note (NULL: none). */
static void with_features(const char *features)
{
	img_begin(&im);
	img_standard_notes(&im);
	if (features)
		img_note_str(&im, XEN_ELFNOTE_FEATURES, features);
	img_end(&im);
}

static int parse(bool control)
{
	return elf_xen_parse(im.b, im.len, control, &info);
}

static bool says(const char *text)
{
	return strstr(info.why, text) != NULL;
}

#define CHECK_REFUSED(u, control, rc, text)                                          \
	do {                                                                         \
		UNIT_CHECK_EQ(u, parse(control), rc);                                \
		if (!says(text)) {                                                   \
			unit_fail(u, __FILE__, __LINE__, "reason \"%s\" lacks \"%s\"", \
				  info.why, text);                                   \
			return;                                                      \
		}                                                                    \
	} while (0)

static void standard_note_accepted(struct unit *u)
{
	with_features("!writable_page_tables|pae_pgdir_above_4gb");
	UNIT_CHECK_EQ(u, parse(true), 0);
	UNIT_CHECK_EQ(u, info.f_required, BIT(writable_page_tables));
	UNIT_CHECK_EQ(u, info.f_supported, BIT(writable_page_tables) | BIT(pae_pgdir_above_4gb));
	UNIT_CHECK_EQ(u, parse(false), 0);
	UNIT_CHECK_EQ(u, info.v_start, IMG_VIRT_BASE);
	UNIT_CHECK_EQ(u, info.v_end, IMG_VIRT_BASE + IMG_LOAD_SIZE);
	UNIT_CHECK_EQ(u, info.entry, IMG_VIRT_BASE);
}

static void no_features_note_accepted(struct unit *u)
{
	with_features(NULL);
	UNIT_CHECK_EQ(u, parse(false), 0);
	UNIT_CHECK_EQ(u, info.f_required, 0);
	UNIT_CHECK_EQ(u, info.f_supported, 0);
}

static void optional_features_never_refuse(struct unit *u)
{
	with_features("writable_descriptor_tables|auto_translated_physmap|supervisor_mode_kernel|"
		      "hvm_callback_vector|dom0|no_such_feature|||mmu_pt_update_preserve_ad");
	UNIT_CHECK_EQ(u, parse(false), 0);
	UNIT_CHECK_EQ(u, info.f_required, 0);
	/* Only libelf's names count: mmu_pt_update_preserve_ad is not one of them. */
	UNIT_CHECK_EQ(u, info.f_supported, BIT(writable_descriptor_tables) | BIT(auto_translated_physmap) |
		      BIT(supervisor_mode_kernel) | BIT(hvm_callback_vector) | BIT(dom0));
}

static void unknown_required_feature_refused(struct unit *u)
{
	with_features("pae_pgdir_above_4gb|!no_such_feature");
	CHECK_REFUSED(u, true, -XEN_EINVAL, "requires feature 'no_such_feature'");
	/* A name Xen's public header has but libelf does not read is unknown here too. */
	with_features("!gnttab_map_avail_bits");
	CHECK_REFUSED(u, false, -XEN_EINVAL, "'gnttab_map_avail_bits'");
	with_features("!");
	CHECK_REFUSED(u, false, -XEN_EINVAL, "requires feature ''");
}

static void required_feature_umbra_lacks_refused(struct unit *u)
{
	const char *lacking[] = { "writable_descriptor_tables", "auto_translated_physmap",
				  "supervisor_mode_kernel", "hvm_callback_vector" };
	char note[64], want[96];
	for (size_t i = 0; i < sizeof(lacking) / sizeof(lacking[0]); i++) {
		snprintf(note, sizeof(note), "!writable_page_tables|!%s", lacking[i]);
		snprintf(want, sizeof(want), "requires feature %s (FEATURES note), which Umbra does not offer",
			 lacking[i]);
		with_features(note);
		CHECK_REFUSED(u, true, -XEN_EINVAL, want);
		CHECK_REFUSED(u, false, -XEN_EINVAL, want);
	}
}

static void dom0_required_only_by_the_control_domain(struct unit *u)
{
	with_features("!dom0");
	UNIT_CHECK_EQ(u, parse(true), 0);
	CHECK_REFUSED(u, false, -XEN_EINVAL, "requires feature dom0 (FEATURES note), which only the control domain has");
}

static void supported_features_note(struct unit *u)
{
	uint32_t none = 0, dom0 = BIT(dom0), odd[2] = { BIT(dom0), 0 };

	/* Present without dom0: the control domain is refused, others do not care. */
	img_begin(&im);
	img_standard_notes(&im);
	img_note(&im, XEN_ELFNOTE_SUPPORTED_FEATURES, &none, 4);
	img_end(&im);
	CHECK_REFUSED(u, true, -XEN_EINVAL, "does not support running as the control domain");
	UNIT_CHECK_EQ(u, parse(false), 0);
	UNIT_CHECK(u, info.has_supported_features);

	/* dom0 in the bitmap, or named (even without '!') in FEATURES, is enough. */
	img_begin(&im);
	img_standard_notes(&im);
	img_note(&im, XEN_ELFNOTE_SUPPORTED_FEATURES, &dom0, 4);
	img_end(&im);
	UNIT_CHECK_EQ(u, parse(true), 0);
	UNIT_CHECK_EQ(u, info.f_supported, BIT(dom0));
	img_begin(&im);
	img_standard_notes(&im);
	img_note(&im, XEN_ELFNOTE_SUPPORTED_FEATURES, &none, 4);
	img_note_str(&im, XEN_ELFNOTE_FEATURES, "dom0");
	img_end(&im);
	UNIT_CHECK_EQ(u, parse(true), 0);

	/* A size that is not a whole number of 32-bit words adds nothing, as in Xen. */
	img_begin(&im);
	img_standard_notes(&im);
	img_note(&im, XEN_ELFNOTE_SUPPORTED_FEATURES, odd, 6);
	img_end(&im);
	CHECK_REFUSED(u, true, -XEN_EINVAL, "lacks dom0");
	/* Two words: the first is submap 0. */
	img_begin(&im);
	img_standard_notes(&im);
	img_note(&im, XEN_ELFNOTE_SUPPORTED_FEATURES, odd, 8);
	img_end(&im);
	UNIT_CHECK_EQ(u, parse(true), 0);
}

static void features_notes_accumulate(struct unit *u)
{
	img_begin(&im);
	img_standard_notes(&im);
	img_note_str(&im, XEN_ELFNOTE_FEATURES, "!writable_page_tables");
	img_note_str(&im, XEN_ELFNOTE_FEATURES, "pae_pgdir_above_4gb");
	img_end(&im);
	UNIT_CHECK_EQ(u, parse(false), 0);
	UNIT_CHECK_EQ(u, info.f_required, BIT(writable_page_tables));
	UNIT_CHECK_EQ(u, info.f_supported, BIT(writable_page_tables) | BIT(pae_pgdir_above_4gb));

	img_begin(&im);
	img_standard_notes(&im);
	img_note_str(&im, XEN_ELFNOTE_FEATURES, "pae_pgdir_above_4gb");
	img_note_str(&im, XEN_ELFNOTE_FEATURES, "!hvm_callback_vector");
	img_end(&im);
	CHECK_REFUSED(u, false, -XEN_EINVAL, "requires feature hvm_callback_vector");
}

static void token_split_after_63_characters(struct unit *u)
{
	/* Xen reads a token into 64 bytes: the 64th character starts the next token. */
	char note[128];
	memset(note, 'x', 63);
	strcpy(note + 63, "!writable_descriptor_tables");
	with_features(note);
	CHECK_REFUSED(u, false, -XEN_EINVAL, "requires feature writable_descriptor_tables");
	memset(note, 'x', 62);
	strcpy(note + 62, "!writable_descriptor_tables");
	with_features(note);
	UNIT_CHECK_EQ(u, parse(false), 0);
	/* A 63-character token ending at '|': the separator is still consumed. */
	memset(note, 'x', 63);
	strcpy(note + 63, "|!dom0");
	with_features(note);
	CHECK_REFUSED(u, false, -XEN_EINVAL, "requires feature dom0");
}

static void features_string_bounded_by_note(struct unit *u)
{
	/* No NUL in the descriptor: the parse stops at its end, not in the next note. */
	img_begin(&im);
	img_standard_notes(&im);
	img_note(&im, XEN_ELFNOTE_FEATURES, "pae_pgdir_above_4gb", 19);
	img_note_str(&im, XEN_ELFNOTE_GUEST_OS, "!dom0");
	img_end(&im);
	UNIT_CHECK_EQ(u, parse(false), 0);
	UNIT_CHECK_EQ(u, info.f_supported, BIT(pae_pgdir_above_4gb));
	char unknown[4] = "zz";
	uint32_t sup = 0, req = 0;
	UNIT_CHECK_EQ(u, elf_features_parse("!a_much_longer_name", 19, &sup, &req, unknown, sizeof(unknown)), -1);
	UNIT_CHECK(u, !strcmp(unknown, "a_m"));
}

static void offered_table(struct unit *u)
{
	UNIT_CHECK_EQ(u, elf_features_offered(false), BIT(writable_page_tables) | BIT(pae_pgdir_above_4gb));
	UNIT_CHECK_EQ(u, elf_features_offered(true),
		      BIT(writable_page_tables) | BIT(pae_pgdir_above_4gb) | BIT(dom0));
	UNIT_CHECK(u, !strcmp(elf_feature_name(XENFEAT_hvm_callback_vector), "hvm_callback_vector"));
	UNIT_CHECK(u, elf_feature_name(XENFEAT_mmu_pt_update_preserve_ad) == NULL);
}

static void not_a_kernel(struct unit *u)
{
	with_features(NULL);
	memcpy(im.b, "text", 4);
	CHECK_REFUSED(u, false, -XEN_ENOEXEC, "is not an ELF file");
	with_features(NULL);
	im.b[4] = 1;
	CHECK_REFUSED(u, false, -XEN_ENOEXEC, "is a 32-bit ELF file");
	with_features(NULL);
	img_put16(&im, EH_MACHINE, 183);
	CHECK_REFUSED(u, false, -XEN_ENOEXEC, "is not an x86-64 ELF file");
	with_features(NULL);
	img_put16(&im, EH_TYPE, 3);
	CHECK_REFUSED(u, false, -XEN_ENOEXEC, "is not an ELF executable");
	with_features(NULL);
	UNIT_CHECK_EQ(u, elf_xen_parse(im.b, 40, false, &info), -XEN_ENOEXEC);
	UNIT_CHECK(u, says("truncated"));
	UNIT_CHECK_EQ(u, elf_xen_parse(im.b, 0, false, &info), -XEN_ENOEXEC);
}

static void notes_found_as_xen_finds_them(struct unit *u)
{
	/* No Xen note at all (only another owner's): not a Xen kernel. */
	img_begin(&im);
	img_note_named(&im, "GNU", 4, 1, "abcd", 4);
	img_end(&im);
	CHECK_REFUSED(u, false, -XEN_EINVAL, "has no Xen ELF notes");
	/* A PT_NOTE at file offset 0 is skipped, as Xen skips it. */
	with_features(NULL);
	img_put64(&im, PH1 + PH_OFFSET, 0);
	CHECK_REFUSED(u, false, -XEN_EINVAL, "has no Xen ELF notes");
	/* LOADER and XEN_VERSION are required; GUEST_OS "linux" stands in for LOADER. */
	img_begin(&im);
	img_note_str(&im, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	img_end(&im);
	CHECK_REFUSED(u, false, -XEN_EINVAL, "LOADER");
	img_begin(&im);
	img_note_str(&im, XEN_ELFNOTE_GUEST_OS, "linux");
	img_note_str(&im, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	img_end(&im);
	img_put64(&im, EH_ENTRY, 0);    /* no VIRT_BASE: the image starts at 0 */
	UNIT_CHECK_EQ(u, parse(false), 0);
	UNIT_CHECK_EQ(u, info.v_start, 0);
	img_begin(&im);
	img_note_str(&im, XEN_ELFNOTE_LOADER, "generic");
	img_note_str(&im, XEN_ELFNOTE_XEN_VERSION, "xen-2.0");
	img_end(&im);
	CHECK_REFUSED(u, false, -XEN_EINVAL, "XEN_VERSION");
	/* A note cut off by the end of its segment. */
	with_features(NULL);
	img_put64(&im, PH1 + PH_FILESZ, 20);
	CHECK_REFUSED(u, false, -XEN_EINVAL, "truncated ELF note");
	/* A note segment beyond the file. */
	with_features(NULL);
	img_put64(&im, PH1 + PH_OFFSET, 0xfffffffffffff000ull);
	CHECK_REFUSED(u, false, -XEN_EINVAL, "note area outside the file");
}

static void numeric_notes_read_as_xen_reads_them(struct unit *u)
{
	/* One-byte ENTRY: entry = 0x10, inside [0, size) when VIRT_BASE is 0. */
	uint8_t one = 0x10, three[3] = { 1, 2, 3 };
	img_begin(&im);
	img_note_str(&im, XEN_ELFNOTE_LOADER, "generic");
	img_note_str(&im, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	img_note(&im, XEN_ELFNOTE_ENTRY, &one, 1);
	img_end(&im);
	UNIT_CHECK_EQ(u, parse(false), 0);
	UNIT_CHECK_EQ(u, info.entry, 0x10);
	/* Three bytes read as 0: the entry is 0 then, still inside that image. */
	img_begin(&im);
	img_note_str(&im, XEN_ELFNOTE_LOADER, "generic");
	img_note_str(&im, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	img_note(&im, XEN_ELFNOTE_ENTRY, three, 3);
	img_end(&im);
	UNIT_CHECK_EQ(u, parse(false), 0);
	UNIT_CHECK_EQ(u, info.entry, 0);
}

static void addresses_checked(struct unit *u)
{
	/* The entry may be the image's end (Xen's bound), not beyond. */
	with_features(NULL);
	img_put64(&im, EH_ENTRY, IMG_VIRT_BASE + IMG_LOAD_SIZE);
	UNIT_CHECK_EQ(u, parse(false), 0);
	img_put64(&im, EH_ENTRY, IMG_VIRT_BASE + IMG_LOAD_SIZE + 1);
	CHECK_REFUSED(u, false, -XEN_EINVAL, "entry point outside the image");
	/* PADDR_OFFSET needs VIRT_BASE. */
	img_begin(&im);
	img_note_str(&im, XEN_ELFNOTE_LOADER, "generic");
	img_note_str(&im, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	img_note_u64(&im, XEN_ELFNOTE_PADDR_OFFSET, 0);
	img_end(&im);
	CHECK_REFUSED(u, false, -XEN_EINVAL, "PADDR_OFFSET note without VIRT_BASE");
	/* An image placed in the hypervisor's hole. */
	img_begin(&im);
	img_note_str(&im, XEN_ELFNOTE_LOADER, "generic");
	img_note_str(&im, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	img_note_u64(&im, XEN_ELFNOTE_VIRT_BASE, 0xffff800000000000ull);
	img_end(&im);
	img_put64(&im, EH_ENTRY, 0xffff800000000000ull);
	CHECK_REFUSED(u, false, -XEN_EINVAL, "overlap the hypervisor");
	/* INIT_P2M inside the image. */
	img_begin(&im);
	img_standard_notes(&im);
	img_note_u64(&im, XEN_ELFNOTE_INIT_P2M, IMG_VIRT_BASE + 0x1000);
	img_end(&im);
	CHECK_REFUSED(u, false, -XEN_EINVAL, "INIT_P2M");
	/* Hypercall page: a page of the image, page aligned. */
	uint64_t pages[] = { IMG_VIRT_BASE + 0x2000, IMG_VIRT_BASE + 0x2800, IMG_VIRT_BASE + IMG_LOAD_SIZE,
			     IMG_VIRT_BASE - 0x1000 };
	for (int i = 0; i < 4; i++) {
		img_begin(&im);
		img_standard_notes(&im);
		img_note_u64(&im, XEN_ELFNOTE_HYPERCALL_PAGE, pages[i]);
		img_end(&im);
		if (i == 0) {
			UNIT_CHECK_EQ(u, parse(false), 0);
			UNIT_CHECK_EQ(u, info.hypercall_page, pages[0]);
		} else {
			CHECK_REFUSED(u, false, -XEN_EINVAL, "hypercall page");
		}
	}
	/* Segments: outside the file, filesz > memsz, none loadable. */
	with_features(NULL);
	img_put64(&im, PH0 + PH_FILESZ, IMG_LOAD_SIZE + 1);
	CHECK_REFUSED(u, false, -XEN_EINVAL, "PT_LOAD segment");
	with_features(NULL);
	img_put32(&im, PH0, 6);
	CHECK_REFUSED(u, false, -XEN_EINVAL, "no loadable segments");
	with_features(NULL);
	img_put16(&im, EH_PHNUM, 400);
	CHECK_REFUSED(u, false, -XEN_EINVAL, "program headers");
}

/* Thousands of damaged images: each is refused or accepted, never read out of bounds. */
static void mutated_images_stay_in_bounds(struct unit *u)
{
	srand(12345);
	unsigned accepted = 0, refused = 0;
	for (int round = 0; round < 20000; round++) {
		with_features("!writable_page_tables|pae_pgdir_above_4gb");
		size_t len = im.len;
		int flips = 1 + rand() % 8;
		for (int k = 0; k < flips; k++) {
			size_t at = (size_t)rand() % (im.notes_start + 0x100);
			im.b[at] = (uint8_t)rand();
		}
		if (rand() % 4 == 0)
			len = (size_t)rand() % len;
		uint8_t *copy = malloc(len ? len : 1);
		memcpy(copy, im.b, len);
		int rc = elf_xen_parse(copy, len, rand() % 2, &info);
		UNIT_CHECK(u, rc == 0 || rc == -XEN_EINVAL || rc == -XEN_ENOEXEC);
		UNIT_CHECK(u, rc == 0 || info.why[0]);
		if (rc == 0) {
			UNIT_CHECK(u, info.v_start <= info.entry && info.entry <= info.v_end);
			accepted++;
		} else {
			refused++;
		}
		free(copy);
	}
	UNIT_CHECK(u, accepted > 100 && refused > 100);
}

static void layout_minimum_and_maximum(struct unit *u)
{
	struct pv_layout l;
	uint64_t base = IMG_VIRT_BASE, end = IMG_VIRT_BASE + 0x40000;
	for (int initial = 0; initial < 2; initial++) {
		uint64_t min = pv_layout_min_pages(base, end, 0, initial);
		UNIT_CHECK_EQ(u, pv_layout_compute(&l, base, end, 0, min, initial), 0);
		UNIT_CHECK_EQ(u, pv_layout_compute(&l, base, end, 0, min - 1, initial), -XEN_ENOMEM);
		UNIT_CHECK_EQ(u, min, 1024);    /* today's 4 MiB for a small kernel */
	}
	/* A kernel near 4 MiB pushes the layout to the next 4 MiB. */
	uint64_t big = pv_layout_min_pages(base, base + (4ull << 20) - 0x1000, 0, false);
	UNIT_CHECK_EQ(u, big, 2048);
	UNIT_CHECK_EQ(u, pv_layout_compute(&l, base, base + (4ull << 20) - 0x1000, 0, big, false), 0);
	UNIT_CHECK_EQ(u, pv_layout_compute(&l, base, end, 0, PV_LAYOUT_MAX_PAGES, false), 0);
	UNIT_CHECK_EQ(u, pv_layout_compute(&l, base, end, 0, PV_LAYOUT_MAX_PAGES + 1, false), -XEN_E2BIG);
	/* A module (initial ramdisk) follows the image and moves everything after it. */
	uint64_t with = pv_layout_min_pages(base, end, 5 << 20, false);
	UNIT_CHECK_EQ(u, with, 2048);   /* 256 KiB + 5 MiB + the rest: the next 4 MiB boundary */
	UNIT_CHECK_EQ(u, pv_layout_compute(&l, base, end, 5 << 20, with, false), 0);
	UNIT_CHECK_EQ(u, pv_layout_compute(&l, base, end, 5 << 20, with - 1, false), -XEN_ENOMEM);
	UNIT_CHECK_EQ(u, l.module_pfn, 0x40);
	UNIT_CHECK_EQ(u, l.module_pages, 1280);
	UNIT_CHECK_EQ(u, l.p2m_pfn, 0x40 + 1280);
	UNIT_CHECK_EQ(u, pv_layout_compute(&l, base, end, (PV_LAYOUT_MAX_PAGES << 12) + 1, PV_LAYOUT_MAX_PAGES,
					   false), -XEN_E2BIG);
}

#define CASE(fn) { "elf/" #fn, fn }

int main(void)
{
	static const struct unit_case cases[] = {
		CASE(standard_note_accepted),
		CASE(no_features_note_accepted),
		CASE(optional_features_never_refuse),
		CASE(unknown_required_feature_refused),
		CASE(required_feature_umbra_lacks_refused),
		CASE(dom0_required_only_by_the_control_domain),
		CASE(supported_features_note),
		CASE(features_notes_accumulate),
		CASE(token_split_after_63_characters),
		CASE(features_string_bounded_by_note),
		CASE(offered_table),
		CASE(not_a_kernel),
		CASE(notes_found_as_xen_finds_them),
		CASE(numeric_notes_read_as_xen_reads_them),
		CASE(addresses_checked),
		CASE(mutated_images_stay_in_bounds),
		CASE(layout_minimum_and_maximum),
	};
	return unit_run(cases, sizeof(cases) / sizeof(cases[0]), NULL, NULL) ? 1 : 0;
}
