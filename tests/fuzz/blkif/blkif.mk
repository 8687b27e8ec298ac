# libFuzzer target for blkback's request engine (tests/fuzz/blkif/) with a
# model oracle, ASan and UBSan; a bounded, seeded run in `make test`, a
# long one in `make fuzz`.
BLKIF_FUZZ := $(BUILD)/tests/fuzz/blkif-fuzz
BLKIF_FUZZ_RUN := $(BUILD)/tests/fuzz/blkif-fuzz.run

$(BLKIF_FUZZ): tests/fuzz/blkif/blkif_fuzz.c tests/fuzz/fuzz_input.h tests/unit/blkif/blk_fake.c tests/unit/blkif/blk_fake.h \
		$(SD_SRCS) $(SD_HDRS)
	@mkdir -p $(dir $@)
	$(Q)$(CLANG) -std=gnu11 -O1 -g -Wall -Wextra -Werror \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Iinclude -Isplit-drivers -Itests/unit/blkif -Itests/fuzz -o $@ \
		tests/fuzz/blkif/blkif_fuzz.c tests/unit/blkif/blk_fake.c $(SD_SRCS)

$(BLKIF_FUZZ_RUN): $(BLKIF_FUZZ) tests/fuzz/run-fuzz
	$(Q)printf '#!/bin/sh\nFUZZ_RUNS=$${FUZZ_RUNS:-%s} exec sh tests/fuzz/run-fuzz blkif/fuzz-blkback %s "$$@"\n' \
		20000 $(BLKIF_FUZZ) > $@
	$(Q)chmod +x $@

ALL_TARGETS += $(BLKIF_FUZZ_RUN)
TEST_PROGRAMS += $(BLKIF_FUZZ_RUN)
FUZZ_PROGRAMS += $(BLKIF_FUZZ_RUN)
