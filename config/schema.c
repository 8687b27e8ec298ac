/*
 * Schema validation, and the translation of libxml2's RelaxNG messages.
 *
 * libxml2 reports RelaxNG violations with an error code, the node, and
 * one or two names; its own wording ("Expecting an element , got
 * nothing") is terse and sometimes empty.  Each code we meet with this
 * schema is rewritten here into a sentence that names the element, and
 * the line comes from the node, so every message is "file:line: ...".
 * A missing attribute is named: libxml2 says only that one is missing, so
 * the attributes the schema requires of an element of that name (an
 * <attribute> directly inside its <element>, not under <optional>) are
 * looked up in the schema text itself, and those the node lacks are
 * listed.  The schema uses no interleave and no datatypes, which keeps
 * libxml2 to one precise error per mistake; follow-up reports that only restate an
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
	xmlDoc *doc;
	int reported;
};

static xmlDoc *schema_doc(void)
{
	static xmlDoc *doc;

	if (!doc)
		doc = xmlReadMemory(umbra_system_rng, (int)strlen(umbra_system_rng), "schema.rng", NULL,
				    XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	return doc;
}

static bool is(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* Append to buf the required attributes of <element name=elem> (anywhere in r) that n lacks. */
static void missing_attrs(xmlNode *r, const char *elem, xmlNode *n, char *buf, size_t size, int *count)
{
	for (; r; r = r->next) {
		if (is(r, "element")) {
			xmlChar *name = xmlGetProp(r, (const xmlChar *)"name");
			bool match = name && !strcmp((const char *)name, elem);
			xmlFree(name);
			for (xmlNode *a = match ? r->children : NULL; a; a = a->next) {
				xmlChar *attr = is(a, "attribute") ? xmlGetProp(a, (const xmlChar *)"name") : NULL;
				char quoted[64];
				snprintf(quoted, sizeof quoted, "'%s'", attr ? (const char *)attr : "");
				if (attr && !xmlHasProp(n, attr) && !strstr(buf, quoted)) {
					size_t at = strlen(buf);
					snprintf(buf + at, size - at, "%s%s", *count ? ", " : "", quoted);
					(*count)++;
				}
				xmlFree(attr);
			}
		}
		missing_attrs(r->children, elem, n, buf, size, count);
	}
}

/* Our sentence for element n lacking required attributes; 0 if it lacks none we know of. */
static int attr_missing(xmlNode *n, char *buf, size_t size)
{
	char names[128] = "";
	int count = 0;
	xmlDoc *doc = schema_doc();

	if (doc)
		missing_attrs(xmlDocGetRootElement(doc), (const char *)n->name, n, names, sizeof names, &count);
	if (count)
		snprintf(buf, size, "element <%s> is missing the required attribute%s %s", n->name,
			 count > 1 ? "s" : "", names);
	return count;
}

/*
 * libxml2 names no node when an element with optional attributes lacks
 * a required one (only the element's name): report every element of that
 * name in the document that lacks one.
 */
static int report_elements_missing_attrs(xmlNode *n, const char *elem, struct diag *d)
{
	char buf[256];
	int reported = 0;

	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp((const char *)n->name, elem) && attr_missing(n, buf, sizeof buf)) {
			diag_error(d, xmlGetLineNo(n), "%s", buf);
			reported++;
		}
		reported += report_elements_missing_attrs(n->children, elem, d);
	}
	return reported;
}

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
		if (!n || !attr_missing(n, buf, size))
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
	const char *msg;
	long line = n ? xmlGetLineNo(n) : e->line;

	if (e->code == XML_RELAXNG_ERR_ATTRVALID && !n && e->str1) {
		int found = report_elements_missing_attrs(xmlDocGetRootElement(r->doc), e->str1, r->d);
		r->reported += found;
		if (found)
			return;
	}
	msg = translate(e, n, buf, sizeof buf);
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
	struct schema_run r = { .d = d, .doc = doc };
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
