/*
 * What every shadow-engine unit test shares: a fresh fake machine per case
 * (a 64-page pool, guest L4 at gfn 0, vCPU 0 in long mode on it) and, after
 * each case, the independent checker (sf_check): every shadow translation
 * against the guest tables and the p2m, no guest page table writable, the
 * pool's accounting exact.
 *
 *   TEST(name) { ... }   a test body; `u` is the test, `m` the machine
 */
#pragma once
#include "unit_check.h"
#include "shadow_fake.h"

extern struct sf_machine *sf_m;

#define TEST(fn)                                                              \
	static void fn##_body(struct unit *u, struct sf_machine *m);          \
	static void fn(struct unit *u)                                        \
	{                                                                     \
		fn##_body(u, sf_m);                                           \
	}                                                                     \
	static void fn##_body(struct unit *u, struct sf_machine *m)

#define CASE(fn) { "shadow/" #fn, fn }
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#define PF_W SHADOW_PFEC_WRITE
#define PF_U SHADOW_PFEC_USER
#define PF_F SHADOW_PFEC_FETCH
#define PF_P SHADOW_PFEC_PRESENT
#define PF_R SHADOW_PFEC_RSVD

#define VA1 0x0000000000401000ull       /* L4 0, L3 0, L2 2, L1 1 */
#define VA2 0x0000008040602000ull       /* L4 1, L3 1, L2 3, L1 2 */

struct shadow_suite {
	const struct unit_case *cases;
	size_t n;
};

extern const struct shadow_suite shadow_suite_pool, shadow_suite_cr3,
	shadow_suite_fault, shadow_suite_emul;
