#include "backend.h"

#include <stdio.h>

#include "exitcode.h"
#include "modelcat.h"
#include "out.h"

const char backend_help[] =
    "This is lspctl-model: it manages the catalog model of the SPI test host, a file\n"
    "(--catalog-file PATH, else %SIOT_CATALOG%) that the test host reads as ws2_32 reads\n"
    "Windows' catalog; it holds a 64-bit and a 32-bit catalog. SIOT_LSPCTL_FAIL_CALL=N makes\n"
    "the N-th catalog call fail, to test that every failure is undone.\n";

catalog_t *backend_open(const char *catalog_file, char *why, size_t n, int *exit_code)
{
    WCHAR file[MAX_PATH];
    catalog_error_t error;
    catalog_t *cat;

    *exit_code = EXIT_USAGE;
    if (catalog_file) {
        if (out_wide(catalog_file, file, MAX_PATH)) {
            snprintf(why, n, "--catalog-file: path too long or not UTF-8");
            return NULL;
        }
    } else {
        DWORD len = GetEnvironmentVariableW(L"SIOT_CATALOG", file, MAX_PATH);

        if (len == 0 || len >= MAX_PATH) {
            snprintf(why, n, "no catalog model: give --catalog-file PATH or set SIOT_CATALOG");
            return NULL;
        }
    }
    if (GetFileAttributesW(file) == INVALID_FILE_ATTRIBUTES) {
        char f[MAX_PATH * 3];

        snprintf(why, n, "the catalog model %s does not exist (`catmodel seed` makes one)",
                 out_utf8(file, f, sizeof f));
        return NULL;
    }
    cat = modelcat_open(file, &error);
    if (!cat) {
        snprintf(why, n, "cannot open the catalog model: %s", error.call);
        *exit_code = EXIT_SYSTEM;
    }
    return cat;
}
