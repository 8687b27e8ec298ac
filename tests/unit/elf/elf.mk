# Host unit tests of the PV kernel image reader and the start-of-day layout
# (tests/unit/elf/), with ASan and UBSan.  The files under test are the
# domain builder's own (dombuild/), which umbra-config compiles too.

ELF_PORTABLE_SRCS := dombuild/elf_xen.c dombuild/elf_features.c dombuild/pv_layout.c
ELF_PORTABLE_HDRS := $(ELF_PORTABLE_SRCS:.c=.h) $(wildcard include/public/*.h)
ELF_TEST_SRCS := $(wildcard tests/unit/elf/*.c)
ELF_UNIT := $(BUILD)/tests/unit/elf-tests

$(ELF_UNIT): $(ELF_PORTABLE_SRCS) $(ELF_PORTABLE_HDRS) $(ELF_TEST_SRCS) $(wildcard tests/unit/elf/*.h) \
		tests/unit/unit_check.h
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -std=gnu11 -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined \
		-fno-sanitize-recover=all -Iinclude -Idombuild -Itests/unit -Itests/unit/elf \
		-o $@ $(ELF_PORTABLE_SRCS) $(ELF_TEST_SRCS)

ALL_TARGETS += $(ELF_UNIT)
TEST_PROGRAMS += $(ELF_UNIT)
