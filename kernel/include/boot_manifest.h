/* Building the boot-time domains a compiled system description lists (boot_manifest.c). */
#pragma once
#include "lib.h"

bool boot_manifest_present(const void *module0, size_t len);
void build_from_manifest(void);
