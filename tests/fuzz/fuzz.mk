# Fuzz targets (libFuzzer with ASan and UBSan, built with clang).  Each gets a
# one-word wrapper under build/ so it can sit in TEST_PROGRAMS (a bounded,
# reproducible run) and FUZZ_PROGRAMS (`make fuzz`, longer).

MMU_FUZZ := $(BUILD)/tests/fuzz/mmu-fuzz
MMU_FUZZ_RUN := $(BUILD)/tests/fuzz/mmu-fuzz.run

$(MMU_FUZZ): tests/fuzz/mmu_fuzz.c tests/fuzz/fuzz_input.h tests/unit/mmu/fake_machine.c $(PV_MMU_SRCS) \
		$(PV_MMU_HDRS) tests/unit/mmu/fake_machine.h
	@mkdir -p $(dir $@)
	$(Q)$(CLANG) -std=gnu11 -O1 -g -Wall -Wextra -Werror \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Iinclude -Ipv-mmu -Itests/unit/mmu -Itests/fuzz -o $@ \
		tests/fuzz/mmu_fuzz.c tests/unit/mmu/fake_machine.c $(PV_MMU_SRCS)

$(MMU_FUZZ_RUN): $(MMU_FUZZ) tests/fuzz/run-fuzz
	$(Q)printf '#!/bin/sh\nexec sh tests/fuzz/run-fuzz mmu/fuzz-invariants %s "$$@"\n' \
		$(MMU_FUZZ) > $@
	$(Q)chmod +x $@

ALL_TARGETS += $(MMU_FUZZ_RUN)
TEST_PROGRAMS += $(MMU_FUZZ_RUN)
FUZZ_PROGRAMS += $(MMU_FUZZ_RUN)
