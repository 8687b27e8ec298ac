# Host unit tests of the XenStore server library (tests/unit/xenstore/),
# with ASan and UBSan, over the library sources dom0 compiles.

XS_TEST_SRCS := $(wildcard tests/unit/xenstore/*.c)
XS_TEST_HDRS := $(wildcard tests/unit/xenstore/*.h) tests/unit/unit_check.h
XS_UNIT := $(BUILD)/tests/unit/xenstore-tests

$(XS_UNIT): $(XS_SRCS) $(XS_HDRS) $(XS_TEST_SRCS) $(XS_TEST_HDRS)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -std=gnu11 -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined \
		-fno-sanitize-recover=all -Iinclude -Idom0/xenstore -Itests/unit \
		-Itests/unit/xenstore -o $@ $(XS_SRCS) $(XS_TEST_SRCS)

ALL_TARGETS += $(XS_UNIT)
TEST_PROGRAMS += $(XS_UNIT)
