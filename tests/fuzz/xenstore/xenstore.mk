# libFuzzer target for the XenStore library's wire parser, connection state
# machine and ring pump (tests/fuzz/xenstore/), with ASan and UBSan; a
# bounded, seeded run in `make test`, a long one in `make fuzz`.

XS_FUZZ := $(BUILD)/tests/fuzz/xenstore-fuzz
XS_FUZZ_RUN := $(BUILD)/tests/fuzz/xenstore-fuzz.run

$(XS_FUZZ): tests/fuzz/xenstore/xs_fuzz.c tests/fuzz/fuzz_input.h tests/unit/xenstore/xs_check.c \
		tests/unit/xenstore/xs_check.h $(XS_SRCS) $(XS_HDRS)
	@mkdir -p $(dir $@)
	$(Q)$(CLANG) -std=gnu11 -O1 -g -Wall -Wextra -Werror \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Iinclude -Idom0/xenstore -Itests/unit/xenstore -Itests/fuzz -o $@ \
		tests/fuzz/xenstore/xs_fuzz.c tests/unit/xenstore/xs_check.c $(XS_SRCS)

$(XS_FUZZ_RUN): $(XS_FUZZ) tests/fuzz/run-fuzz
	$(Q)printf '#!/bin/sh\nFUZZ_RUNS=$${FUZZ_RUNS:-%s} exec sh tests/fuzz/run-fuzz xenstore/fuzz-wire %s "$$@"\n' \
		20000 $(XS_FUZZ) > $@
	$(Q)chmod +x $@

ALL_TARGETS += $(XS_FUZZ_RUN)
TEST_PROGRAMS += $(XS_FUZZ_RUN)
FUZZ_PROGRAMS += $(XS_FUZZ_RUN)
