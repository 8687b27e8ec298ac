/*
 * XENMEM_exchange as Xen 4.17 answers a PV domain (xen-pv-abi.md 17.3;
 * docs/domains.md "Memory"): frames the domain holds and nothing else uses
 * are traded for fresh ones of another extent order or below an address
 * limit; the outputs are aligned, zeroed, their M2P entries set to the PFNs
 * the out array named and their MFNs written over them; nr_exchanged counts
 * the input extents done and is written back on every return; the
 * reservation does not change.  A chunk is all or nothing: an input that is
 * mapped, pinned, the same frame twice, or not the domain's fails it with
 * -EINVAL, the frames of the failed chunk stay where they were, and the
 * chunks before it count.  Argument checks: -EPERM for an order beyond the
 * caller's limit, -EINVAL for mismatched sizes, domains or a bad
 * nr_exchanged, -EFAULT for arrays the guest may not name, -ESRCH for no
 * domain, -ENOMEM when no frame fits the address limit, -EINVAL for a start
 * index in the command.  Same verdict on Xen's dom0.
 */
#include "attack.h"
#include "public/memory.h"

static uint64_t in[16], out[16];

static long mop(unsigned cmd, void *arg)
{
	return HYPERVISOR_memory_op(cmd, arg);
}

static long cur(void)
{
	domid_t d = DOMID_SELF;
	return mop(XENMEM_current_reservation, &d);
}

static void expect(const char *what, long got, long want)
{
	if (got != want)
		test_fail("%s: %ld, expected %ld", what, got, want);
}

static struct xen_memory_exchange x;

static long exchange(uint64_t *i, uint64_t ni, unsigned oi, uint64_t *o, uint64_t no, unsigned oo,
		     unsigned out_flags, domid_t dom)
{
	x = (struct xen_memory_exchange){ { (uint64_t)i, ni, oi, 0, dom }, { (uint64_t)o, no, oo, out_flags, dom }, 0 };
	return mop(XENMEM_exchange, &x);
}

static void fresh(uint64_t *l, unsigned n)
{
	for (unsigned k = 0; k < n; k++)
		l[k] = pt_mfn(pt_alloc());
}

static void expect(const char *what, long got, long want);

static void zeroed(const char *what, uint64_t mfn)
{
	const volatile uint64_t *p = frame_view(mfn);
	for (unsigned k = 0; k < 512; k++)
		CHECK(p[k] == 0, "%s: frame %lx word %u = %lx", what, mfn, k, p[k]);
	expect("unmap the view", pt_map_mfn(pt_view_va(), mfn, 0), 0);   /* a mapped frame cannot go */
}

