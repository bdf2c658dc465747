/* CHECK for the C API's test programs: a condition that does not hold is
 * printed with its place and counted in `failures`; main returns
 * failures ? 1 : 0, so one run reports every failed check, not the first. */
#ifndef CLIPFEED_TESTS_CAPI_CHECK_H
#define CLIPFEED_TESTS_CAPI_CHECK_H

#include <stdio.h>

static int failures = 0;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            ++failures;                                                              \
        }                                                                            \
    } while (0)

#endif
