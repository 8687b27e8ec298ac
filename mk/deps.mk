# Missing Debian packages are installed by mk/deps.sh (as root) or named in a
# clear message.  The stamp keeps the check to once per build tree.
DEPS_STAMP := $(BUILD)/.deps-ok

deps: $(DEPS_STAMP)

$(DEPS_STAMP): mk/deps.sh
	$(Q)sh mk/deps.sh
	$(Q)mkdir -p $(BUILD) && touch $@
