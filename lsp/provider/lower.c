#include <string.h>

#include "catalog.h"
#include "dllmain.h"
#include "fileid.h"
#include "lower.h"

#define LOWER__PATH_MAX (MAX_PATH * 2)

static lower_t lower__all[LOWER_MAX];

_Static_assert(sizeof(WSPPROC_TABLE) % sizeof(void (*)(void)) == 0,
               "WSPPROC_TABLE holds only function pointers");

/* Every entry of the lower table is passed up as it is or called through:
 * a NULL anywhere would crash a caller much later, far from its cause. */
static bool lower__complete(const WSPPROC_TABLE *t)
{
    void (*fn[sizeof *t / sizeof(void (*)(void))])(void);
    memcpy(fn, t, sizeof fn);
    for (size_t i = 0; i < sizeof fn / sizeof fn[0]; i++)
        if (!fn[i])
            return false;
    return true;
}

static lower_t *lower__find(DWORD entry_id, DWORD chain_id)
{
    for (size_t i = 0; i < LOWER_MAX; i++)
        if (lower__all[i].used && lower__all[i].entry_id == entry_id &&
            lower__all[i].chain_id == chain_id)
            return &lower__all[i];
    return NULL;
}

static lower_t *lower__free_slot(void)
{
    for (size_t i = 0; i < LOWER_MAX; i++)
        if (!lower__all[i].used && !lower__all[i].starting)
            return &lower__all[i];
    return NULL;
}

/* Whether that provider's own WSPStartup is running on this thread (the
 * call is a re-entry from it): it cannot serve this layer yet. */
static bool lower__starting(DWORD entry_id, DWORD chain_id)
{
    for (size_t i = 0; i < LOWER_MAX; i++)
        if (lower__all[i].starting && lower__all[i].entry_id == entry_id &&
            lower__all[i].chain_id == chain_id)
            return true;
    return false;
}

/* Calls the provider's WSPStartup with its slot reserved, so that a
 * re-entered start-up takes another one. */
static int lower__call_startup(lower_t *l, LPWSPSTARTUP startup, WORD version,
                               LPWSAPROTOCOL_INFOW pi, const WSPUPCALLTABLE *upcalls)
{
    l->starting = true;
    int err = startup(version, &l->data, l->base ? &l->info : pi, *upcalls, &l->table);
    l->starting = false;
    return err;
}

/* Loads the DLL of `next`, refusing this very DLL (a chain naming siotrace
 * twice would recurse into its own start-up). */
static int lower__load(const WSAPROTOCOL_INFOW *next, HMODULE *module)
{
    wchar_t path[LOWER__PATH_MAX];
    fileid_t self, other;
    int err = catalog_path(next, path, LOWER__PATH_MAX);
    if (err)
        return err;
    if (fileid_of_module(dllmain_module(), &self) && fileid_of_path(path, &other) &&
        fileid_equal(&self, &other))
        return WSAEPROVIDERFAILEDINIT;
    *module = LoadLibraryW(path);
    return *module ? 0 : WSAEPROVIDERFAILEDINIT;
}

int lower_start(const WSAPROTOCOL_INFOW *next, WORD version, LPWSAPROTOCOL_INFOW pi,
                const WSPUPCALLTABLE *upcalls, const lower_t **out)
{
    DWORD chain_id = next->ProtocolChain.ChainLen == LAYERED_PROTOCOL ? pi->dwCatalogEntryId : 0;
    lower_t *l = lower__find(next->dwCatalogEntryId, chain_id);
    if (l) {
        *out = l;
        return 0;
    }
    if (lower__starting(next->dwCatalogEntryId, chain_id) || !(l = lower__free_slot()))
        return WSAEPROVIDERFAILEDINIT;

    HMODULE module = NULL;
    int err = lower__load(next, &module);
    if (err)
        return err;
    LPWSPSTARTUP startup = (LPWSPSTARTUP)(void (*)(void))GetProcAddress(module, "WSPStartup");
    if (!startup) {
        FreeLibrary(module);
        return WSAEPROVIDERFAILEDINIT;
    }
    memset(l, 0, sizeof *l);
    l->info = *next;
    l->base = next->ProtocolChain.ChainLen == BASE_PROTOCOL;
    l->entry_id = next->dwCatalogEntryId;
    l->chain_id = chain_id;
    err = lower__call_startup(l, startup, version, pi, upcalls);
    if (err) {
        FreeLibrary(module);
        return err;
    }
    if (!lower__complete(&l->table)) {
        int ignored;
        if (l->table.lpWSPCleanup)
            l->table.lpWSPCleanup(&ignored);
        FreeLibrary(module);
        return WSAEINVALIDPROCTABLE;
    }
    l->module = module;
    l->used = true;
    *out = l;
    return 0;
}

void lower_cleanup_all(void)
{
    for (size_t i = 0; i < LOWER_MAX; i++) {
        lower_t *l = &lower__all[i];
        if (!l->used)
            continue;
        int ignored;
        l->table.lpWSPCleanup(&ignored);
        FreeLibrary(l->module);
        l->used = false;
    }
}
