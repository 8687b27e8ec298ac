/* xenpmu_op (hypercall 40): its op numbers.  Umbra answers every op as a
   Xen 4.17 with the vPMU off does (kernel/common/hc_xenpmu.c), so only the
   names are here, for the census (tools/census).  Self-contained. */
#pragma once

#define XENPMU_mode_get    0
#define XENPMU_mode_set    1
#define XENPMU_feature_get 2
#define XENPMU_feature_set 3
#define XENPMU_init        4
#define XENPMU_finish      5
#define XENPMU_lvtpc_set   6
#define XENPMU_flush       7
