# libFuzzer target for netback (tests/fuzz/netif/) with a replay oracle,
# ASan and UBSan; a bounded, seeded run in `make test`, a long one in
# `make fuzz`.
NETIF_FUZZ := $(BUILD)/tests/fuzz/netif-fuzz
NETIF_FUZZ_RUN := $(BUILD)/tests/fuzz/netif-fuzz.run

$(NETIF_FUZZ): tests/fuzz/netif/netif_fuzz.c tests/fuzz/fuzz_input.h tests/unit/netif/net_fake.c \
		tests/unit/netif/net_fake.h $(SD_SRCS) $(SD_HDRS)
	@mkdir -p $(dir $@)
	$(Q)$(CLANG) -std=gnu11 -O1 -g -Wall -Wextra -Werror \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Iinclude -Isplit-drivers -Itests/unit/netif -Itests/fuzz -o $@ \
		tests/fuzz/netif/netif_fuzz.c tests/unit/netif/net_fake.c $(SD_SRCS)

$(NETIF_FUZZ_RUN): $(NETIF_FUZZ) tests/fuzz/run-fuzz
	$(Q)printf '#!/bin/sh\nFUZZ_RUNS=$${FUZZ_RUNS:-%s} exec sh tests/fuzz/run-fuzz netif/fuzz-netback %s "$$@"\n' \
		20000 $(NETIF_FUZZ) > $@
	$(Q)chmod +x $@

ALL_TARGETS += $(NETIF_FUZZ_RUN)
TEST_PROGRAMS += $(NETIF_FUZZ_RUN)
FUZZ_PROGRAMS += $(NETIF_FUZZ_RUN)
