/*
 * The well-formedness layer.  A description is a plain document: it may
 * not declare a DTD (so no entity can expand into more text than the file
 * holds), and libxml2 may not open any other file or URL while parsing
 * it -- the external-entity loader is replaced by one that refuses.  The
 * messages are libxml2's own, which are precise for syntax, with the line
 * libxml2 found the problem on.  An empty file is caught before libxml2,
 * which would otherwise report nothing at all.
 */
#include "xml-read.h"

#include <libxml/parser.h>
#include <limits.h>
#include <string.h>

struct xml_run {
	struct diag *d;
	int reported;
};

static void on_error(void *data, xmlErrorPtr e)
{
	struct xml_run *r = data;
	const char *msg = e->message ? e->message : "XML error";

	if (e->level < XML_ERR_ERROR)
		return;
	diag_error(r->d, e->line > 0 ? e->line : 1, "%.*s", (int)strcspn(msg, "\n"), msg);
	r->reported++;
}

static xmlParserInput *refuse_entity(const char *url, const char *id, xmlParserCtxt *ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

/* The line of the first "<!DOCTYPE" in buf (the tree does not keep it). */
static long doctype_line(const char *buf, size_t len)
{
	long line = 1;

	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n')
			line++;
		else if (buf[i] == '<' && len - i >= 9 && !memcmp(buf + i, "<!DOCTYPE", 9))
			return line;
	}
	return 1;
}

xmlDoc *xml_read(const char *path, const char *buf, size_t len, struct diag *d)
{
	struct xml_run r = { d, 0 };

	if (len == 0) {
		diag_error(d, 1, "the file is empty");
		return NULL;
	}
	if (len > INT_MAX) {
		diag_error(d, 1, "the file is too large");
		return NULL;
	}
	xmlSetExternalEntityLoader(refuse_entity);
	xmlSetStructuredErrorFunc(&r, on_error);
	xmlDoc *doc = xmlReadMemory(buf, (int)len, path, NULL, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (doc && (doc->intSubset || doc->extSubset)) {
		diag_error(d, doctype_line(buf, len), "DOCTYPE declarations are not allowed");
		r.reported++;
	}
	if (doc && r.reported) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (!doc && !r.reported)
		diag_error(d, 1, "not a well-formed XML document");
	return doc;
}
