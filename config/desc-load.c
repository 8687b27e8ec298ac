/*
 * From bytes to a description model, in three layers that each stop the
 * next: well-formed XML (xml-read.c), the schema's structure (schema.c),
 * then the values of each element (desc-domain.c, desc-devices.c).  A
 * document that fails a layer yields NULL with that layer's messages; the
 * value layer never fails as a whole -- it reports each bad value and
 * marks it -- so that desc_check() can still report everything else.
 */
#include "desc.h"

#include <errno.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

#include "readfile.h"
#include "schema.h"
#include "value.h"
#include "xml-read.h"
#include "xmlnode.h"

struct desc_system *desc_load(const char *path, struct diag *d)
{
	size_t len;
	char *buf = read_file(path, &len);

	if (!buf) {
		diag_error(d, 1, "cannot read the file: %s", strerror(errno));
		return NULL;
	}
	struct desc_system *s = desc_parse(path, buf, len, d);
	free(buf);
	return s;
}

static const char *directory_of(struct arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return ".";
	if (slash == path)
		return "/";
	char *dir = arena_alloc(a, (size_t)(slash - path) + 1);
	memcpy(dir, path, (size_t)(slash - path));
	return dir;
}

static void load_system(struct desc_system *s, xmlNode *root, struct diag *d)
{
	xmlNode *mem = xml_child(root, "memory");
	size_t i = 0;

	s->line = xml_line(root);
	s->memory_line = xml_line(mem);
	s->memory_ok = value_memory(d, s->memory_line, xml_text(&s->arena, mem),
				    xml_attr(&s->arena, mem, "unit"), &s->memory_kib);
	for (xmlNode *n = root->children; n; n = n->next)
		s->ndomains += xml_is(n, "domain");
	s->domains = arena_alloc(&s->arena, s->ndomains * sizeof *s->domains);
	for (xmlNode *n = root->children; n; n = n->next)
		if (xml_is(n, "domain"))
			desc_domain_load(s, &s->domains[i++], n, d);
}

struct desc_system *desc_parse(const char *path, const char *buf, size_t len, struct diag *d)
{
	xmlDoc *doc = xml_read(path, buf, len, d);

	if (!doc)
		return NULL;
	if (!schema_validate(doc, d)) {
		xmlFreeDoc(doc);
		return NULL;
	}
	struct desc_system *s = calloc(1, sizeof *s);
	if (!s)
		out_of_memory();
	s->dir = directory_of(&s->arena, path);
	load_system(s, xmlDocGetRootElement(doc), d);
	xmlFreeDoc(doc);
	return s;
}

void desc_free(struct desc_system *s)
{
	if (s) {
		arena_free(&s->arena);
		free(s);
	}
}
