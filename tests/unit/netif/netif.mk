# Host unit tests of netback's packet checks and engine, the bridge and
# the vif node layout (tests/unit/netif), with ASan and UBSan, over the
# sources the guests compile.
NETIF_UNIT := $(BUILD)/tests/unit/netif-tests
NETIF_FAKE := tests/unit/netif/net_fake.c

$(NETIF_UNIT): $(SD_SRCS) $(SD_HDRS) tests/unit/netif/netif_tests.c $(NETIF_FAKE) tests/unit/netif/net_fake.h \
		tests/unit/unit_check.h
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -std=gnu11 -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined \
		-fno-sanitize-recover=all -Iinclude -Isplit-drivers -Itests/unit -Itests/unit/netif \
		-o $@ $(SD_SRCS) $(NETIF_FAKE) tests/unit/netif/netif_tests.c

ALL_TARGETS += $(NETIF_UNIT)
TEST_PROGRAMS += $(NETIF_UNIT)
