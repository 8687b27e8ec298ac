# dom0, the control domain's program (dom0/*.c, a newlib guest), with the
# XenStore library (dom0/xenstore/) and the manifest reader the hypervisor
# uses (config/manifest.c, portable C), for `create`.
$(eval $(call guest_newlib_kernel,$(BUILD)/dom0/dom0.elf,$(wildcard dom0/*.c) $(wildcard dom0/xenstore/*.c) config/manifest.c))
