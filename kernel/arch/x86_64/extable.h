/* Exception fixups for the instructions that may fault on guest data. */
#pragma once
#include <stdbool.h>
#include "regs.h"

bool extable_fixup(struct cpu_regs *r);
