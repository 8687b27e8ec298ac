/*
 * One <domain> element into one desc_domain: every attribute and child
 * of the domain except <devices> (desc-devices.c).
 *
 * Rules that concern a single domain are checked here, where all its
 * values are at hand: the name's spelling, the role and type and how
 * they combine (the control and driver domains are PV; only HVM domains
 * have a paging mode, shadow by default), whether it starts at boot
 * (autostart, never 'no' for the control domain, which creates the
 * others), the memory (at least 1 MiB, at most what the hypervisor's
 * builder takes, pv_layout.h), the vcpu count, the scheduler cap against
 * the vcpus, the limits, the length of the command line.  Absent optional values take the defaults documented
 * in docs/configuration.md, which are those of manifest.h.
 */
#include "desc.h"

#include <string.h>

#include "pv_layout.h"
#include "value.h"
#include "xmlnode.h"

static const char *const roles[] = { "control", "driver", "guest", NULL };
static const char *const types[] = { "pv", "hvm", NULL };
static const char *const pagings[] = { "shadow", "hap", NULL };
static const char *const yes_no[] = { "yes", "no", NULL };

static void load_name(struct desc_domain *dom, const char *name, long line, struct diag *d)
{
	size_t n = strlen(name);

	dom->name = name;
	dom->name_line = line;
	if (n == 0) {
		diag_error(d, line, "domain name is empty");
		return;
	}
	if (n > MANIFEST_NAME_MAX) {
		diag_error(d, line, "domain name '%s' is longer than %u characters", name, MANIFEST_NAME_MAX);
		return;
	}
	if (strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") != n)
		diag_error(d, line, "domain name '%s' may contain only letters, digits, '-', '_' and '.'", name);
}

static void load_kind(struct desc_domain *dom, xmlNode *n, struct arena *a, struct diag *d)
{
	const char *role = xml_attr(a, n, "role"), *type = xml_attr(a, n, "type");
	const char *paging = xml_attr(a, n, "paging"), *autostart = xml_attr(a, n, "autostart");

	dom->role = role ? value_choice(d, dom->line, "role", role, roles) : MANIFEST_ROLE_GUEST;
	dom->type = type ? value_choice(d, dom->line, "type", type, types) : MANIFEST_TYPE_PV;
	dom->paging = MANIFEST_PAGING_NONE;
	if (dom->type == MANIFEST_TYPE_HVM)
		dom->paging = MANIFEST_PAGING_SHADOW;
	if (paging) {
		int p = value_choice(d, dom->line, "paging mode", paging, pagings);
		if (dom->type == MANIFEST_TYPE_PV)
			diag_error(d, dom->line, "paging='%s' applies only to type='hvm' domains", paging);
		else if (p >= 0)
			dom->paging = MANIFEST_PAGING_SHADOW + p;
	}
	if (dom->type == MANIFEST_TYPE_HVM && dom->role == MANIFEST_ROLE_CONTROL)
		diag_error(d, dom->line, "the control domain must be type='pv'");
	if (dom->type == MANIFEST_TYPE_HVM && dom->role == MANIFEST_ROLE_DRIVER)
		diag_error(d, dom->line, "a driver domain must be type='pv'");
	dom->no_autostart = autostart && value_choice(d, dom->line, "autostart value", autostart, yes_no) == 1;
	if (dom->no_autostart && dom->role == MANIFEST_ROLE_CONTROL)
		diag_error(d, dom->line, "the control domain cannot have autostart='no': "
			   "it starts at boot and creates the others");
}

/* Attribute attr of n (which may be NULL) as a number, or dflt. */
static uint32_t number_attr(xmlNode *n, const char *attr, const char *what, uint64_t min,
			    uint64_t max, uint32_t dflt, struct arena *a, struct diag *d)
{
	const char *text = xml_attr(a, n, attr);
	uint64_t v = dflt;

	if (text && !value_number(d, xml_line(n), what, text, min, max, false, &v))
		v = dflt;
	return (uint32_t)v;
}

static void load_os(struct desc_domain *dom, xmlNode *os, struct arena *a, struct diag *d)
{
	xmlNode *kernel = xml_child(os, "kernel"), *cmdline = xml_child(os, "cmdline");
	xmlNode *initrd = xml_child(os, "initrd");

	dom->kernel = xml_text(a, kernel);
	dom->kernel_line = xml_line(kernel);
	if (!*dom->kernel)
		diag_error(d, dom->kernel_line, "kernel path is empty");
	if (initrd) {
		dom->initrd = xml_text(a, initrd);
		dom->initrd_line = xml_line(initrd);
		if (!*dom->initrd)
			diag_error(d, dom->initrd_line, "initrd path is empty");
	}
	dom->cmdline = cmdline ? xml_text(a, cmdline) : "";
	if (strlen(dom->cmdline) > MANIFEST_CMDLINE_MAX)
		diag_error(d, xml_line(cmdline), "cmdline is longer than %u characters", MANIFEST_CMDLINE_MAX);
}

static void load_resources(struct desc_domain *dom, xmlNode *n, struct arena *a, struct diag *d)
{
	xmlNode *mem = xml_child(n, "memory"), *vcpu = xml_child(n, "vcpu");
	xmlNode *sched = xml_child(n, "schedule"), *limits = xml_child(n, "limits");
	uint64_t v = 1;

	char text[32];

	dom->memory_line = xml_line(mem);
	if (!value_memory(d, xml_line(mem), xml_text(a, mem), xml_attr(a, mem, "unit"), &dom->memory_kib))
		dom->memory_kib = 0;
	else if (dom->memory_kib < MANIFEST_MEMORY_MIN_KIB)
		diag_error(d, xml_line(mem), "domain memory %llu KiB is less than the minimum of 1 MiB",
			   (unsigned long long)dom->memory_kib);
	else if (dom->memory_kib > PV_LAYOUT_MAX_PAGES * 4)
		diag_error(d, xml_line(mem), "domain memory %s is more than the %llu MiB a domain can have",
			   value_kib_text(text, dom->memory_kib), PV_LAYOUT_MAX_PAGES * 4 / 1024);
	if (vcpu && !value_number(d, xml_line(vcpu), "vcpu count", xml_text(a, vcpu), 1,
				  MANIFEST_VCPUS_MAX, false, &v))
		v = 0;
	dom->vcpus = (uint32_t)v;
	dom->weight = number_attr(sched, "weight", "scheduler weight", MANIFEST_WEIGHT_MIN,
				  MANIFEST_WEIGHT_MAX, MANIFEST_WEIGHT_DEFAULT, a, d);
	dom->cap = number_attr(sched, "cap", "scheduler cap", 0, UINT32_MAX, 0, a, d);
	if (dom->vcpus && dom->cap > MANIFEST_CAP_PER_VCPU * dom->vcpus)
		diag_error(d, xml_line(sched), "scheduler cap %u is more than %u%% per vcpu (at most %u for %u vcpus)",
			   dom->cap, MANIFEST_CAP_PER_VCPU, MANIFEST_CAP_PER_VCPU * dom->vcpus, dom->vcpus);
	dom->grant_frames = number_attr(limits, "grant_frames", "grant frame limit", 1,
					MANIFEST_GRANT_FRAMES_MAX, MANIFEST_GRANT_FRAMES_DEFAULT, a, d);
	dom->event_channels = number_attr(limits, "event_channels", "event channel limit", 1,
					  MANIFEST_EVTCHN_MAX, MANIFEST_EVTCHN_DEFAULT, a, d);
}

void desc_domain_load(struct desc_system *s, struct desc_domain *dom, xmlNode *n, struct diag *d)
{
	xmlNode *name = xml_child(n, "name"), *devices = xml_child(n, "devices");

	dom->line = xml_line(n);
	load_name(dom, xml_text(&s->arena, name), xml_line(name), d);
	load_kind(dom, n, &s->arena, d);
	load_resources(dom, n, &s->arena, d);
	load_os(dom, xml_child(n, "os"), &s->arena, d);
	if (devices)
		desc_devices_load(s, dom, devices, d);
}
