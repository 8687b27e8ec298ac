# The hypercall fuzzer: one guest kernel, supervisor and children alike
# (build/tests/fuzz/hypercall.elf).  tools/run-tests boots it with
# test.spec as the bounded run of `make test`; `make fuzz` runs the long
# variant through tests/fuzz/hypercall/run --long.
HC_FUZZ_ELF := $(BUILD)/tests/fuzz/hypercall.elf
HC_FUZZ_RUN := $(BUILD)/tests/fuzz/hypercall-fuzz.run

$(eval $(call guest_kernel,$(HC_FUZZ_ELF),$(wildcard tests/fuzz/hypercall/*.c tests/fuzz/hypercall/*.S)))

$(HC_FUZZ_RUN): $(HC_FUZZ_ELF) $(BUILD)/kernel.elf tests/fuzz/hypercall/run
	@mkdir -p $(dir $@)
	$(Q)printf '#!/bin/sh\nexec tests/fuzz/hypercall/run --build %s "$$@"\n' $(BUILD) > $@
	$(Q)chmod +x $@

ALL_TARGETS += $(HC_FUZZ_RUN)
TEST_GUESTS += tests/fuzz/hypercall
FUZZ_PROGRAMS += $(HC_FUZZ_RUN)
