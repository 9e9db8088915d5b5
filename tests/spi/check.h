/* The check() of the Windows test programs (tests/spi, tests/e2e, the
 * installer's): print the failed condition, exit 1. */
#ifndef SIOT_CHECK_H
#define SIOT_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define check(cond)                                                                   \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            exit(1);                                                                  \
        }                                                                             \
    } while (0)

#endif
