/*
 * Test kernels' peers built the Xen way (peer.h): a copy of the kernel
 * itself, from the image it carries, through toolstack_build.  Here, in
 * the toolstack archive, so that only kernels that build peers this way
 * need to carry an image.
 */
#include "peer.h"
#include "test.h"
#include "toolstack.h"

domid_t toolstack_peer_create(const char *cmdline, unsigned memory_kib,
			      struct toolstack_built *t, evtchn_port_t *local)
{
	size_t len = (size_t)((uintptr_t)carried_image_end - (uintptr_t)carried_image);
	CHECK(carried_image && len, "this kernel carries no image of itself (test.spec: carries: itself)");
	struct toolstack_domain dom = {
		.image = carried_image, .image_len = len,
		.memory_kib = memory_kib, .vcpus = 1, .cmdline = cmdline,
	};
	long rc = toolstack_build(&dom, t);
	CHECK(rc == 0, "toolstack_build \"%s\" (%u KiB): %ld", cmdline, memory_kib, rc);
	*local = peer_connect(t->domid);
	return t->domid;
}
