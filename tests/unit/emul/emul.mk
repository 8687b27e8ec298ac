# Host unit tests for the privileged-instruction decoder the hypervisor
# compiles (kernel/common/pv_decode.c), with ASan and UBSan.
EMUL_UNIT := $(BUILD)/tests/unit/emul-tests
$(EMUL_UNIT): tests/unit/emul/decode_tests.c kernel/common/pv_decode.c kernel/common/pv_decode.h \
		tests/unit/unit_check.h
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -std=gnu11 -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined \
		-fno-sanitize-recover=all -Ikernel/common -Itests/unit -o $@ \
		tests/unit/emul/decode_tests.c kernel/common/pv_decode.c

ALL_TARGETS += $(EMUL_UNIT)
TEST_PROGRAMS += $(EMUL_UNIT)
