/*
 * Rule: only the privileged domain reads the hypervisor's boot modules
 * (sysctl boot_module): they hold the system's manifest and every domain's
 * kernel, and a guest has no business with other domains' images.  An
 * unprivileged domain (created from this image) asks for module 0 and 1
 * with a good buffer, and with requests that are wrong in every other
 * way too (a module past the last, pads set, an offset past the end, a
 * buffer in hypervisor space): each is -EPERM, as every sysctl answers an
 * unprivileged caller (Xen's order: only an unreadable record -EFAULT
 * and a bad interface version -EACCES come first, and are checked here
 * too); its buffer and the record stay as they were.  It reports over the
 * control channel; then the control domain reads the same module, so the
 * refusal is about the caller, not the request.
 */
#include "peer.h"
#include "test.h"

static uint8_t buf[4096];

static long ask(uint32_t module, uint32_t pad, uint64_t offset, uint64_t buffer, uint32_t version)
{
	struct xen_sysctl op = { 0 };
	op.cmd = UMBRA_SYSCTL_boot_module;
	op.interface_version = version;
	op.u.boot_module = (struct umbra_sysctl_boot_module){
		.module = module, .pad = pad, .offset = offset, .buffer = buffer, .length = sizeof(buf),
		.size = 0x5151, .count = 0x7777,
	};
	struct xen_sysctl sent = op;
	long rc = HYPERVISOR_sysctl(&op);
	CHECK(memcmp(&op, &sent, sizeof(op)) == 0, "the record changed (module %u): rc %ld", module, rc);
	return rc;
}

static noreturn void unprivileged(void)
{
	uint64_t b = (uint64_t)buf;
	memset(buf, 0xee, sizeof(buf));
	CHECK_EQ(ask(0, 0, 0, b, XEN_SYSCTL_INTERFACE_VERSION), -XEN_EPERM);
	CHECK_EQ(ask(PEER_MODULE, 0, 0, b, XEN_SYSCTL_INTERFACE_VERSION), -XEN_EPERM);
	CHECK_EQ(ask(99, 0, 0, b, XEN_SYSCTL_INTERFACE_VERSION), -XEN_EPERM);
	CHECK_EQ(ask(PEER_MODULE, 1, 0, b, XEN_SYSCTL_INTERFACE_VERSION), -XEN_EPERM);
	CHECK_EQ(ask(PEER_MODULE, 0, ~0ull, b, XEN_SYSCTL_INTERFACE_VERSION), -XEN_EPERM);
	CHECK_EQ(ask(PEER_MODULE, 0, 0, HYPERVISOR_VIRT_START, XEN_SYSCTL_INTERFACE_VERSION), -XEN_EPERM);
	CHECK_EQ(ask(PEER_MODULE, 0, 0, b, 0), -XEN_EACCES);
	CHECK_EQ(HYPERVISOR_sysctl(NULL), -XEN_EFAULT);
	CHECK_EQ(sysctl_boot_module(PEER_MODULE, 0, buf, sizeof(buf), NULL), -XEN_EPERM);
	for (unsigned i = 0; i < sizeof(buf); i++)
		CHECK(buf[i] == 0xee, "byte %u of the buffer written: 0x%x", i, buf[i]);
	printf("unprivileged: every boot_module request refused, nothing copied\n");
	peer_report_ok();
}

int main(void)
{
	if (peer_role("reader"))
		unprivileged();
	events_init();
	domid_t d = peer_create("reader", 4096);
	evtchn_port_t port = peer_connect(d);
	peer_run(d, port, 10000000000ull, "the unprivileged reader");
	uint64_t size = 0;
	long n = sysctl_boot_module(PEER_MODULE, 0, buf, sizeof(buf), &size);
	CHECK(n == (long)sizeof(buf) && size > sizeof(buf), "privileged read: %ld of %lu", n, size);
	CHECK(memcmp(buf, "\177ELF", 4) == 0, "module %u is no ELF image", PEER_MODULE);
	printf("privileged d0: read the same module (%lu bytes)\n", size);
	test_pass();
}
