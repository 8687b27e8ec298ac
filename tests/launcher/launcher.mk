# tests/launcher/: tools/umbra's refusals of user mistakes (cases.sh) and
# the machine sizes it boots (memory.sh).  Each runs as a one-word test
# program generated here, once what it boots is built.
LAUNCHER_TEST := $(BUILD)/tests/launcher
LAUNCHER_NEEDS := $(KERNEL_ELF) $(UMBRA_CONFIG) $(BUILD)/tests/guests/hello.elf $(CFGTEST)/fixtures.stamp \
	$(BUILD)/dom0/dom0.elf $(BUILD)/demo/echo.elf $(BUILD)/demo/disk.elf $(BUILD)/demo/web.elf \
	$(BUILD)/split-drivers/blkback-domain.elf $(DEMO_DISK)

$(LAUNCHER_TEST)/%.test: tests/launcher/%.sh tests/launcher/launcher.mk $(LAUNCHER_NEEDS)
	$(Q)mkdir -p $(@D)
	$(Q)printf '#!/bin/sh\nexec sh %s %s %s "$$@"\n' $< $(BUILD) $(CFGTEST_FIXTURES) >$@
	$(Q)chmod +x $@

LAUNCHER_TESTS := $(LAUNCHER_TEST)/cases.test $(LAUNCHER_TEST)/memory.test
ALL_TARGETS += $(LAUNCHER_TESTS)
TEST_PROGRAMS += $(LAUNCHER_TESTS)
