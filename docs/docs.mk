# Generated documentation, and the test that keeps it current.
docs:
	$(Q)$(PYTHON) tools/gen-hypercall-doc

TEST_PROGRAMS += docs/check-current
