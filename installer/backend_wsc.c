#include "backend.h"

#include <stdio.h>

#include "exitcode.h"

const char backend_help[] =
    "This lspctl manages the Winsock catalogs of Windows itself (the WSC* functions of\n"
    "ws2_32.dll); the 64-bit build manages both the 64-bit and the 32-bit catalog.\n"
    "--catalog-file belongs to lspctl-model, the build for the catalog model.\n";

/* The 32-bit lspctl on 64-bit Windows would reach only the 32-bit catalog. */
static int backend__wow64(void)
{
#ifdef _WIN64
    return 0;
#else
    BOOL wow = FALSE;

    return IsWow64Process(GetCurrentProcess(), &wow) && wow;
#endif
}

catalog_t *backend_open(const char *catalog_file, char *why, size_t n, int *exit_code)
{
    catalog_error_t error;
    catalog_t *cat;

    if (catalog_file) {
        snprintf(why, n,
                 "--catalog-file: this lspctl manages Windows' catalogs; the model's "
                 "file is managed by lspctl-model");
        *exit_code = EXIT_USAGE;
        return NULL;
    }
    if (backend__wow64()) {
        snprintf(why, n,
                 "this is the 32-bit lspctl on 64-bit Windows: run the 64-bit lspctl, "
                 "which manages both catalogs");
        *exit_code = EXIT_USAGE;
        return NULL;
    }
    cat = catalog_open(&error);
    if (!cat) {
        snprintf(why, n, "%s failed with error %d (%s)", error.call, error.code, error.detail);
        *exit_code = EXIT_NO_API;
    }
    return cat;
}
