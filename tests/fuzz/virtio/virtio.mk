# libFuzzer target for the virtio drivers against a device that writes
# anything into the used rings (tests/fuzz/virtio/), with ASan and UBSan,
# on the host unit tests' simulated machine; a bounded, seeded run in
# `make test`, a long one in `make fuzz`.

VIRTIO_FUZZ := $(BUILD)/tests/fuzz/virtio-fuzz
VIRTIO_FUZZ_RUN := $(BUILD)/tests/fuzz/virtio-fuzz.run

$(VIRTIO_FUZZ): tests/fuzz/virtio/virtio_fuzz.c tests/fuzz/fuzz_input.h $(wildcard tests/unit/virtio/fake_*.c) \
		$(wildcard tests/unit/virtio/fake_*.h) $(DRIVERS_PORTABLE_SRCS) $(DRIVERS_HDRS)
	@mkdir -p $(dir $@)
	$(Q)$(CLANG) -std=gnu11 -O1 -g -Wall -Wextra -Werror \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Idrivers -Itests/unit/virtio -Itests/fuzz -o $@ \
		tests/fuzz/virtio/virtio_fuzz.c $(wildcard tests/unit/virtio/fake_*.c) $(DRIVERS_PORTABLE_SRCS)

$(VIRTIO_FUZZ_RUN): $(VIRTIO_FUZZ) tests/fuzz/run-fuzz
	$(Q)printf '#!/bin/sh\nFUZZ_RUNS=$${FUZZ_RUNS:-%s} exec sh tests/fuzz/run-fuzz virtio/fuzz-used-ring %s "$$@"\n' \
		20000 $(VIRTIO_FUZZ) > $@
	$(Q)chmod +x $@

ALL_TARGETS += $(VIRTIO_FUZZ_RUN)
TEST_PROGRAMS += $(VIRTIO_FUZZ_RUN)
FUZZ_PROGRAMS += $(VIRTIO_FUZZ_RUN)
