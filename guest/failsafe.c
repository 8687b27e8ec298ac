/* Recording failsafe callback for test kernels (failsafe.h). */
#include "events.h"
#include "failsafe.h"
#include "public/callback.h"

volatile struct failsafe_seen failsafe_seen;
volatile unsigned failsafe_tag;

extern char failsafe_entry[], guest_event_stub[];

/* Called by failsafe_entry with the frame the hypervisor wrote. */
void failsafe_record(const struct failsafe_frame *f)
{
	failsafe_seen.count++;
	failsafe_seen.at = (uint64_t)f;
	failsafe_seen.mask_on_entry = shared_info ? shared_info->vcpu_info[0].evtchn_upcall_mask : ~0u;
	failsafe_seen.tag = failsafe_tag;
	failsafe_seen.f = *f;
}

void failsafe_reset(void)
{
	failsafe_seen = (struct failsafe_seen){ 0 };
}

long failsafe_catch(uint16_t flags)
{
	failsafe_reset();
	struct callback_register cb = { .type = CALLBACKTYPE_failsafe, .flags = flags,
					 .address = (uint64_t)failsafe_entry };
	return HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
}

long failsafe_catch_legacy(void)
{
	failsafe_reset();
	return hypercall3(__HYPERVISOR_set_callbacks, guest_event_stub, failsafe_entry, 0);
}
