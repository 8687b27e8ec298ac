/*
 * Loading a segment selector a guest chose (seg.c, seg_load.S).
 *
 * The only places the hypervisor loads a guest's selector are the context
 * switch (the incoming vCPU's saved %ds/%es/%fs/%gs) and set_segment_base's
 * SEGBASE_GS_USER_SEL.  Such a load is checked by the CPU against the live
 * GDT and LDT, so the incoming vCPU's own tables must be installed first.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

enum seg_reg { SEG_DS, SEG_ES, SEG_FS, SEG_GS };

/*
 * Load sel into reg, RPL as given.  A selector the CPU refuses (#NP, #GP,
 * #SS, #PF) is caught and reg is left null; the result says whether sel
 * itself loaded.  A null selector (0-3) always loads, with base 0.
 */
bool seg_load_guest(enum seg_reg reg, uint16_t sel);
