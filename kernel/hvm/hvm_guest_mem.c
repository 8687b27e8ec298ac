/*
 * Reading and writing an HVM guest's memory on its behalf: by
 * guest-physical address through the p2m, and by guest-virtual address
 * through the guest's own page tables first (hypercall arguments, the
 * instruction bytes of hvm_insn.c).
 *
 * Every guest-physical page is looked up in the domain's p2m and reached
 * through the direct map only if the p2m maps it: nothing outside the
 * domain's own RAM is ever touched, whatever address the guest names.  The
 * guest's tables are walked as the CPU would walk them: paging off (the
 * linear address is the physical one, 32 bits wide outside long mode) or
 * long mode's four levels with 1 GiB and 2 MiB pages; a non-canonical
 * address (which the CPU itself would refuse), a missing entry, a
 * reserved walk, or a write through an entry without RW gives -XEN_EFAULT
 * (the 32-bit paging modes are not walked: a hypercall argument given
 * there gets -XEN_EFAULT too).  Accessed and dirty bits are not set.
 */
#include "hvm.h"
#include "hvm_paging.h"
#include "mm.h"
#include "svm.h"

#define PTE_P   1ull
#define PTE_RW  2ull
#define PTE_PS  0x80ull
#define PTE_ADDR 0x000FFFFFFFFFF000ull

static long copy_gpa(struct domain *d, uint64_t gpa, void *buf, size_t n, bool write)
{
	while (n) {
		uint64_t mfn = p2m_lookup(d, gpa >> PAGE_SHIFT);
		if (!mfn)
			return -XEN_EFAULT;
		size_t off = gpa & (PAGE_SIZE - 1), chunk = MIN(n, PAGE_SIZE - off);
		uint8_t *page = (uint8_t *)mfn_to_virt(mfn) + off;
		if (write)
			memcpy(page, buf, chunk);
		else
			memcpy(buf, page, chunk);
		buf = (uint8_t *)buf + chunk;
		gpa += chunk;
		n -= chunk;
	}
	return 0;
}

long hvm_copy_from_gpa(struct domain *d, void *dst, uint64_t gpa, size_t n)
{
	return copy_gpa(d, gpa, dst, n, false);
}

long hvm_copy_to_gpa(struct domain *d, uint64_t gpa, const void *src, size_t n)
{
	return copy_gpa(d, gpa, (void *)src, n, true);
}

/* The guest-physical address of gva, or ~0 when the guest's tables do not map it. */
static uint64_t translate(struct vcpu *v, uint64_t gva, bool write)
{
	void *vmcb = v->hvm->vmcb;
	uint64_t cr0 = vmcb_r64(vmcb, VMCB_CR0), efer = vmcb_r64(vmcb, VMCB_EFER);
	if (!(cr0 & (1ull << 31)))
		return (efer & (1u << 10)) ? gva : gva & 0xFFFFFFFF;
	if (!(efer & (1u << 10)))
		return ~0ull;
	if ((uint64_t)((int64_t)(gva << 16) >> 16) != gva)
		return ~0ull;                   /* non-canonical: #GP on the CPU */
	uint64_t table = vmcb_r64(vmcb, VMCB_CR3) & PTE_ADDR;
	for (int level = 3; level >= 0; level--) {
		uint64_t e;
		unsigned shift = 12 + 9 * (unsigned)level;
		if (hvm_copy_from_gpa(v->domain, &e, table + ((gva >> shift) & 511) * 8, 8))
			return ~0ull;
		if (!(e & PTE_P) || (write && !(e & PTE_RW)))
			return ~0ull;
		if (level == 0 || ((e & PTE_PS) && (level == 1 || level == 2))) {
			uint64_t size = 1ull << shift;
			return ((e & PTE_ADDR) & ~(size - 1)) | (gva & (size - 1));
		}
		if (e & PTE_PS)
			return ~0ull;           /* PS in an L4 entry is reserved */
		table = e & PTE_ADDR;
	}
	return ~0ull;
}

static long copy_gva(struct vcpu *v, uint64_t gva, void *buf, size_t n, bool write)
{
	while (n) {
		uint64_t gpa = translate(v, gva, write);
		if (gpa == ~0ull)
			return -XEN_EFAULT;
		size_t chunk = MIN(n, PAGE_SIZE - (gva & (PAGE_SIZE - 1)));
		long rc = copy_gpa(v->domain, gpa, buf, chunk, write);
		if (rc)
			return rc;
		buf = (uint8_t *)buf + chunk;
		gva += chunk;
		n -= chunk;
	}
	return 0;
}

long hvm_copy_from_gva(struct vcpu *v, void *dst, uint64_t gva, size_t n)
{
	return copy_gva(v, gva, dst, n, false);
}

long hvm_copy_to_gva(struct vcpu *v, uint64_t gva, const void *src, size_t n)
{
	return copy_gva(v, gva, (void *)src, n, true);
}
