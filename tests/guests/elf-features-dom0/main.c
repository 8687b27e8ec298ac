/*
 * Rule: a control-domain kernel whose SUPPORTED_FEATURES note does not
 * list dom0 is refused, as Xen refuses such a dom0 ("Kernel does not
 * support Dom0 operation"); the refusal of the initial domain ends the
 * boot with one line and the refused-boot status, never a panic.  This
 * kernel (notes.S) is that kernel, so running at all is the failure.
 */
#include "test.h"

int main(void)
{
	test_fail("built as the control domain despite a SUPPORTED_FEATURES note without dom0");
}
