#include "modelcat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catmodel.h"
#include "wscat.h"

#define MODELCAT_FN(f)                                                                             \
    {                                                                                              \
#f, (wscat_fn_t)catmodel_##f                                                               \
    }

/* Every WSC* function the model has; what it lacks is missing, as in Wine. */
static const struct {
    const char *name;
    wscat_fn_t fn;
} modelcat__table[] = {
    MODELCAT_FN(WSCEnumProtocols),
    MODELCAT_FN(WSCEnumProtocols32),
    MODELCAT_FN(WSCGetProviderPath),
    MODELCAT_FN(WSCGetProviderPath32),
    MODELCAT_FN(WSCInstallProvider),
    MODELCAT_FN(WSCInstallProvider64_32),
    MODELCAT_FN(WSCInstallProviderAndChains64_32),
    MODELCAT_FN(WSCDeinstallProvider),
    MODELCAT_FN(WSCDeinstallProvider32),
    MODELCAT_FN(WSCWriteProviderOrder),
    MODELCAT_FN(WSCWriteProviderOrder32),
    MODELCAT_FN(WSCGetProviderInfo),
    MODELCAT_FN(WSCGetProviderInfo32),
    MODELCAT_FN(WSCSetProviderInfo),
    MODELCAT_FN(WSCSetProviderInfo32),
    MODELCAT_FN(WSCSetApplicationCategory),
    MODELCAT_FN(WSCGetApplicationCategory),
};

/* ctx: the value of SIOT_LSPCTL_MISSING, or NULL. */
static wscat_fn_t modelcat__resolve(void *ctx, const char *name)
{
    const char *missing = ctx;
    size_t i, len = strlen(name);

    for (const char *p = missing; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
        if (strncmp(p, name, len) == 0 && (p[len] == ',' || p[len] == 0))
            return NULL;
    for (i = 0; i < sizeof modelcat__table / sizeof modelcat__table[0]; i++)
        if (strcmp(modelcat__table[i].name, name) == 0)
            return modelcat__table[i].fn;
    return NULL;
}

#define MODELCAT_MAX_FAILS 8

/* The faults the environment chose; lspctl-model opens one catalog. */
static struct {
    size_t fail_count;
    unsigned long fail_at[MODELCAT_MAX_FAILS], count, kill_at;
} modelcat__faults;

/* Counts the call; 1 when it is one to fail (then cat->error is set). */
static int modelcat__before_call(catalog_t *cat)
{
    size_t i;

    if (++modelcat__faults.count == modelcat__faults.kill_at) {
        fprintf(stderr, "lspctl-model: SIOT_LSPCTL_KILL_AT: ended before catalog call %lu\n",
                modelcat__faults.count);
        fflush(stderr);
        TerminateProcess(GetCurrentProcess(), 137);
    }
    for (i = 0;
         i < modelcat__faults.fail_count && modelcat__faults.fail_at[i] != modelcat__faults.count;
         i++)
        ;
    if (i == modelcat__faults.fail_count)
        return 0;
    /* Said here because a caller may rightly go on without what a read gave. */
    fprintf(stderr, "lspctl-model: SIOT_LSPCTL_FAIL_CALL: failing catalog call %lu\n",
            modelcat__faults.count);
    catalog_fail(cat, CATALOG_FAILED, "SIOT_LSPCTL_FAIL_CALL", WSANO_RECOVERY,
                 "injected failure of catalog call %lu", modelcat__faults.count);
    return 1;
}

catalog_t *modelcat_open(const WCHAR *file, catalog_error_t *error)
{
    static char missing[512]; /* read by modelcat__resolve while the backend opens */
    char n[128], kill[32], *p, *end;
    DWORD len = GetEnvironmentVariableA("SIOT_LSPCTL_MISSING", missing, sizeof missing);
    catalog_t *cat =
        wscat_open_with(modelcat__resolve, len > 0 && len < sizeof missing ? missing : NULL, error);

    if (!cat)
        return NULL;
    memset(&modelcat__faults, 0, sizeof modelcat__faults);
    len = GetEnvironmentVariableA("SIOT_LSPCTL_KILL_AT", kill, sizeof kill);
    if (len > 0 && len < sizeof kill)
        modelcat__faults.kill_at = strtoul(kill, NULL, 10);
    catmodel_use(file);
    len = GetEnvironmentVariableA("SIOT_LSPCTL_FAIL_CALL", n, sizeof n);
    for (p = len > 0 && len < sizeof n ? n : NULL;
         p && modelcat__faults.fail_count < MODELCAT_MAX_FAILS; p = *end == ',' ? end + 1 : NULL)
        modelcat__faults.fail_at[modelcat__faults.fail_count++] = strtoul(p, &end, 10);
    cat->before_call = modelcat__before_call;
    return cat;
}
