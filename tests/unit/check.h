/* check: the unit tests' one assertion. A failure prints where and what,
 * and the test exits non-zero at the end. */
#ifndef SIOT_CHECK_H
#define SIOT_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;

#define check(cond, ...)                                                   \
    do {                                                                   \
        if (!(cond)) {                                                     \
            check_failures++;                                              \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                  \
            fputc('\n', stderr);                                           \
        }                                                                  \
    } while (0)

#define check_str(got, want)                                               \
    check(strcmp((got), (want)) == 0, "\n  got:  %s\n  want: %s", (got), (want))

static inline int check_done(const char *name)
{
    if (check_failures)
        fprintf(stderr, "%s: %d check(s) failed\n", name, check_failures);
    else
        printf("%s: all checks passed\n", name);
    return check_failures != 0;
}

#endif
