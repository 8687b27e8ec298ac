# Xen 4.17, the reference hypervisor of the oracle suite (docs/oracle.md):
# Debian's xen-hypervisor-4.17-amd64 (mk/deps.sh installs it) ships the
# image gzipped; QEMU's Multiboot loader wants it plain.
XEN_GZ    := /boot/xen-4.17-amd64.gz
XEN_IMAGE := $(BUILD)/xen/xen-4.17

$(XEN_IMAGE): $(wildcard $(XEN_GZ)) | deps
	@mkdir -p $(dir $@)
	$(Q)zcat $(XEN_GZ) > $@.tmp && mv $@.tmp $@

test: $(XEN_IMAGE)
