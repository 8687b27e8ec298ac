/*
 * Compiling a checked description into the boot manifest.
 *
 * The writer is the inverse of manifest.c and must produce exactly what
 * manifest_open() accepts: domains in boot order (the control domain,
 * then driver domains, then guests, each group in document order), each
 * domain's items contiguous and in the same order as the domains,
 * back-ends as indices in that order, kernels as 1-based module numbers
 * (a kernel file shared by several domains is one module), and a string
 * table that starts with "" and ends with a NUL.  Equal strings are
 * stored once.  The output depends only on the description and the
 * resolved paths, so compiling twice gives identical bytes.
 *
 * manifest_build() is only called on a description without errors; it
 * relies on that (every back-end resolves, every path is absolute).
 */
#include "desc.h"

#include <stdlib.h>
#include <string.h>

struct strtab {
	char *buf;
	size_t len, cap;
};

struct writer {
	const struct desc_system *s;
	size_t *order;          /* manifest index -> description index */
	size_t *index;          /* description index -> manifest index */
	const char **modules;
	uint32_t nmodules;
	struct strtab str;
	uint8_t *out;
	uint32_t at[MANIFEST_TABLES];   /* next free byte of each table */
};

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		out_of_memory();
	return p;
}

static void put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, v); put16(p + 2, v >> 16); }
static void put64(uint8_t *p, uint64_t v) { put32(p, (uint32_t)v); put32(p + 4, (uint32_t)(v >> 32)); }

