/*
 * Small readers over libxml2's tree, for a document the schema has
 * already accepted.  Every string they return is trimmed of surrounding
 * white space and copied into the description's arena, so the model
 * outlives the libxml2 document it was read from.
 */
#pragma once

#include <libxml/tree.h>

#include "arena.h"

/* The first element child of parent called name, or NULL. */
xmlNode *xml_child(xmlNode *parent, const char *name);

/* The element's text content; "" when it has none. */
const char *xml_text(struct arena *a, xmlNode *n);

/* The attribute's value, or NULL when the attribute is absent. */
const char *xml_attr(struct arena *a, xmlNode *n, const char *name);

long xml_line(xmlNode *n);

/* Is element n called name? */
int xml_is(xmlNode *n, const char *name);
