# Host unit tests of the domain builder (tests/unit/dombuild/), with ASan
# and UBSan: the library as the hypervisor compiles it, the pv-mmu model
# to judge the page tables it writes, and the ELF image builder of
# tests/unit/elf/ for its input.

DOMBUILD_SRCS := $(wildcard dombuild/*.c)
DOMBUILD_TEST_SRCS := $(wildcard tests/unit/dombuild/*.c) tests/unit/elf/elf_image.c
DOMBUILD_UNIT := $(BUILD)/tests/unit/dombuild-tests

$(DOMBUILD_UNIT): $(DOMBUILD_SRCS) $(wildcard dombuild/*.h) $(DOMBUILD_TEST_SRCS) \
		$(wildcard tests/unit/dombuild/*.h) $(PV_MMU_SRCS) $(PV_MMU_HDRS) tests/unit/unit_check.h
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -std=gnu11 -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined \
		-fno-sanitize-recover=all -Iinclude -Idombuild -Ipv-mmu -Itests/unit -Itests/unit/elf \
		-o $@ $(DOMBUILD_SRCS) $(PV_MMU_SRCS) $(DOMBUILD_TEST_SRCS)

ALL_TARGETS += $(DOMBUILD_UNIT)
TEST_PROGRAMS += $(DOMBUILD_UNIT)