/* The offset of s in the string table, adding it if it is new. */
static uint32_t str(struct strtab *t, const char *s)
{
	size_t n = strlen(s) + 1;

	for (size_t off = 0; off < t->len; off += strlen(t->buf + off) + 1)
		if (!strcmp(t->buf + off, s))
			return (uint32_t)off;
	if (t->len + n > t->cap) {
		t->cap = 2 * (t->len + n);
		t->buf = realloc(t->buf, t->cap);
		if (!t->buf)
			out_of_memory();
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	return (uint32_t)(t->len - n);
}

static void plan_order(struct writer *w)
{
	const struct desc_system *s = w->s;
	size_t k = 0;

	for (int role = MANIFEST_ROLE_CONTROL; role <= MANIFEST_ROLE_GUEST; role++)
		for (size_t i = 0; i < s->ndomains; i++)
			if (s->domains[i].role == role) {
				w->index[i] = k;
				w->order[k++] = i;
			}
}

static uint32_t module_of(struct writer *w, const char *path)
{
	for (uint32_t m = 0; m < w->nmodules; m++)
		if (!strcmp(w->modules[m], path))
			return m + 1;
	w->modules[w->nmodules++] = path;
	return w->nmodules;
}

/* Reserve one record in table t; returns where to write it. */
static uint8_t *next(struct writer *w, enum manifest_table t, uint32_t size)
{
	uint8_t *p = w->out + w->at[t];

	w->at[t] += size;
	return p;
}

static uint32_t backend(struct writer *w, const struct desc_backend *b)
{
	return (uint32_t)w->index[desc_backend(w->s, b) - w->s->domains];
}

static void put_span(uint8_t *p, uint32_t first, size_t count)
{
	put32(p, first);
	put32(p + 4, (uint32_t)count);
}

static void write_items(struct writer *w, const struct desc_domain *dom, uint8_t *rec, uint32_t first[])
{
	uint8_t *p;

	put_span(rec + MANIFEST_D_ITEMS + 0, first[0], dom->ndisks);
	put_span(rec + MANIFEST_D_ITEMS + 8, first[1], dom->nnics);
	put_span(rec + MANIFEST_D_ITEMS + 16, first[2], dom->npcis);
	put_span(rec + MANIFEST_D_ITEMS + 24, first[3], dom->nioports);
	put_span(rec + MANIFEST_D_ITEMS + 32, first[4], dom->nirqs);
	for (size_t k = 0; k < dom->ndisks; k++) {
		p = next(w, MANIFEST_T_DISKS, MANIFEST_DISK_SIZE);
		put32(p + MANIFEST_DISK_BACKEND, backend(w, &dom->disks[k].backend));
		put32(p + MANIFEST_DISK_SOURCE, str(&w->str, dom->disks[k].image_path));
		put32(p + MANIFEST_DISK_TARGET, str(&w->str, dom->disks[k].target));
		put32(p + MANIFEST_DISK_FLAGS, dom->disks[k].readonly ? MANIFEST_DISK_READONLY : 0);
	}
	for (size_t k = 0; k < dom->nnics; k++) {
		p = next(w, MANIFEST_T_NICS, MANIFEST_NIC_SIZE);
		put32(p + MANIFEST_NIC_BACKEND, backend(w, &dom->nics[k].backend));
		memcpy(p + MANIFEST_NIC_MAC, dom->nics[k].mac, 6);
		put16(p + MANIFEST_NIC_FWD_HOST_PORT, dom->nics[k].fwd_host_port);
		put16(p + MANIFEST_NIC_FWD_GUEST_PORT, dom->nics[k].fwd_guest_port);
	}
	for (size_t k = 0; k < dom->npcis; k++) {
		const struct manifest_pci *a = &dom->pcis[k].addr;
		p = next(w, MANIFEST_T_PCIS, MANIFEST_PCI_SIZE);
		put16(p + MANIFEST_PCI_SEGMENT, a->segment);
		p[MANIFEST_PCI_BUS] = a->bus;
		p[MANIFEST_PCI_DEVFN] = (uint8_t)(a->dev << 3 | a->fn);
	}
	for (size_t k = 0; k < dom->nioports; k++) {
		p = next(w, MANIFEST_T_IOPORTS, MANIFEST_IOPORT_SIZE);
		put16(p + MANIFEST_IOPORT_FIRST, dom->ioports[k].first);
		put16(p + MANIFEST_IOPORT_LAST, dom->ioports[k].last);
	}
	for (size_t k = 0; k < dom->nirqs; k++)
		put32(next(w, MANIFEST_T_IRQS, MANIFEST_IRQ_SIZE), dom->irqs[k].irq);
	first[0] += (uint32_t)dom->ndisks;
	first[1] += (uint32_t)dom->nnics;
	first[2] += (uint32_t)dom->npcis;
	first[3] += (uint32_t)dom->nioports;
	first[4] += (uint32_t)dom->nirqs;
}

static void write_domain(struct writer *w, const struct desc_domain *dom, uint32_t first[])
{
	uint8_t *p = next(w, MANIFEST_T_DOMAINS, MANIFEST_DOMAIN_SIZE);

	put32(p + MANIFEST_D_NAME, str(&w->str, dom->name));
	p[MANIFEST_D_ROLE] = (uint8_t)dom->role;
	p[MANIFEST_D_TYPE] = (uint8_t)dom->type;
	p[MANIFEST_D_PAGING] = (uint8_t)dom->paging;
	p[MANIFEST_D_FLAGS] = (dom->console ? MANIFEST_DOMAIN_CONSOLE : 0) |
			      (dom->no_autostart ? MANIFEST_DOMAIN_NO_AUTOSTART : 0);
	put64(p + MANIFEST_D_MEMORY_KIB, dom->memory_kib);
	put32(p + MANIFEST_D_VCPUS, dom->vcpus);
	put32(p + MANIFEST_D_WEIGHT, dom->weight);
	put32(p + MANIFEST_D_CAP, dom->cap);
	put32(p + MANIFEST_D_KERNEL, module_of(w, dom->kernel_path));
	put32(p + MANIFEST_D_RAMDISK, dom->initrd_path ? module_of(w, dom->initrd_path) : 0);
	put32(p + MANIFEST_D_CMDLINE, str(&w->str, dom->cmdline));
	put32(p + MANIFEST_D_GRANT_FRAMES, dom->grant_frames);
	put32(p + MANIFEST_D_EVTCHNS, dom->event_channels);
	write_items(w, dom, p, first);
}

/* Lay the tables out one after another and record them in the header. */
static uint32_t layout(struct writer *w, const size_t count[])
{
	uint32_t off = MANIFEST_HEADER_SIZE;

	for (int t = 0; t < MANIFEST_TABLES; t++) {
		w->at[t] = off;
		off += (uint32_t)count[t] * manifest_record_size[t];
	}
	return off;
}

uint8_t *manifest_build(const struct desc_system *s, size_t *len)
{
	struct writer w = { .s = s };
	size_t count[MANIFEST_TABLES] = { [MANIFEST_T_DOMAINS] = s->ndomains };
	uint32_t first[5] = { 0 };

	w.order = xcalloc(s->ndomains, sizeof *w.order);
	w.index = xcalloc(s->ndomains, sizeof *w.index);
	w.modules = xcalloc(2 * s->ndomains, sizeof *w.modules);   /* a kernel and a ramdisk each */
	plan_order(&w);
	/* Strings and modules are laid out before the records that refer to them. */
	str(&w.str, "");
	for (size_t k = 0; k < s->ndomains; k++) {
		const struct desc_domain *dom = &s->domains[w.order[k]];
		module_of(&w, dom->kernel_path);
		if (dom->initrd_path)
			module_of(&w, dom->initrd_path);
		count[MANIFEST_T_DISKS] += dom->ndisks;
		count[MANIFEST_T_NICS] += dom->nnics;
		count[MANIFEST_T_PCIS] += dom->npcis;
		count[MANIFEST_T_IOPORTS] += dom->nioports;
		count[MANIFEST_T_IRQS] += dom->nirqs;
		str(&w.str, dom->name);
		str(&w.str, dom->cmdline);
		for (size_t i = 0; i < dom->ndisks; i++) {
			str(&w.str, dom->disks[i].image_path);
			str(&w.str, dom->disks[i].target);
		}
	}
	for (uint32_t m = 0; m < w.nmodules; m++)
		str(&w.str, w.modules[m]);
	count[MANIFEST_T_MODULES] = w.nmodules;
	count[MANIFEST_T_STRINGS] = w.str.len;

	uint32_t total = layout(&w, count);
	w.out = xcalloc(total, 1);
	memcpy(w.out + MANIFEST_H_MAGIC, MANIFEST_MAGIC, 4);
	put32(w.out + MANIFEST_H_VERSION, MANIFEST_VERSION);
	put32(w.out + MANIFEST_H_SIZE, total);
	put64(w.out + MANIFEST_H_MACHINE_KIB, s->memory_kib);
	for (int t = 0; t < MANIFEST_TABLES; t++)
		put_span(w.out + MANIFEST_H_TABLES + 8 * t, w.at[t], count[t]);
	for (size_t k = 0; k < s->ndomains; k++)
		write_domain(&w, &s->domains[w.order[k]], first);
	for (uint32_t m = 0; m < w.nmodules; m++)
		put32(next(&w, MANIFEST_T_MODULES, MANIFEST_MODULE_SIZE), str(&w.str, w.modules[m]));
	memcpy(w.out + w.at[MANIFEST_T_STRINGS], w.str.buf, w.str.len);
	put32(w.out + MANIFEST_H_CHECKSUM,
	      manifest_crc32(w.out + MANIFEST_CHECKSUM_FROM, total - MANIFEST_CHECKSUM_FROM));
	free(w.order);
	free(w.index);
	free(w.modules);
	free(w.str.buf);
	*len = total;
	return w.out;
}
