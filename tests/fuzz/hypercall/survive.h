/*
 * How a fuzz child survives its own calls (survive.c): trap handlers that
 * resume the fuzz loop, repairs of its trap table and callbacks, and the
 * scrubbing of verdict strings from its image.
 */
#pragma once
#include "calls.h"
#include "guest.h"

void survive_init(void);                 /* before the first call */
void survive_call(const struct call *c); /* after each call issued */
noreturn void fuzz_loop(void);           /* child.c: where a trap resumes */
