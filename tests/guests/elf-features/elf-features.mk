# The elf-features variants: one small kernel per FEATURES note in
# variants/*.S, each linked with variants/domu.c and the guest runtime.
# The elf-features test (test.spec) starts them beside its own kernel.
ELF_FEATURE_VARIANTS := $(basename $(notdir $(wildcard tests/guests/elf-features/variants/*.S)))
$(foreach v,$(ELF_FEATURE_VARIANTS),$(eval $(call guest_kernel,$(BUILD)/tests/guests/elf-features/$(v).elf,\
	tests/guests/elf-features/variants/domu.c tests/guests/elf-features/variants/$(v).S)))
