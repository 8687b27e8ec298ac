/*
 * The structural layer of the checks: the RelaxNG schema in
 * config/umbra-system.rng, built into umbra-config, applied through
 * libxml2.  See schema.c for how libxml2's messages become ours.
 */
#pragma once

#include <libxml/tree.h>
#include <stdbool.h>

#include "diag.h"

/* True when doc matches the schema; otherwise messages are in d. */
bool schema_validate(xmlDoc *doc, struct diag *d);
