#include "snap.h"

#include <stdlib.h>
#include <string.h>

int snap_load(catalog_t *cat, catalog_which_t w, snap_t *s)
{
    WSAPROTOCOL_INFOW *infos;
    size_t count, i;

    memset(s, 0, sizeof *s);
    s->which = w;
    if (catalog_enumerate(cat, w, &infos, &count))
        return -1;
    s->e = calloc(count ? count : 1, sizeof *s->e);
    if (!s->e) {
        free(infos);
        return catalog_fail(cat, CATALOG_FAILED, "calloc", ERROR_NOT_ENOUGH_MEMORY,
                            "copying the %s catalog", catalog_name(w));
    }
    for (i = 0; i < count; i++)
        s->e[i].info = infos[i];
    s->count = count;
    free(infos);
    return 0;
}

void snap_free(snap_t *s)
{
    free(s->e);
    s->e = NULL;
    s->count = 0;
}

int snap_read_path(catalog_t *cat, snap_t *s, const GUID *id)
{
    WCHAR path[MAX_PATH];
    size_t i;

    if (catalog_path(cat, s->which, id, path, MAX_PATH))
        return -1;
    for (i = 0; i < s->count; i++)
        if (IsEqualGUID(&s->e[i].info.ProviderId, id)) {
            wcscpy(s->e[i].path, path);
            s->e[i].have_path = 1;
        }
    return 0;
}

int snap_read_categories(catalog_t *cat, snap_t *s, const GUID *id)
{
    DWORD categories;
    size_t i;

    if (catalog_get_category(cat, s->which, id, &categories))
        return -1;
    for (i = 0; i < s->count; i++)
        if (IsEqualGUID(&s->e[i].info.ProviderId, id)) {
            s->e[i].categories = categories;
            s->e[i].have_categories = 1;
        }
    return 0;
}

static void snap__failed(catalog_t *cat, size_t *failures, catalog_error_t *first)
{
    if ((*failures)++ == 0 && first)
        *first = cat->error;
}

size_t snap_read_details(catalog_t *cat, snap_t *s, catalog_error_t *first)
{
    size_t i, failures = 0;

    for (i = 0; i < s->count; i++) {
        const GUID *id = &s->e[i].info.ProviderId;

        if (snap_find_guid(s, id, 0) != (long)i)
            continue; /* one read per provider */
        if (snap_read_path(cat, s, id))
            snap__failed(cat, &failures, first);
        if (s->e[i].info.ProtocolChain.ChainLen == LAYERED_PROTOCOL &&
            snap_read_categories(cat, s, id))
            snap__failed(cat, &failures, first);
    }
    return failures;
}

long snap_find_id(const snap_t *s, DWORD id)
{
    size_t i;

    for (i = 0; i < s->count; i++)
        if (s->e[i].info.dwCatalogEntryId == id)
            return (long)i;
    return -1;
}

long snap_find_guid(const snap_t *s, const GUID *id, size_t from)
{
    size_t i;

    for (i = from; i < s->count; i++)
        if (IsEqualGUID(&s->e[i].info.ProviderId, id))
            return (long)i;
    return -1;
}
