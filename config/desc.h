/*
 * The system description as umbra-config holds it between the XML and
 * the manifest.
 *
 * Loading fills this model from a document the schema has accepted and
 * judges every single value (a number, a role, a MAC address) on its own,
 * reporting what is wrong with its spelling; a value that did not parse
 * is marked so (role < 0, memory_kib == 0, vcpus == 0, ok == false,
 * memory_ok == false) and
 * the later checks skip it instead of reporting consequences of the same
 * mistake.  desc_check() then judges the description as a whole: names,
 * roles, back-ends, totals, overlaps and the files it names.  Only a
 * description with no errors at all reaches manifest_build().
 *
 * Every string is the value as written (trimmed); every element keeps
 * its line for messages.  Paths are resolved against the directory of
 * the XML file by desc_check(), which fills the *_path fields.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "manifest.h"

struct desc_backend {
	const char *name;       /* NULL: the control domain, by default */
	long line;
};

struct desc_disk {
	long line;
	const char *source;
	long source_line;
	const char *target;
	struct desc_backend backend;
	bool readonly;
	const char *image_path; /* absolute, once checked */
};

struct desc_nic {
	long line;
	const char *mac_text;
	uint8_t mac[6];
	bool ok;
	struct desc_backend backend;
	uint16_t fwd_host_port;         /* <forward port=...>; 0: the launcher picks one */
	uint16_t fwd_guest_port;        /* <forward guestport=...>; 0: no forward */
};

struct desc_pci {
	long line;
	struct manifest_pci addr;
	bool ok;
};

struct desc_ioport {
	long line;
	uint32_t first, last;
	bool ok;
};

struct desc_irq {
	long line;
	uint32_t irq;
	bool ok;
};

struct desc_domain {
	long line;
	const char *name;
	long name_line;
	int role, type, paging;         /* manifest enums; role/type -1 if invalid */
	uint64_t memory_kib;            /* 0 if invalid */
	long memory_line;
	uint32_t vcpus;                 /* 0 if invalid */
	uint32_t weight, cap, grant_frames, event_channels;
	const char *kernel;
	long kernel_line;
	const char *kernel_path;        /* absolute, once checked */
	const char *initrd;             /* NULL: none */
	long initrd_line;
	const char *initrd_path;        /* absolute, once checked */
	uint64_t initrd_size;           /* bytes, once checked */
	const char *cmdline;
	bool console;
	bool no_autostart;              /* autostart='no': not built at boot, dom0 creates it */
	struct desc_disk *disks;
	struct desc_nic *nics;
	struct desc_pci *pcis;
	struct desc_ioport *ioports;
	struct desc_irq *irqs;
	size_t ndisks, nnics, npcis, nioports, nirqs;
};

struct desc_system {
	struct arena arena;
	const char *dir;                /* directory of the XML file */
	long line;
	long memory_line;
	uint64_t memory_kib;
	bool memory_ok;
	struct desc_domain *domains;
	size_t ndomains;
};

/*
 * Read and load path.  Returns NULL, with messages in d, when the file
 * cannot be read, is not well-formed XML or breaks the schema; otherwise
 * the model, with any value errors in d.
 */
struct desc_system *desc_load(const char *path, struct diag *d);

/* The same for a description already in memory, named path in messages. */
struct desc_system *desc_parse(const char *path, const char *buf, size_t len, struct diag *d);

void desc_free(struct desc_system *s);

/* Fill one domain / its <devices> from their elements (desc-domain.c, desc-devices.c). */
struct _xmlNode;
void desc_domain_load(struct desc_system *s, struct desc_domain *dom, struct _xmlNode *n, struct diag *d);
void desc_devices_load(struct desc_system *s, struct desc_domain *dom, struct _xmlNode *n, struct diag *d);

/* Every whole-description check; messages go to d. */
void desc_check(struct desc_system *s, struct diag *d);
void desc_check_devices(struct desc_system *s, struct diag *d);
void desc_check_files(struct desc_system *s, struct diag *d);

/* The domain a back-end reference names, or NULL. */
const struct desc_domain *desc_backend(const struct desc_system *s, const struct desc_backend *b);

/*
 * Compile a description that passed every check.  Returns a malloc'ed
 * manifest of *len bytes.
 */
uint8_t *manifest_build(const struct desc_system *s, size_t *len);