int main(void)
{
	pt_init();
	long c0 = cur();

	/* Four single frames for one order-2 extent. */
	fresh(in, 4);
	out[0] = 0x600;
	expect("4 x order 0 -> 1 x order 2", exchange(in, 4, 0, out, 1, 2, 0, DOMID_SELF), 0);
	expect("nr_exchanged", (long)x.nr_exchanged, 4);
	CHECK(!(out[0] & 3), "order-2 extent %lx not aligned", out[0]);
	for (unsigned k = 0; k < 4; k++) {
		expect("M2P of an output frame", (long)M2P[out[0] + k], 0x600 + k);
		CHECK(M2P[in[k]] >> 63, "M2P of an input frame: %lx", M2P[in[k]]);
		zeroed("output frame", out[0] + k);
	}
	expect("reservation unchanged", cur(), c0);
	expect("the inputs are gone", exchange(in, 1, 0, &out[4], 1, 0, 0, DOMID_SELF), -XEN_EINVAL);

	/* And back, below 4 GiB. */
	uint64_t big = out[0];
	in[0] = big;
	for (unsigned k = 0; k < 4; k++)
		out[k] = 0x900 + k;
	expect("1 x order 2 -> 4 x order 0, 32 address bits", exchange(in, 1, 2, out, 4, 0, 32, DOMID_SELF), 0);
	expect("nr_exchanged", (long)x.nr_exchanged, 1);
	for (unsigned k = 0; k < 4; k++) {
		CHECK(out[k] < 1ull << 20, "frame %lx above 4 GiB", out[k]);
		expect("M2P", (long)M2P[out[k]], 0x900 + k);
	}
	expect("reservation unchanged", cur(), c0);

	/* A chunk with a frame still in use fails; the chunks before it count. */
	uint64_t pfn = pt_alloc(), mapped = pt_mfn(pfn);
	expect("map", pt_map(pfn, PT_P | PT_A), 0);
	uint64_t keep[2] = { out[0], out[1] };
	in[0] = out[0];
	in[1] = out[1];
	in[2] = mapped;
	in[3] = out[2];
	expect("a mapped input", exchange(in, 4, 0, out, 4, 0, 0, DOMID_SELF), -XEN_EINVAL);
	expect("nr_exchanged: the two chunks before it", (long)x.nr_exchanged, 2);
	/* The out array named keep[] as PFNs; the two outputs carry them in M2P. */
	expect("M2P of the first output", (long)M2P[out[0]], (long)keep[0]);
	expect("M2P of the second output", (long)M2P[out[1]], (long)keep[1]);
	expect("the mapped frame is still ours", (long)M2P[mapped], (long)pfn);
	expect("it stays mapped", (long)PT_MFN(pt_entry(pt_pfn_va(pfn), 1)), (long)mapped);
	expect("and can be unmapped", pt_map(pfn, 0), 0);
	expect("reservation unchanged", cur(), c0);

	/* Inputs pinned, or named twice in one chunk: the chunk keeps its frames. */
	uint64_t l1 = pt_mfn(pt_alloc()), spare = out[3];
	expect("pin", pt_pin(1, l1), 0);
	in[0] = spare;
	in[1] = l1;
	expect("a pinned input", exchange(in, 2, 0, out, 1, 1, 0, DOMID_SELF), -XEN_EINVAL);
	expect("nr_exchanged", (long)x.nr_exchanged, 0);
	expect("still pinned", pt_unpin(l1), 0);
	in[1] = spare;
	expect("the same frame twice", exchange(in, 2, 0, out, 1, 1, 0, DOMID_SELF), -XEN_EINVAL);
	in[0] = spare;
	in[1] = l1;
	out[0] = 0x800;
	expect("both now free", exchange(in, 2, 0, out, 1, 1, 0, DOMID_SELF), 0);
	expect("M2P", (long)M2P[out[0] + 1], 0x801);
	expect("reservation unchanged", cur(), c0);
	in[0] = start_info->shared_info >> 12;
	expect("shared_info", exchange(in, 1, 0, out, 1, 0, 0, DOMID_SELF), -XEN_EINVAL);
	in[0] = pt_cr3_mfn();
	expect("the live L4", exchange(in, 1, 0, out, 1, 0, 0, DOMID_SELF), -XEN_EINVAL);
	in[0] = 1;
	expect("a frame not ours", exchange(in, 1, 0, out, 1, 0, 0, DOMID_SELF), -XEN_EINVAL);

	/* Argument checks, in Xen's order. */
	fresh(in, 2);
	expect("order 19", exchange(in, 1, 19, out, 1, 19, 0, DOMID_SELF), -XEN_EPERM);
	expect("sizes differ", exchange(in, 2, 0, out, 1, 0, 0, DOMID_SELF), -XEN_EINVAL);
	x = (struct xen_memory_exchange){ { (uint64_t)in, 2, 0, 0, DOMID_SELF }, { (uint64_t)out, 2, 0, 0, 0 }, 0 };
	expect("in and out domids differ", mop(XENMEM_exchange, &x), -XEN_EINVAL);
	expect("nr_exchanged written back", (long)x.nr_exchanged, 0);
	x = (struct xen_memory_exchange){ { (uint64_t)in, 2, 0, 0, DOMID_SELF }, { (uint64_t)out, 2, 0, 0, DOMID_SELF }, 3 };
	expect("nr_exchanged beyond nr_extents", mop(XENMEM_exchange, &x), -XEN_EINVAL);
	expect("nr_exchanged as given", (long)x.nr_exchanged, 3);
	x.nr_exchanged = 2;
	expect("all done already", mop(XENMEM_exchange, &x), 0);
	expect("sizes that overflow", exchange(in, 1ull << 62, 2, out, 1ull << 62, 2, 0, DOMID_SELF), -XEN_EINVAL);
	expect("out array in the hypervisor's range", exchange(in, 1, 0, (uint64_t *)0xFFFF800000000000ull, 1, 0, 0,
							   DOMID_SELF), -XEN_EFAULT);
	expect("in array unmapped", exchange((uint64_t *)0x1000, 1, 0, out, 1, 0, 0, DOMID_SELF), -XEN_EFAULT);
	expect("out array unmapped", exchange(in, 1, 0, (uint64_t *)0x1000, 1, 0, 0, DOMID_SELF), -XEN_EFAULT);
	expect("nr_exchanged", (long)x.nr_exchanged, 0);
	expect("its frame stays the domain's, unnamed", cur(), c0);
	expect("no domain", exchange(&in[1], 1, 0, out, 1, 0, 0, 0x7FEF), -XEN_ESRCH);
	expect("address bits 13", exchange(&in[1], 1, 0, out, 1, 0, 13, DOMID_SELF), -XEN_ENOMEM);
	expect("start index", mop(XENMEM_exchange | 1 << 6, &x), -XEN_EINVAL);
	expect("argument unmapped", mop(XENMEM_exchange, (void *)0x1000), -XEN_EFAULT);
	expect("the input of the refused calls is still ours", exchange(&in[1], 1, 0, out, 1, 0, 0, DOMID_SELF), 0);
	expect("reservation unchanged", cur(), c0);
	printf("exchange answers as Xen's\n");
	test_pass();
}
