/* The catalog this build of lspctl manages. lspctl manages Windows' own
 * catalogs (backend_wsc.c); lspctl-model, the build the tests and
 * `tools/dev.sh lspctl` use, manages the catalog model's file instead
 * (backend_model.c). */
#ifndef SIOT_BACKEND_H
#define SIOT_BACKEND_H

#include "catalog.h"

/* catalog_file is the value of --catalog-file, or NULL. Returns NULL with why
 * and *exit_code set when it cannot be opened. */
catalog_t *backend_open(const char *catalog_file, char *why, size_t n, int *exit_code);

/* Lines for --help about what this build manages. */
extern const char backend_help[];

#endif
