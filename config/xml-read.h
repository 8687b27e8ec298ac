/*
 * Reading a description's bytes into a libxml2 tree, refusing anything a
 * system description has no use for: DTDs, entities from outside the
 * document, the network.  Parser errors become located messages.
 */
#pragma once

#include <libxml/tree.h>
#include <stddef.h>

#include "diag.h"

/* The tree, or NULL with messages in d. */
xmlDoc *xml_read(const char *path, const char *buf, size_t len, struct diag *d);
