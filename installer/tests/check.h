/* The check() of the installer's test programs: print the failed condition, exit 1. */
#ifndef SIOT_INSTALLER_CHECK_H
#define SIOT_INSTALLER_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define check(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

#endif
