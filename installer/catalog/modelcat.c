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

static wscat_fn_t modelcat__resolve(void *ctx, const char *name)
{
    size_t i;

    (void)ctx;
    for (i = 0; i < sizeof modelcat__table / sizeof modelcat__table[0]; i++)
        if (strcmp(modelcat__table[i].name, name) == 0)
            return modelcat__table[i].fn;
    return NULL;
}

/* A catalog that forwards every call to the model's, failing the chosen one. */
#define MODELCAT_MAX_FAILS 8

typedef struct modelcat_t {
    catalog_t base;
    catalog_t *inner;
    size_t fail_count;
    unsigned long fail_at[MODELCAT_MAX_FAILS], count;
} modelcat_t;

static modelcat_t *modelcat__self(catalog_t *cat)
{
    return (modelcat_t *)cat;
}

/* Counts the call; 1 when it is one to fail (then cat->error is set). */
static int modelcat__injected(catalog_t *cat)
{
    modelcat_t *self = modelcat__self(cat);
    size_t i;

    memset(&self->inner->error, 0, sizeof self->inner->error);
    self->inner->last_call[0] = 0;
    ++self->count;
    for (i = 0; i < self->fail_count && self->fail_at[i] != self->count; i++)
        ;
    if (i == self->fail_count)
        return 0;
    /* Said here because a caller may rightly go on without what a read gave. */
    fprintf(stderr, "lspctl-model: SIOT_LSPCTL_FAIL_CALL: failing catalog call %lu\n", self->count);
    catalog_fail(cat, CATALOG_FAILED, "SIOT_LSPCTL_FAIL_CALL", WSANO_RECOVERY,
                 "injected failure of catalog call %lu", self->count);
    return 1;
}

static int modelcat__passed(catalog_t *cat, int rc)
{
    modelcat_t *self = modelcat__self(cat);

    cat->error = self->inner->error;
    memcpy(cat->last_call, self->inner->last_call, sizeof cat->last_call);
    return rc;
}

static int modelcat__supports(catalog_t *cat, catalog_op_t op, catalog_which_t w)
{
    int rc = modelcat__self(cat)->inner->ops->supports(modelcat__self(cat)->inner, op, w);

    cat->error = modelcat__self(cat)->inner->error;
    return rc;
}

#define MODELCAT_FORWARD(op, ...)                                                                  \
    do {                                                                                           \
        catalog_t *in = modelcat__self(cat)->inner;                                                \
        if (modelcat__injected(cat))                                                               \
            return -1;                                                                             \
        return modelcat__passed(cat, in->ops->op(in, __VA_ARGS__));                                \
    } while (0)

static int modelcat__enumerate(catalog_t *cat, catalog_which_t w, WSAPROTOCOL_INFOW **out,
                               size_t *count)
{
    MODELCAT_FORWARD(enumerate, w, out, count);
}

static int modelcat__path(catalog_t *cat, catalog_which_t w, const GUID *id, WCHAR *path,
                          size_t cap)
{
    MODELCAT_FORWARD(path, w, id, path, cap);
}

static int modelcat__install(catalog_t *cat, unsigned which_bits, const GUID *id, const WCHAR *path,
                             const WSAPROTOCOL_INFOW *infos, size_t count)
{
    MODELCAT_FORWARD(install, which_bits, id, path, infos, count);
}

static int modelcat__install_chains(catalog_t *cat, const GUID *id, const WCHAR *path64,
                                    const WCHAR *path32, const WCHAR *name, DWORD service_flags,
                                    const WSAPROTOCOL_INFOW *over, size_t count)
{
    MODELCAT_FORWARD(install_chains, id, path64, path32, name, service_flags, over, count);
}

static int modelcat__deinstall(catalog_t *cat, catalog_which_t w, const GUID *id)
{
    MODELCAT_FORWARD(deinstall, w, id);
}

static int modelcat__write_order(catalog_t *cat, catalog_which_t w, const DWORD *ids, size_t count)
{
    MODELCAT_FORWARD(write_order, w, ids, count);
}

static int modelcat__get_category(catalog_t *cat, catalog_which_t w, const GUID *id,
                                  DWORD *categories)
{
    MODELCAT_FORWARD(get_category, w, id, categories);
}

static int modelcat__set_category(catalog_t *cat, catalog_which_t w, const GUID *id,
                                  DWORD categories)
{
    MODELCAT_FORWARD(set_category, w, id, categories);
}

static int modelcat__set_app(catalog_t *cat, const WCHAR *path, DWORD categories, DWORD *previous,
                             DWORD *now)
{
    MODELCAT_FORWARD(set_app, path, categories, previous, now);
}

static int modelcat__get_app(catalog_t *cat, const WCHAR *path, DWORD *categories, int *categorized)
{
    MODELCAT_FORWARD(get_app, path, categories, categorized);
}

static void modelcat__close(catalog_t *cat)
{
    catalog_close(modelcat__self(cat)->inner);
    free(cat);
}

static const catalog_ops_t modelcat__ops = {
    .supports = modelcat__supports,
    .enumerate = modelcat__enumerate,
    .path = modelcat__path,
    .install = modelcat__install,
    .install_chains = modelcat__install_chains,
    .deinstall = modelcat__deinstall,
    .write_order = modelcat__write_order,
    .get_category = modelcat__get_category,
    .set_category = modelcat__set_category,
    .set_app = modelcat__set_app,
    .get_app = modelcat__get_app,
    .close = modelcat__close,
};

catalog_t *modelcat_open(const WCHAR *file, catalog_error_t *error)
{
    modelcat_t *self = calloc(1, sizeof *self);
    char n[128], *p, *end;
    DWORD len;

    memset(error, 0, sizeof *error);
    if (!self || !(self->inner = wscat_open_with(modelcat__resolve, NULL, error))) {
        free(self);
        return NULL;
    }
    catmodel_use(file);
    len = GetEnvironmentVariableA("SIOT_LSPCTL_FAIL_CALL", n, sizeof n);
    for (p = len > 0 && len < sizeof n ? n : NULL; p && self->fail_count < MODELCAT_MAX_FAILS;
         p = *end == ',' ? end + 1 : NULL)
        self->fail_at[self->fail_count++] = strtoul(p, &end, 10);
    self->base.ops = &modelcat__ops;
    self->base.catalogs = self->inner->catalogs;
    return &self->base;
}
