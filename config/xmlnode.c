/*
 * The tree readers behind xmlnode.h.  Trimming happens here, once, so no
 * check elsewhere has to wonder whether " dom0 " and "dom0" are the same.
 */
#include "xmlnode.h"

#include <string.h>

static const char *trimmed(struct arena *a, const xmlChar *raw)
{
	const char *s = (const char *)raw, *e;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		e--;
	char *out = arena_alloc(a, (size_t)(e - s) + 1);
	memcpy(out, s, (size_t)(e - s));
	return out;
}

int xml_is(xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

xmlNode *xml_child(xmlNode *parent, const char *name)
{
	for (xmlNode *n = parent ? parent->children : NULL; n; n = n->next)
		if (xml_is(n, name))
			return n;
	return NULL;
}

const char *xml_text(struct arena *a, xmlNode *n)
{
	xmlChar *raw = n ? xmlNodeGetContent(n) : NULL;
	const char *s = trimmed(a, raw ? raw : (const xmlChar *)"");

	xmlFree(raw);
	return s;
}

const char *xml_attr(struct arena *a, xmlNode *n, const char *name)
{
	xmlChar *raw = n ? xmlGetProp(n, (const xmlChar *)name) : NULL;
	const char *s = raw ? trimmed(a, raw) : NULL;

	xmlFree(raw);
	return s;
}

long xml_line(xmlNode *n)
{
	return n ? xmlGetLineNo(n) : 0;
}
