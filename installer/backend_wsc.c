#include "backend.h"

#include <stdio.h>

#include "exitcode.h"

const char backend_help[] =
    "This lspctl manages the Winsock catalogs of Windows itself (the WSC* functions of\n"
    "ws2_32.dll); the 64-bit build manages both the 64-bit and the 32-bit catalog.\n"
    "--catalog-file belongs to lspctl-model, the build for the catalog model.\n";

catalog_t *backend_open(const char *catalog_file, char *why, size_t n, int *exit_code)
{
    BOOL wow = FALSE;
    catalog_error_t error;
    catalog_t *cat = NULL;

    *exit_code = EXIT_USAGE;
    if (catalog_file)
        snprintf(why, n,
                 "--catalog-file: this lspctl manages Windows' catalogs; the model's "
                 "file is managed by lspctl-model");
    /* The 32-bit lspctl on 64-bit Windows would reach only the 32-bit catalog. */
    else if (sizeof(void *) == 4 && IsWow64Process(GetCurrentProcess(), &wow) && wow)
        snprintf(why, n,
                 "this is the 32-bit lspctl on 64-bit Windows: run the 64-bit lspctl, "
                 "which manages both catalogs");
    else if (!(cat = catalog_open(&error))) {
        snprintf(why, n, "%s failed with error %d (%s)", error.call, error.code, error.detail);
        *exit_code = EXIT_NO_API;
    }
    return cat;
}
