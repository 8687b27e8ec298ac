# tests/config/: the tests of umbra-config and of the manifest reader.
#
#   run-corpus.sh bad|good   the description corpora (bad/, good/)
#   run-cli.sh               the command line
#   check-demo.sh            config/examples/demo.xml
#   test-manifest            unit tests of config/manifest.c (ASan, UBSan)
#   check-freestanding.sh    manifest.c compiled as the kernel compiles it
#   fuzz.sh                  fuzz-manifest and fuzz-check, bounded here;
#                            `make fuzz` runs them for 10 minutes each
#
# The kernels and disk images the corpora name are generated under
# $(CFGTEST)/fixtures by make-fixtures.sh, so nothing here depends on the
# hypervisor's build.  The library is compiled a second time with clang,
# AddressSanitizer, UBSan and fuzzer coverage for the unit test and the
# fuzzers.

CFGTEST          := $(BUILD)/tests/config
CFGTEST_FIXTURES := $(CFGTEST)/fixtures
CFGTEST_SAN      := -fsanitize=address,undefined -fno-sanitize-recover=all
CFGTEST_CFLAGS   := -std=gnu11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -Werror -MMD -MP \
		    $(CFGTOOL_XML_CFLAGS) -Iinclude -Idombuild $(CFGTEST_SAN) -fsanitize=fuzzer-no-link
CFGTEST_SAN_OBJS := $(patsubst %.c,$(CFGTEST)/san/%.o,$(notdir $(CFGTOOL_LIB_SRCS)) $(CFGTOOL_DOMBUILD_SRCS)) \
		    $(BUILD)/config/schema-data.o
CFGTEST_FREESTANDING := -ffreestanding -nostdinc -isystem $(shell $(HOSTCC) -print-file-name=include) \
		    -mno-red-zone -mcmodel=kernel -mgeneral-regs-only -fno-pic -fno-stack-protector \
		    -O2 -Wall -Wextra -Werror

# The runner splits TEST_PROGRAMS into words, so each test command is a
# one-word script generated here: $(call CFGTEST_COMMAND,NAME,COMMAND,NEEDS)
# makes $(CFGTEST)/NAME.test run COMMAND with the script's arguments, once
# the files NEEDS are built (so `make fuzz` builds what it runs).
define CFGTEST_COMMAND
$(CFGTEST)/$(1).test: tests/config/config.mk $(3)
	$$(Q)mkdir -p $$(@D)
	$$(Q)printf '#!/bin/sh\nexec %s "$$$$@"\n' '$(2)' >$$@
	$$(Q)chmod +x $$@
CFGTEST_TESTS += $(CFGTEST)/$(1).test
endef

CFGTEST_TESTS :=
CFGTEST_RUN := $(UMBRA_CONFIG) $(CFGTEST)/fixtures.stamp
$(eval $(call CFGTEST_COMMAND,corpus-bad,sh tests/config/run-corpus.sh bad $(UMBRA_CONFIG) tests/config/bad $(CFGTEST)/run-bad $(CFGTEST_FIXTURES),$(CFGTEST_RUN)))
$(eval $(call CFGTEST_COMMAND,corpus-good,sh tests/config/run-corpus.sh good $(UMBRA_CONFIG) tests/config/good $(CFGTEST)/run-good $(CFGTEST_FIXTURES),$(CFGTEST_RUN)))
$(eval $(call CFGTEST_COMMAND,cli,sh tests/config/run-cli.sh $(UMBRA_CONFIG) $(CFGTEST)/run-cli $(CFGTEST_FIXTURES),$(CFGTEST_RUN)))
$(eval $(call CFGTEST_COMMAND,demo,sh tests/config/check-demo.sh $(UMBRA_CONFIG) config/examples/demo.xml,$(UMBRA_CONFIG)))
$(eval $(call CFGTEST_COMMAND,freestanding,sh tests/config/check-freestanding.sh $(CFGTEST)/manifest-freestanding.o,$(CFGTEST)/manifest-freestanding.o))
$(eval $(call CFGTEST_COMMAND,manifest,$(CFGTEST)/test-manifest,$(CFGTEST)/test-manifest))
$(eval $(call CFGTEST_COMMAND,fuzz-manifest,sh tests/config/fuzz.sh manifest $(CFGTEST)/fuzz-manifest $(CFGTEST)/fuzz/manifest $(CFGTEST)/fuzz/manifest $(CFGTEST)/seeds,$(CFGTEST)/fuzz-manifest $(CFGTEST)/seeds.stamp))
$(eval $(call CFGTEST_COMMAND,fuzz-check,sh tests/config/fuzz.sh check $(CFGTEST)/fuzz-check $(CFGTEST)/fuzz/check $(CFGTEST)/seeds tests/config/good tests/config/bad $(CFGTEST_FIXTURES)/kernels,$(CFGTEST)/fuzz-check $(CFGTEST)/seeds.stamp))

ALL_TARGETS += $(CFGTEST_TESTS)
TEST_PROGRAMS += $(CFGTEST_TESTS)
FUZZ_PROGRAMS += $(CFGTEST)/fuzz-manifest.test $(CFGTEST)/fuzz-check.test

$(CFGTEST)/fixtures.stamp: tests/config/make-fixtures.sh $(wildcard tests/config/fixtures/*.S tests/config/fixtures/*.ld)
	$(Q)mkdir -p $(@D)
	$(Q)sh tests/config/make-fixtures.sh tests/config/fixtures $(CFGTEST_FIXTURES)
	$(Q)touch $@

# Fuzzer seeds: the good corpus compiled, next to links to the fixtures.
$(CFGTEST)/seeds.stamp: $(CFGTEST)/fixtures.stamp $(UMBRA_CONFIG) $(wildcard tests/config/good/*)
	$(Q)sh tests/config/run-corpus.sh good $(UMBRA_CONFIG) tests/config/good $(CFGTEST)/seeds \
		$(CFGTEST_FIXTURES) >/dev/null
	$(Q)touch $@

$(CFGTEST)/san/%.o: config/%.c
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(CFGTEST_CFLAGS) -c $< -o $@

$(CFGTEST)/san/%.o: tests/config/%.c
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(CFGTEST_CFLAGS) -c $< -o $@

$(CFGTEST)/san/dombuild/%.o: dombuild/%.c
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(CFGTEST_CFLAGS) -c $< -o $@

$(CFGTEST)/test-manifest: $(CFGTEST)/san/test-manifest.o $(CFGTEST_SAN_OBJS)
	$(Q)$(CLANG) $(CFGTEST_SAN) $^ $(CFGTOOL_XML_LIBS) -o $@

$(CFGTEST)/fuzz-manifest $(CFGTEST)/fuzz-check: $(CFGTEST)/fuzz-%: $(CFGTEST)/san/fuzz-%.o $(CFGTEST_SAN_OBJS)
	$(Q)$(CLANG) $(CFGTEST_SAN) -fsanitize=fuzzer $^ $(CFGTOOL_XML_LIBS) -o $@

$(CFGTEST)/manifest-freestanding.o: config/manifest.c config/manifest.h
	$(Q)mkdir -p $(@D)
	$(Q)$(HOSTCC) $(CFGTEST_FREESTANDING) -c $< -o $@

-include $(wildcard $(CFGTEST)/san/*.d $(CFGTEST)/san/dombuild/*.d)
