# make profile (docs/performance.md): the instruction profile of the
# benchmark kernels' fast paths.  tools/profile-plugin.c is a QEMU TCG
# plugin built against the plugin header of Debian's qemu source package
# (mk/qemu-plugin-fetch.sh fetches it once per build tree with apt: about
# 6 s, 24 MB downloaded, 21 KB kept); tools/profile runs a kernel with it
# and maps the counted addresses to functions.
PROFILE_DIR    := $(BUILD)/profile
PROFILE_HEADER := $(PROFILE_DIR)/include/qemu-plugin.h
PROFILE_PLUGIN := $(PROFILE_DIR)/profile-plugin.so

$(PROFILE_HEADER): mk/qemu-plugin-fetch.sh mk/apt-private.sh | deps
	@echo "  QEMU    fetch qemu-plugin.h from Debian's source package qemu (once; log: $(PROFILE_DIR)/fetch.log)"
	$(Q)mkdir -p $(PROFILE_DIR)
	$(Q)sh mk/qemu-plugin-fetch.sh $(abspath $(PROFILE_DIR)) > $(PROFILE_DIR)/fetch.log 2>&1 || \
		{ tail -20 $(PROFILE_DIR)/fetch.log >&2; \
		  echo "umbra: could not fetch QEMU's plugin header with apt (log: $(PROFILE_DIR)/fetch.log)" >&2; exit 1; }

$(PROFILE_PLUGIN): tools/profile-plugin.c $(PROFILE_HEADER)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) -shared -fPIC -O2 -Wall -Wextra -Werror -I$(PROFILE_DIR)/include -o $@ $<

.PHONY: profile
profile: deps all $(PROFILE_PLUGIN)
	$(Q)$(PYTHON) tools/profile --append "loglvl=2" --out $(PROFILE_DIR)/hypercall.txt $(BUILD)/bench/hypercall.elf
	$(Q)$(PYTHON) tools/profile --append "loglvl=2" --out $(PROFILE_DIR)/mmu.txt $(BUILD)/bench/mmu.elf
	$(Q)$(PYTHON) tools/profile --append "loglvl=2" --out $(PROFILE_DIR)/xfer.txt \
		$(BUILD)/bench/xfer.elf "$(BUILD)/bench/xfer.elf image-only"
