# Host unit tests for the shadow page-table engine (pv-mmu/shadow_*.c)
# against the fake machine of shadow_fake.c, with ASan and UBSan.  The
# fuzzer shares the fake machine (tests/fuzz/shadow/); `make coverage`
# (pv-mmu/pv-mmu.mk) runs these tests for the engine's line coverage.
SHADOW_TEST_SRCS := $(wildcard tests/unit/shadow/*.c)
SHADOW_TEST_HDRS := $(wildcard tests/unit/shadow/*.h) tests/unit/unit_check.h
SHADOW_HDRS := pv-mmu/shadow.h pv-mmu/shadow_internal.h include/public/errno.h
SHADOW_HOST_CFLAGS := -std=gnu11 -g -Wall -Wextra -Werror -Iinclude -Ipv-mmu \
	-Itests/unit -Itests/unit/shadow

SHADOW_UNIT := $(BUILD)/tests/unit/shadow-tests
$(SHADOW_UNIT): $(SHADOW_SRCS) $(SHADOW_TEST_SRCS) $(SHADOW_HDRS) $(SHADOW_TEST_HDRS)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(SHADOW_HOST_CFLAGS) -O1 -fsanitize=address,undefined \
		-fno-sanitize-recover=all -o $@ $(SHADOW_SRCS) $(SHADOW_TEST_SRCS)

ALL_TARGETS += $(SHADOW_UNIT)
TEST_PROGRAMS += $(SHADOW_UNIT)

# The same tests built with gcov for `make coverage` (pv-mmu/pv-mmu.mk).
SHADOW_COV_OBJS := $(patsubst %.c,$(MMU_COV)/obj/%.o,$(SHADOW_SRCS) $(SHADOW_TEST_SRCS))
$(MMU_COV)/shadow-tests: $(SHADOW_COV_OBJS)
	$(Q)$(HOSTCC) --coverage -o $@ $^
