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

/*
 * The same on a context switch, where sel is the incoming vCPU's saved
 * selector and the caller writes the FS and GS bases next: a null selector
 * or the flat ring-3 data selector already live in reg is not loaded again
 * (Xen skips such reloads too).  The flat one's descriptor is the
 * hypervisor's (every guest GDT has it, no guest can change it), so the
 * load would change nothing; a null one has no descriptor, and what its
 * hidden base may hold does not matter: DS and ES bases are not used while
 * null (64-bit code ignores them, 32-bit code faults on a null segment),
 * and FS's and GS's bases are the caller's to write.  Most switches find
 * all four so.
 */
bool seg_switch_guest(enum seg_reg reg, uint16_t sel);
