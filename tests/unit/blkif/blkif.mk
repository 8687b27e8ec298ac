# Host unit tests of split-drivers/ (ring rules, blkif checks, blkback's
# engine against a fake front end, xenbus decisions, vbd node layout), with
# ASan and UBSan, over the sources the guests compile.
BLKIF_UNIT := $(BUILD)/tests/unit/blkif-tests
BLKIF_FAKE := tests/unit/blkif/blk_fake.c

$(BLKIF_UNIT): $(SD_SRCS) $(SD_HDRS) tests/unit/blkif/blkif_tests.c $(BLKIF_FAKE) tests/unit/blkif/blk_fake.h \
		tests/unit/unit_check.h
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -std=gnu11 -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined \
		-fno-sanitize-recover=all -Iinclude -Isplit-drivers -Itests/unit -Itests/unit/blkif \
		-o $@ $(SD_SRCS) $(BLKIF_FAKE) tests/unit/blkif/blkif_tests.c

ALL_TARGETS += $(BLKIF_UNIT)
TEST_PROGRAMS += $(BLKIF_UNIT)
