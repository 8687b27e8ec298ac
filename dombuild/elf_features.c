/*
 * FEATURES note parsing and the features Umbra offers (elf_features.h).
 *
 * The parse follows Xen's libelf token for token: a token ends at '|'
 * (which it consumes), at the end of the string, or after 63 characters
 * (the next character then starts a new token without a separator); a
 * token starting with '!' is required and names the rest; names are
 * compared whole.  Empty tokens name nothing and are skipped.
 *
 * The offer table is the one place that says which required features a
 * kernel may ask for and still be built.  A required feature Umbra lacks
 * refuses the domain (Xen 4.17's PV builder builds it anyway, except that
 * a control domain requiring supervisor_mode_kernel panics Xen; Umbra
 * refuses with a line naming the feature instead, so the guest does not
 * fail later on a promise nobody kept).
 */
#include "elf_features.h"
#include "public/version.h"

#define TOKEN_MAX 63            /* Xen reads a token into a 64-byte buffer */

enum offer {
	OFFER_NONE,             /* Umbra lacks it: a kernel requiring it is refused */
	OFFER_ALL,              /* every PV domain */
	OFFER_CONTROL,          /* the control domain only */
	/*
	 * Writable page tables: Xen emulates a PV kernel's stores to its own
	 * L1 page tables (ptwr) for every 64-bit PV guest that enables
	 * VMASST_TYPE_writable_pagetables, as Linux does at boot (and for its
	 * hardware domain without it), so the
	 * standard "!writable_page_tables|pae_pgdir_above_4gb" note is always
	 * accepted there.  Umbra emulates them the same way (pv-mmu/mmu_ptwr.c,
	 * docs/pv-mmu.md); this is the one entry that rests on that emulation.
	 */
	OFFER_PTWR_EMULATION,
};

static const struct {
	const char *name;
	unsigned bit;
	enum offer offer;
} feature_table[] = {
	{ "writable_page_tables",       XENFEAT_writable_page_tables,       OFFER_PTWR_EMULATION },
	{ "writable_descriptor_tables", XENFEAT_writable_descriptor_tables, OFFER_NONE },
	{ "auto_translated_physmap",    XENFEAT_auto_translated_physmap,    OFFER_NONE },
	{ "supervisor_mode_kernel",     XENFEAT_supervisor_mode_kernel,     OFFER_NONE },
	/* Page directories above 4 GiB: a 32-bit PAE matter, true of every 64-bit guest. */
	{ "pae_pgdir_above_4gb",        XENFEAT_pae_pgdir_above_4gb,        OFFER_ALL },
	{ "hvm_callback_vector",        XENFEAT_hvm_callback_vector,        OFFER_NONE },
	{ "dom0",                       XENFEAT_dom0,                       OFFER_CONTROL },
};

#define NR_FEATURES (sizeof(feature_table) / sizeof(feature_table[0]))

static bool same_name(const char *tok, size_t n, const char *name)
{
	size_t i = 0;
	while (i < n && name[i] && tok[i] == name[i])
		i++;
	return i == n && !name[i];
}

int elf_features_parse(const char *s, size_t len, uint32_t *supported, uint32_t *required,
		       char *unknown, size_t size)
{
	size_t pos = 0;
	while (pos < len && s[pos]) {
		const char *tok = s + pos;
		size_t n = 0;
		while (n < TOKEN_MAX && pos + n < len && tok[n] && tok[n] != '|')
			n++;
		pos += n + (pos + n < len && tok[n] == '|');
		bool must = n && tok[0] == '!';
		const char *name = tok + must;
		size_t name_len = n - must;
		unsigned i = 0;
		while (i < NR_FEATURES && !same_name(name, name_len, feature_table[i].name))
			i++;
		if (i < NR_FEATURES) {
			*supported |= 1u << feature_table[i].bit;
			if (must)
				*required |= 1u << feature_table[i].bit;
		} else if (must) {
			size_t k = 0;
			for (; size && k + 1 < size && k < name_len; k++)
				unknown[k] = name[k];
			if (size)
				unknown[k] = 0;
			return -1;
		}
	}
	return 0;
}

const char *elf_feature_name(unsigned bit)
{
	for (unsigned i = 0; i < NR_FEATURES; i++)
		if (feature_table[i].bit == bit)
			return feature_table[i].name;
	return NULL;
}

uint32_t elf_features_offered(bool control)
{
	uint32_t offered = 0;
	for (unsigned i = 0; i < NR_FEATURES; i++) {
		enum offer o = feature_table[i].offer;
		if (o == OFFER_ALL || o == OFFER_PTWR_EMULATION || (o == OFFER_CONTROL && control))
			offered |= 1u << feature_table[i].bit;
	}
	return offered;
}
