# libFuzzer target for the shadow page-table engine (tests/fuzz/shadow/),
# with ASan and UBSan, on the unit tests' fake machine and checker; a
# bounded, seeded run in `make test`, a long one in `make fuzz`.
SHADOW_FUZZ := $(BUILD)/tests/fuzz/shadow-fuzz
SHADOW_FUZZ_RUN := $(BUILD)/tests/fuzz/shadow-fuzz.run

$(SHADOW_FUZZ): tests/fuzz/shadow/shadow_fuzz.c tests/fuzz/fuzz_input.h \
		tests/unit/shadow/shadow_fake.c tests/unit/shadow/shadow_fake.h $(SHADOW_SRCS) $(SHADOW_HDRS)
	@mkdir -p $(dir $@)
	$(Q)$(CLANG) -std=gnu11 -O1 -g -Wall -Wextra -Werror \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Iinclude -Ipv-mmu -Itests/unit/shadow -Itests/fuzz -o $@ \
		tests/fuzz/shadow/shadow_fuzz.c tests/unit/shadow/shadow_fake.c $(SHADOW_SRCS)

$(SHADOW_FUZZ_RUN): $(SHADOW_FUZZ) tests/fuzz/run-fuzz
	$(Q)printf '#!/bin/sh\nFUZZ_RUNS=$${FUZZ_RUNS:-%s} exec sh tests/fuzz/run-fuzz shadow/fuzz-translations %s "$$@"\n' \
		1000 $(SHADOW_FUZZ) > $@
	$(Q)chmod +x $@

ALL_TARGETS += $(SHADOW_FUZZ_RUN)
TEST_PROGRAMS += $(SHADOW_FUZZ_RUN)
FUZZ_PROGRAMS += $(SHADOW_FUZZ_RUN)
