/*
 * The whole-description checks that concern domains as a set: names are
 * unique, there is exactly one control domain, every back-end reference
 * names a driver or control domain other than the referring one, no
 * domains serve each other (back-ends form no cycle: a back-end that
 * waits on a domain it serves could never start), every back-end starts
 * at boot (autostart='no' on a domain that serves a device would leave
 * that device unserved), and the domains' memory fits the machine: all
 * of them, those dom0 creates later included.  Then the device checks
 * (check-devices.c) and the file checks (check-files.c) run, files
 * first, because whether two disks share an image is a question about
 * resolved paths.
 *
 * Each check looks only at values that loaded without error, so one
 * mistake is reported once, not again as the consequences it causes.
 */
#include "desc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "value.h"

const struct desc_domain *desc_backend(const struct desc_system *s, const struct desc_backend *b)
{
	for (size_t i = 0; i < s->ndomains; i++) {
		const struct desc_domain *dom = &s->domains[i];
		if (b->name ? !strcmp(dom->name, b->name) : dom->role == MANIFEST_ROLE_CONTROL)
			return dom;
	}
	return NULL;
}

static void check_names(const struct desc_system *s, struct diag *d)
{
	for (size_t i = 0; i < s->ndomains; i++)
		for (size_t j = 0; j < i; j++)
			if (*s->domains[i].name && !strcmp(s->domains[i].name, s->domains[j].name)) {
				diag_error(d, s->domains[i].name_line, "domain name '%s' is already used at line %ld",
					   s->domains[i].name, s->domains[j].name_line);
				break;
			}
}

static void check_control(const struct desc_system *s, struct diag *d)
{
	const struct desc_domain *control = NULL;
	bool unknown_role = false;

	for (size_t i = 0; i < s->ndomains; i++) {
		const struct desc_domain *dom = &s->domains[i];
		unknown_role |= dom->role < 0;
		if (dom->role != MANIFEST_ROLE_CONTROL)
			continue;
		if (control)
			diag_error(d, dom->line, "'%s' is a second control domain; '%s' at line %ld is the control domain",
				   dom->name, control->name, control->line);
		else
			control = dom;
	}
	if (!control && !unknown_role)
		diag_error(d, s->line, "there is no control domain: exactly one domain needs role='control'");
}

static void check_backend(const struct desc_system *s, const struct desc_domain *dom,
			  const struct desc_backend *b, struct diag *d)
{
	const struct desc_domain *target = desc_backend(s, b);

	if (!target) {
		if (b->name)
			diag_error(d, b->line, "back-end domain '%s' does not exist", b->name);
	} else if (target == dom) {
		if (b->name)
			diag_error(d, b->line, "domain '%s' cannot be its own back-end", dom->name);
		else
			diag_error(d, b->line, "the default back-end is the control domain, which is this domain; "
				   "name a driver domain with <backenddomain>");
	} else if (target->role == MANIFEST_ROLE_GUEST) {
		diag_error(d, b->line, "back-end domain '%s' is a guest; back-ends run in driver or control domains",
			   target->name);
	}
}

static void check_backends(const struct desc_system *s, struct diag *d)
{
	for (size_t i = 0; i < s->ndomains; i++) {
		const struct desc_domain *dom = &s->domains[i];
		for (size_t k = 0; k < dom->ndisks; k++)
			check_backend(s, dom, &dom->disks[k].backend, d);
		for (size_t k = 0; k < dom->nnics; k++)
			check_backend(s, dom, &dom->nics[k].backend, d);
	}
}

/* The domain that serves b for dom, if that is a valid back-end (else NULL). */
static const struct desc_domain *served_by(const struct desc_system *s, const struct desc_domain *dom,
					   const struct desc_backend *b)
{
	const struct desc_domain *t = desc_backend(s, b);

	return t && t != dom && t->role != MANIFEST_ROLE_GUEST ? t : NULL;
}

/* The back-end domain of dom's k-th device (disks, then interfaces) if valid, with its line. */
static const struct desc_domain *backend_of(const struct desc_system *s, const struct desc_domain *dom,
					    size_t k, long *line)
{
	const struct desc_backend *b = k < dom->ndisks ? &dom->disks[k].backend
						       : &dom->nics[k - dom->ndisks].backend;
	*line = b->line;
	return served_by(s, dom, b);
}

