/*
 * start_info and the console page (xen-pv-abi.md 5.3, 5.6 step 5).
 *
 * start_info names everything else the guest needs at start of day: its
 * page count, shared_info's machine address, the p2m list and the
 * bootstrap tables by virtual address, the command line, the module (its
 * virtual address, or its PFN with SIF_MOD_START_PFN for a kernel whose
 * MOD_START_PFN note asks for that, and its length), and (for every
 * domain but the initial one) the xenstore and console pages by MFN with
 * their event channels.  The console page starts disconnected
 * (XENCONSOLE_DISCONNECTED), the xenstore page zeroed, as Xen's toolstack
 * leaves them.  Both pages were zeroed with the rest of the layout.
 *
 * Invariant: the command line is always NUL-terminated within its 1024
 * bytes, whatever the caller passes.
 */
#include "dombuild_internal.h"
#include "public/xen.h"

static void copy_cmdline(char *dst, const char *src)
{
	size_t i = 0;
	for (; src && src[i] && i + 1 < MAX_GUEST_CMDLINE; i++)
		dst[i] = src[i];
	dst[i] = 0;
}

void dombuild_start_info(struct dombuild *b, struct dombuild_env *env, const struct dombuild_args *a)
{
	const struct pv_layout *l = &b->layout;
	struct start_info *si = dombuild_map_pfn(b, env, l->start_info_pfn);
	if (!si)
		return;
	memcpy(si->magic, "xen-3.0-x86_64", sizeof("xen-3.0-x86_64"));
	si->nr_pages = l->nr_pages;
	si->shared_info = a->shared_info_mfn << 12;
	si->flags = (a->privileged ? SIF_PRIVILEGED : 0) | (a->initial ? SIF_INITDOMAIN : 0);
	if (!a->initial) {
		si->store_mfn = b->store_mfn;
		si->store_evtchn = a->store_evtchn;
		si->console.domU.mfn = b->console_mfn;
		si->console.domU.evtchn = a->console_evtchn;
	}
	si->pt_base = l->virt_base + (l->pt_pfn << 12);
	si->nr_pt_frames = l->nr_pt;
	si->mfn_list = l->virt_base + (l->p2m_pfn << 12);
	if (a->module_len) {
		si->mod_start = b->info.mod_start_pfn ? l->module_pfn : l->virt_base + (l->module_pfn << 12);
		si->mod_len = a->module_len;
		si->flags |= b->info.mod_start_pfn ? SIF_MOD_START_PFN : 0;
	}
	copy_cmdline(si->cmd_line, a->cmdline);
	env->unmap(env, si);
	if (a->initial)
		return;
	struct xencons_interface *cons = dombuild_map_pfn(b, env, l->console_pfn);
	if (!cons)
		return;
	cons->connection = XENCONSOLE_DISCONNECTED;
	env->unmap(env, cons);
}
