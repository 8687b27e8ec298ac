/*
 * Schema validation, and the translation of libxml2's RelaxNG messages.
 *
 * libxml2 reports RelaxNG violations with an error code, the node, and
 * one or two names; its own wording ("Expecting an element , got
 * nothing") is terse and sometimes empty.  Each code we meet with this
 * schema is rewritten here into a sentence that names the element, and
 * the line comes from the node, so every message is "file:line: ...".
 * The schema uses no interleave and no datatypes, which keeps libxml2 to
 * one precise error per mistake; follow-up reports that only restate an
 * earlier error ("failed to validate content") are dropped, and diag
 * drops a message libxml2 repeats for the same line.
 *
 * The compiled schema is kept for the life of the process: parsing it
 * once matters to the fuzzer, which validates millions of documents.
 */
#include "schema.h"

#include <libxml/relaxng.h>
#include <stdio.h>
#include <string.h>

extern const char umbra_system_rng[];

struct schema_run {
	struct diag *d;
	int reported;
};

static const char *parent_name(xmlNode *n)
{
	return n && n->parent && n->parent->type == XML_ELEMENT_NODE
	       ? (const char *)n->parent->name : NULL;
}

/* Our sentence for libxml2's error e at node n; NULL for a restatement. */
static const char *translate(xmlErrorPtr e, xmlNode *n, char *buf, size_t size)
{
	const char *name = n ? (const char *)n->name : "?";
	const char *parent = parent_name(n);

	switch (e->code) {
	case XML_RELAXNG_ERR_ELEMWRONG:
		snprintf(buf, size, "element <%s> is not expected here%s%s%s", name,
			 parent ? " in <" : "", parent ? parent : "", parent ? ">" : "");
		return buf;
	case XML_RELAXNG_ERR_NOELEM:
		snprintf(buf, size, "element <%s> is missing a required child element", name);
		return buf;
	case XML_RELAXNG_ERR_ELEMNAME:
		snprintf(buf, size, parent ? "expected element <%s>, found <%s>"
				  : "the root element must be <%s>, not <%s>",
			 e->str1 ? e->str1 : "?", name);
		return buf;
	case XML_RELAXNG_ERR_INVALIDATTR:
		snprintf(buf, size, "unknown attribute '%s' on <%s>", e->str1 ? e->str1 : "?", name);
		return buf;
	case XML_RELAXNG_ERR_ATTRVALID:
		snprintf(buf, size, "element <%s> is missing a required attribute", name);
		return buf;
	case XML_RELAXNG_ERR_TEXTWRONG:
		snprintf(buf, size, "element <%s> must not contain text", name);
		return buf;
	case XML_RELAXNG_ERR_EXTRACONTENT:
		if (e->str2 && !strcmp(e->str2, "text"))
			snprintf(buf, size, "element <%s> must not contain text", name);
		else
			snprintf(buf, size, "element <%s> is not expected here in <%s>", name,
				 parent ? parent : "?");
		return buf;
	case XML_RELAXNG_ERR_ELEMNONS:
	case XML_RELAXNG_ERR_ELEMWRONGNS:
	case XML_RELAXNG_ERR_ELEMEXTRANS:
		snprintf(buf, size, "element <%s> must not have a namespace", name);
		return buf;
	case XML_RELAXNG_ERR_CONTENTVALID:
	case XML_RELAXNG_ERR_INTERSEQ:
		return NULL;
	default:
		snprintf(buf, size, "%.*s", (int)strcspn(e->message ? e->message : "", "\n"),
			 e->message ? e->message : "");
		return buf;
	}
}

static void on_error(void *data, xmlErrorPtr e)
{
	struct schema_run *r = data;
	xmlNode *n = e->node;
	char buf[256];
	const char *msg = translate(e, n, buf, sizeof buf);
	long line = n ? xmlGetLineNo(n) : e->line;

	if (msg) {
		diag_error(r->d, line, "%s", msg);
		r->reported++;
	}
}

static xmlRelaxNG *schema(void)
{
	static xmlRelaxNG *compiled;

	if (!compiled) {
		xmlRelaxNGParserCtxt *pc = xmlRelaxNGNewMemParserCtxt(umbra_system_rng,
								      (int)strlen(umbra_system_rng));
		compiled = xmlRelaxNGParse(pc);
		xmlRelaxNGFreeParserCtxt(pc);
	}
	return compiled;
}

bool schema_validate(xmlDoc *doc, struct diag *d)
{
	struct schema_run r = { .d = d };
	xmlRelaxNG *s = schema();
	int rc;

	if (!s) {
		diag_error(d, 1, "internal error: the built-in schema does not parse");
		return false;
	}
	xmlRelaxNGValidCtxt *vc = xmlRelaxNGNewValidCtxt(s);
	xmlRelaxNGSetValidStructuredErrors(vc, on_error, &r);
	rc = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	if (rc != 0 && r.reported == 0)
		diag_error(d, xmlGetLineNo(xmlDocGetRootElement(doc)),
			   "the description does not match the Umbra system schema");
	return rc == 0;
}
