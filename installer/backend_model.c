/* The backend of the test build (lspctl-model): the catalog model of
 * tests/spi, a file that the SPI test host reads as ws2_32 reads Windows'
 * catalog. The catalog calls resolve to the model's catmodel_WSC* functions,
 * so the code that drives Windows' catalog is the code the tests exercise.
 *
 * Fault injection, from the environment:
 * - SIOT_LSPCTL_FAIL_CALL=N[,M...]: the N-th catalog call (counting every
 *   call, reads included) fails with WSANO_RECOVERY without reaching the
 *   model;
 * - SIOT_LSPCTL_KILL_AT=N: the process ends (exit 137, as if killed) just
 *   before the N-th catalog call, with nothing undone;
 * - SIOT_LSPCTL_MISSING=NAME[,NAME...]: those WSC* functions are missing, as
 *   WSCInstallProvider64_32 may be from a Windows that withdrew it. */
#include "backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catmodel.h"
#include "exitcode.h"
#include "out.h"

const char backend_help[] =
    "This is lspctl-model: it manages the catalog model of the SPI test host, a file\n"
    "(--catalog-file PATH, else %SIOT_CATALOG%) that the test host reads as ws2_32 reads\n"
    "Windows' catalog; it holds a 64-bit and a 32-bit catalog. SIOT_LSPCTL_FAIL_CALL=N makes\n"
    "the N-th catalog call fail, to test that every failure is undone.\n";

#define BACKEND_FN(f)                                                                              \
    {                                                                                              \
#f, (catalog_fn_t)catmodel_##f                                                             \
    }

/* Every WSC* function the model has; what it lacks is missing, as in Wine. */
static const struct {
    const char *name;
    catalog_fn_t fn;
} backend__model[] = {
    BACKEND_FN(WSCEnumProtocols),
    BACKEND_FN(WSCEnumProtocols32),
    BACKEND_FN(WSCGetProviderPath),
    BACKEND_FN(WSCGetProviderPath32),
    BACKEND_FN(WSCInstallProvider),
    BACKEND_FN(WSCInstallProvider64_32),
    BACKEND_FN(WSCInstallProviderAndChains64_32),
    BACKEND_FN(WSCDeinstallProvider),
    BACKEND_FN(WSCDeinstallProvider32),
    BACKEND_FN(WSCWriteProviderOrder),
    BACKEND_FN(WSCWriteProviderOrder32),
    BACKEND_FN(WSCGetProviderInfo),
    BACKEND_FN(WSCGetProviderInfo32),
    BACKEND_FN(WSCSetProviderInfo),
    BACKEND_FN(WSCSetProviderInfo32),
    BACKEND_FN(WSCSetApplicationCategory),
    BACKEND_FN(WSCGetApplicationCategory),
};

/* Whether word is one of the comma-separated words of list (NULL: none). */
static int backend__listed(const char *list, const char *word)
{
    size_t len = strlen(word);

    for (const char *p = list; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
        if (strncmp(p, word, len) == 0 && (p[len] == ',' || p[len] == 0))
            return 1;
    return 0;
}

/* What the environment chose (lspctl-model opens one catalog): the lists of
 * SIOT_LSPCTL_MISSING and SIOT_LSPCTL_FAIL_CALL (NULL when unset), the call
 * to end before, and the count of calls so far. */
static struct {
    char missing_env[512], fail_env[128], *missing, *fail;
    unsigned long count, kill_at;
} backend__faults;

/* ctx: the list of SIOT_LSPCTL_MISSING, or NULL. */
static catalog_fn_t backend__resolve(void *ctx, const char *name)
{
    if (backend__listed(ctx, name))
        return NULL;
    for (size_t i = 0; i < _countof(backend__model); i++)
        if (strcmp(backend__model[i].name, name) == 0)
            return backend__model[i].fn;
    return NULL;
}

/* Counts the call; 1 when it is one to fail (then cat->error is set). */
static int backend__before_call(catalog_t *cat)
{
    char at[24];

    if (++backend__faults.count == backend__faults.kill_at) {
        fprintf(stderr, "lspctl-model: SIOT_LSPCTL_KILL_AT: ended before catalog call %lu\n",
                backend__faults.count);
        fflush(stderr);
        TerminateProcess(GetCurrentProcess(), 137);
    }
    snprintf(at, sizeof at, "%lu", backend__faults.count);
    if (!backend__listed(backend__faults.fail, at))
        return 0;
    /* Said here because a caller may rightly go on without what a read gave. */
    fprintf(stderr, "lspctl-model: SIOT_LSPCTL_FAIL_CALL: failing catalog call %lu\n",
            backend__faults.count);
    catalog_fail(cat, CATALOG_FAILED, "SIOT_LSPCTL_FAIL_CALL", WSANO_RECOVERY,
                 "injected failure of catalog call %lu", backend__faults.count);
    return 1;
}

/* The value of environment variable name in buf (NULL when unset or too long). */
static char *backend__env(const char *name, char *buf, DWORD n)
{
    DWORD len = GetEnvironmentVariableA(name, buf, n);

    return len > 0 && len < n ? buf : NULL;
}

static void backend__read_faults(void)
{
    char kill[32];

    memset(&backend__faults, 0, sizeof backend__faults);
    if (backend__env("SIOT_LSPCTL_KILL_AT", kill, sizeof kill))
        backend__faults.kill_at = strtoul(kill, NULL, 10);
    backend__faults.fail = backend__env("SIOT_LSPCTL_FAIL_CALL", backend__faults.fail_env,
                                        sizeof backend__faults.fail_env);
    backend__faults.missing = backend__env("SIOT_LSPCTL_MISSING", backend__faults.missing_env,
                                           sizeof backend__faults.missing_env);
}

/* The model's file: --catalog-file, else %SIOT_CATALOG%. */
static int backend__file(const char *catalog_file, WCHAR *file, char *why, size_t n)
{
    char f[MAX_PATH * 3];

    if (catalog_file && out_wide(catalog_file, file, MAX_PATH))
        return out_why(why, n, -1, "--catalog-file: path too long or not UTF-8");
    if (!catalog_file) {
        DWORD len = GetEnvironmentVariableW(L"SIOT_CATALOG", file, MAX_PATH);

        if (len == 0 || len >= MAX_PATH)
            return out_why(why, n, -1,
                           "no catalog model: give --catalog-file PATH or set SIOT_CATALOG");
    }
    if (GetFileAttributesW(file) == INVALID_FILE_ATTRIBUTES)
        return out_why(why, n, -1,
                       "the catalog model %s does not exist (`catmodel seed` makes one)",
                       out_utf8(file, f, sizeof f));
    return 0;
}

catalog_t *backend_open(const char *catalog_file, char *why, size_t n, int *exit_code)
{
    WCHAR file[MAX_PATH];
    catalog_error_t error;
    catalog_t *cat;

    *exit_code = EXIT_USAGE;
    if (backend__file(catalog_file, file, why, n))
        return NULL;
    backend__read_faults();
    cat = catalog_open_with(backend__resolve, backend__faults.missing, &error);
    if (!cat) {
        snprintf(why, n, "cannot open the catalog model: %s", error.call);
        *exit_code = EXIT_SYSTEM;
        return NULL;
    }
    catmodel_use(file);
    cat->before_call = backend__before_call;
    return cat;
}
