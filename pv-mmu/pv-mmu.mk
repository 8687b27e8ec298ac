# The PV MMU model and the shadow engine (pv-mmu/, shadow_* files): the
# model's host unit tests (tests/unit/mmu/; the engine's are in
# tests/unit/shadow/), a check that both build freestanding the way the
# kernel builds them, and `make coverage` for both.  The kernel compiles
# pv-mmu/*.c itself; the fuzzers are in tests/fuzz/.

SHADOW_SRCS := $(wildcard pv-mmu/shadow_*.c)
PV_MMU_SRCS := $(filter-out $(SHADOW_SRCS),$(wildcard pv-mmu/*.c))
PV_MMU_HDRS := $(wildcard pv-mmu/*.h) $(wildcard include/public/*.h)
MMU_TEST_SRCS := $(wildcard tests/unit/mmu/*.c)
MMU_TEST_HDRS := $(wildcard tests/unit/mmu/*.h) tests/unit/unit_check.h
MMU_HOST_CFLAGS := -std=gnu11 -g -Wall -Wextra -Werror -Iinclude -Ipv-mmu \
	-Itests/unit -Itests/unit/mmu

# Host unit tests, with ASan and UBSan: a model bug that corrupts memory
# fails here before it can fail in the hypervisor.
MMU_UNIT := $(BUILD)/tests/unit/mmu-tests
$(MMU_UNIT): $(PV_MMU_SRCS) $(MMU_TEST_SRCS) $(PV_MMU_HDRS) $(MMU_TEST_HDRS)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(MMU_HOST_CFLAGS) -O1 -fsanitize=address,undefined \
		-fno-sanitize-recover=all -o $@ $(PV_MMU_SRCS) $(MMU_TEST_SRCS)

# The model as the kernel compiles it (freestanding, no SSE, no red zone),
# with both compilers: a stray libc call or floating-point use fails here.
MMU_FREESTANDING_FLAGS := -std=gnu11 -O2 -Wall -Wextra -Werror -ffreestanding \
	-fno-builtin -fno-stack-protector -fpie -mno-red-zone -mgeneral-regs-only \
	-Iinclude -Ipv-mmu
MMU_FREESTANDING := $(BUILD)/pv-mmu/freestanding.ok
$(MMU_FREESTANDING): $(PV_MMU_SRCS) $(SHADOW_SRCS) $(PV_MMU_HDRS)
	@mkdir -p $(BUILD)/pv-mmu/freestanding
	$(Q)for cc in $(CC) $(CLANG); do for f in $(PV_MMU_SRCS) $(SHADOW_SRCS); do \
		$$cc $(MMU_FREESTANDING_FLAGS) -c $$f \
			-o $(BUILD)/pv-mmu/freestanding/$$(basename $$f .c).$$cc.o || exit 1; \
	done; done
	$(Q)cd $(BUILD)/pv-mmu/freestanding && \
	nm -u *.o | awk 'NF == 2 { print $$2 }' | sort -u > undefined.txt && \
	nm --defined-only *.o | awk 'NF == 3 { print $$3 }' | sort -u > defined.txt && \
	outside=$$(comm -23 undefined.txt defined.txt | grep -v -x -E 'memcpy|memset|memcmp'); \
	if [ -n "$$outside" ]; then echo "pv-mmu calls outside itself:" $$outside; exit 1; fi
	$(Q)touch $@

ALL_TARGETS += $(MMU_UNIT) $(MMU_FREESTANDING)
TEST_PROGRAMS += $(MMU_UNIT)

# Coverage of pv-mmu/ by the unit tests (gcov + lcov), without sanitizers:
# the PV model by tests/unit/mmu, the shadow engine by tests/unit/shadow,
# each reported on its own line ($(MMU_COV)/shadow-tests is built by
# tests/unit/shadow/shadow.mk).
MMU_COV := $(BUILD)/coverage
MMU_COV_OBJS := $(patsubst %.c,$(MMU_COV)/obj/%.o,$(PV_MMU_SRCS) $(MMU_TEST_SRCS))

$(MMU_COV)/obj/%.o: %.c $(PV_MMU_HDRS) $(MMU_TEST_HDRS) $(wildcard tests/unit/shadow/*.h)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(MMU_HOST_CFLAGS) -Itests/unit/shadow -O0 --coverage -c $< -o $@

$(MMU_COV)/mmu-tests: $(MMU_COV_OBJS)
	$(Q)$(HOSTCC) --coverage -o $@ $^

# lcov's line rate of one extract, printed as "<what> line coverage: N%".
cov_line = lcov --summary $(1) 2>&1 | \
	awk '/lines\.+:/ { sub("%", "", $$2); printf "$(2) line coverage: %.1f%%\n", $$2 }'

coverage: deps $(MMU_COV)/mmu-tests $(MMU_COV)/shadow-tests
	$(Q)find $(MMU_COV)/obj -name '*.gcda' -delete
	$(Q)for t in mmu-tests shadow-tests; do \
		$(MMU_COV)/$$t > $(MMU_COV)/$$t.log || { grep FAIL $(MMU_COV)/$$t.log; exit 1; }; \
	done
	$(Q)lcov --quiet --capture --directory $(MMU_COV)/obj --base-directory . \
		--output-file $(MMU_COV)/all.info 2> $(MMU_COV)/lcov.log || \
		{ cat $(MMU_COV)/lcov.log; exit 1; }
	$(Q)lcov --quiet --extract $(MMU_COV)/all.info '*/pv-mmu/*' \
		--output-file $(MMU_COV)/pv-mmu-all.info
	$(Q)lcov --quiet --remove $(MMU_COV)/pv-mmu-all.info '*/pv-mmu/shadow*' \
		--output-file $(MMU_COV)/pv-mmu.info
	$(Q)lcov --quiet --extract $(MMU_COV)/all.info '*/pv-mmu/shadow*' \
		--output-file $(MMU_COV)/shadow.info
	$(Q)genhtml --quiet --title "Umbra pv-mmu" --output-directory $(MMU_COV)/html \
		$(MMU_COV)/pv-mmu-all.info
	$(Q)echo "report: $(MMU_COV)/html/index.html"
	$(Q)$(call cov_line,$(MMU_COV)/pv-mmu.info,pv-mmu)
	$(Q)$(call cov_line,$(MMU_COV)/shadow.info,shadow engine)