/*
 * Depth-first search along back-ends from 'from', through domains listed
 * before 'to' only, for a device served by 'to'.  path[] gets the chain;
 * returns its length, or 0.  Each domain is entered once (seen[]), so the
 * search is linear in the number of devices.
 */
static size_t chain_to(const struct desc_system *s, const struct desc_domain *from,
		       const struct desc_domain *to, bool *seen, const struct desc_domain **path,
		       size_t depth)
{
	long line;

	seen[from - s->domains] = true;
	path[depth] = from;
	for (size_t k = 0; k < from->ndisks + from->nnics; k++) {
		const struct desc_domain *next = backend_of(s, from, k, &line);
		if (next == to)
			return depth + 1;
		if (!next || next > to || seen[next - s->domains])
			continue;
		size_t len = chain_to(s, next, to, seen, path, depth + 1);
		if (len)
			return len;
	}
	return 0;
}

/*
 * Back-ends must not form a cycle.  Each cycle is reported once, at the
 * first device of its last-listed domain that closes it.
 */
static void check_backend_cycles(const struct desc_system *s, struct diag *d)
{
	bool *seen = calloc(s->ndomains ? s->ndomains : 1, sizeof *seen);
	const struct desc_domain **path = calloc(s->ndomains ? s->ndomains : 1, sizeof *path);

	for (size_t j = 0; seen && path && j < s->ndomains; j++) {
		const struct desc_domain *dom = &s->domains[j];
		size_t len = 0;
		long line = 0;
		memset(seen, 0, s->ndomains * sizeof *seen);
		for (size_t k = 0; k < dom->ndisks + dom->nnics && !len; k++) {
			const struct desc_domain *next = backend_of(s, dom, k, &line);
			if (next && next < dom && !seen[next - s->domains])
				len = chain_to(s, next, dom, seen, path, 0);
		}
		if (!len)
			continue;
		if (len == 1) {
			diag_error(d, line, "domains '%s' and '%s' serve each other; a back-end domain "
				   "cannot use a device that a domain it serves provides", dom->name, path[0]->name);
			continue;
		}
		char chain[256];
		size_t at = 0;
		for (size_t i = 0; i < len && at < sizeof chain; i++)
			at += (size_t)snprintf(chain + at, sizeof chain - at, "'%s' -> ", path[i]->name);
		diag_error(d, line, "back-ends form a cycle: '%s' -> %s'%s'; a back-end domain "
			   "cannot use a device that a domain it serves provides", dom->name, chain, dom->name);
	}
	free(seen);
	free(path);
}

/* A back-end must start at boot; each one with autostart='no' is reported once. */
static void check_backends_start(const struct desc_system *s, struct diag *d)
{
	for (size_t i = 0; i < s->ndomains; i++) {
		const struct desc_domain *b = &s->domains[i];
		if (!b->no_autostart || b->role == MANIFEST_ROLE_CONTROL)  /* the control domain: reported at load */
			continue;
		for (size_t j = 0; j < s->ndomains; j++) {
			const struct desc_domain *dom = &s->domains[j];
			size_t k = 0;
			long line;
			while (k < dom->ndisks + dom->nnics && backend_of(s, dom, k, &line) != b)
				k++;
			if (k == dom->ndisks + dom->nnics)
				continue;
			diag_error(d, b->line, "domain '%s' has autostart='no' but serves the %s of '%s' at line %ld; "
				   "a back-end domain must start at boot", b->name,
				   k < dom->ndisks ? "disk" : "interface", dom->name,
				   k < dom->ndisks ? dom->disks[k].line : dom->nics[k - dom->ndisks].line);
			break;
		}
	}
}

static void check_memory(const struct desc_system *s, struct diag *d)
{
	uint64_t total = 0;
	char need[32], have[32];

	for (size_t i = 0; i < s->ndomains; i++)
		total += s->domains[i].memory_kib;      /* each <= 1 TiB: no overflow */
	if (s->memory_ok && total > s->memory_kib)
		diag_error(d, s->memory_line, "the domains need %s of memory but the machine has %s",
			   value_kib_text(need, total), value_kib_text(have, s->memory_kib));
}

void desc_check(struct desc_system *s, struct diag *d)
{
	check_names(s, d);
	check_control(s, d);
	check_backends(s, d);
	check_backend_cycles(s, d);
	check_backends_start(s, d);
	check_memory(s, d);
	desc_check_files(s, d);
	desc_check_devices(s, d);
}
