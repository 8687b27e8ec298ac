# Host unit tests of the portable HVM parts (kernel/hvm/hvm_asid.c,
# vpic.c, vpit.c), with ASan and UBSan.
HVM_UNIT := $(BUILD)/tests/unit/hvm-tests
HVM_UNIT_SRCS := tests/unit/hvm/hvm_tests.c kernel/hvm/hvm_asid.c kernel/hvm/vpic.c kernel/hvm/vpit.c
$(HVM_UNIT): $(HVM_UNIT_SRCS) kernel/hvm/hvm_asid.h kernel/hvm/hvm_dev.h tests/unit/unit_check.h
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -std=gnu11 -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined \
		-fno-sanitize-recover=all -Ikernel/hvm -Itests/unit -o $@ $(HVM_UNIT_SRCS)

ALL_TARGETS += $(HVM_UNIT)
TEST_PROGRAMS += $(HVM_UNIT)
