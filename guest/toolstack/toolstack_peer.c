/*
 * Test kernels' peers built the Xen way (peer.h): a copy of the kernel
 * itself, from the image it carries, through the toolstack.  Here, in the
 * toolstack archive, so that only kernels that build peers this way need
 * to carry an image.
 */
#include "peer.h"
#include "test.h"
#include "toolstack.h"

domid_t toolstack_peer_load(const char *cmdline, unsigned memory_kib, unsigned vcpus,
			    struct toolstack_built *t)
{
	size_t len = (size_t)((uintptr_t)carried_image_end - (uintptr_t)carried_image);
	CHECK(carried_image && len, "this kernel carries no image of itself (test.spec: carries: itself)");
	struct toolstack_domain dom = {
		.image = carried_image, .image_len = len, .memory_kib = memory_kib, .vcpus = vcpus,
		.cmdline = cmdline,
	};
	long rc = toolstack_create(&dom, t);
	CHECK(rc == 0, "toolstack_create \"%s\" (%u KiB): %ld", cmdline, memory_kib, rc);
	rc = toolstack_load(&dom, t);
	CHECK(rc == 0, "toolstack_load \"%s\" (%u KiB): %ld", cmdline, memory_kib, rc);
	return t->domid;
}

evtchn_port_t toolstack_peer_run(const struct toolstack_built *t)
{
	long rc = toolstack_start(t);
	CHECK(rc == 0, "toolstack_start d%u: %ld", t->domid, rc);
	evtchn_port_t local = peer_connect(t->domid);
	CHECK_EQ(toolstack_unpause(t->domid), 0);
	CHECK(peer_wait_report(t->domid, local, 5000000000ull), "d%u did not report", t->domid);
	return local;
}

void toolstack_peer_end(domid_t d, evtchn_port_t local)
{
	CHECK_EQ(toolstack_destroy(d), 0);
	CHECK_EQ(evtchn_close(local), 0);
}

domid_t toolstack_peer_create(const char *cmdline, unsigned memory_kib,
			      struct toolstack_built *t, evtchn_port_t *local)
{
	toolstack_peer_load(cmdline, memory_kib, 1, t);
	long rc = toolstack_start(t);
	CHECK(rc == 0, "toolstack_start d%u: %ld", t->domid, rc);
	*local = peer_connect(t->domid);
	return t->domid;
}
