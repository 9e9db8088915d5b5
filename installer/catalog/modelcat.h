/* The catalog backend of the test build (lspctl-model): the catalog model of
 * tests/spi, a file that the SPI test host reads as ws2_32 reads Windows'
 * catalog. It is the Winsock backend (wscat.c) over the model's catmodel_WSC*
 * functions, so the code that drives Windows' catalog is the code the tests
 * exercise.
 *
 * Fault injection, from the environment:
 * - SIOT_LSPCTL_FAIL_CALL=N[,M...]: the N-th catalog call (counting every
 *   call, reads included) fails with WSANO_RECOVERY without reaching the
 *   model;
 * - SIOT_LSPCTL_KILL_AT=N: the process ends (exit 137, as if killed) just
 *   before the N-th catalog call, with nothing undone;
 * - SIOT_LSPCTL_MISSING=NAME[,NAME...]: those WSC* functions are missing, as
 *   WSCInstallProvider64_32 may be from a Windows that withdrew it. */
#ifndef SIOT_MODELCAT_H
#define SIOT_MODELCAT_H

#include "catalog.h"

/* file: the model's file. NULL with *error set on failure. */
catalog_t *modelcat_open(const WCHAR *file, catalog_error_t *error);

#endif
