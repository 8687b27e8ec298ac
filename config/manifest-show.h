/*
 * Printing a manifest back as a system description (see manifest-show.c).
 */
#pragma once

#include <stdio.h>

#include "manifest.h"

/* Print m, which manifest_open() accepted, as XML. */
void manifest_show(const struct manifest *m, FILE *out);
