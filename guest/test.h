/*
 * Test-kernel helpers.  A test kernel prints any number of lines and ends
 * with exactly one verdict, "TEST PASS" or "TEST FAIL: why", then powers
 * off (tools/run-tests reads the verdict from the serial log).
 */
#pragma once
#include "guest.h"

noreturn void test_pass(void);
noreturn void test_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The interface version the hypervisor reports (XENVER_version, asked now).
 * Tests compare other answers with it instead of hard-coding a release
 * (tests/guests/xen-version checks the value itself); an answer that is no
 * version at all (an error, a major below 3, bits above 32) fails the test. */
long xen_version_reported(void);

#define CHECK(cond, ...) do { if (!(cond)) test_fail(__VA_ARGS__); } while (0)
#define CHECK_EQ(a, b) do { long _a = (long)(a), _b = (long)(b); \
	if (_a != _b) test_fail("%s:%d: %s = %ld, expected %ld", __FILE__, __LINE__, #a, _a, _b); } while (0)
