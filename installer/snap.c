#include "snap.h"

#include <stddef.h>
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

    if (catalog_path(cat, s->which, id, path, MAX_PATH))
        return -1;
    SNAP_EACH_OF (i, s, id) {
        wcscpy(s->e[i].path, path);
        s->e[i].have_path = 1;
    }
    return 0;
}

int snap_read_categories(catalog_t *cat, snap_t *s, const GUID *id)
{
    DWORD categories;

    if (catalog_get_category(cat, s->which, id, &categories))
        return -1;
    SNAP_EACH_OF (i, s, id) {
        s->e[i].categories = categories;
        s->e[i].have_categories = 1;
    }
    return 0;
}

int snap_read_details(catalog_t *cat, snap_t *s)
{
    catalog_error_t first = {0};
    int failed = 0;

    for (size_t i = 0; i < s->count; i++) {
        const GUID *id = &s->e[i].info.ProviderId;

        if (snap_next(s, id, -1) != (long)i)
            continue; /* one read per provider */
        if (snap_read_path(cat, s, id) && failed++ == 0)
            first = cat->error;
        if (snap_kind(&s->e[i].info) == SNAP_LAYERED && snap_read_categories(cat, s, id) &&
            failed++ == 0)
            first = cat->error;
    }
    if (failed)
        cat->error = first; /* not the last that failed */
    return failed ? -1 : 0;
}

size_t snap_order_add(const snap_t *now, DWORD *ids, size_t n, DWORD id)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return n;
    if (snap_find_id(now, id) >= 0)
        ids[n++] = id;
    return n;
}

long snap_find_id(const snap_t *s, DWORD id)
{
    for (size_t i = 0; i < s->count; i++)
        if (s->e[i].info.dwCatalogEntryId == id)
            return (long)i;
    return -1;
}

long snap_next(const snap_t *s, const GUID *id, long after)
{
    for (size_t i = (size_t)(after + 1); i < s->count; i++)
        if (IsEqualGUID(&s->e[i].info.ProviderId, id))
            return (long)i;
    return -1;
}

long snap_guid_index(const GUID *ids, size_t n, const GUID *id)
{
    for (size_t k = 0; k < n; k++)
        if (IsEqualGUID(&ids[k], id))
            return (long)k;
    return -1;
}

snap_kind_t snap_kind(const WSAPROTOCOL_INFOW *e)
{
    int n = e->ProtocolChain.ChainLen;

    return n == LAYERED_PROTOCOL ? SNAP_LAYERED : n == BASE_PROTOCOL ? SNAP_BASE : SNAP_CHAIN;
}

const char *snap_kind_name(snap_kind_t k)
{
    static const char *const name[] = {[SNAP_LAYERED] = "Layered Service Provider",
                                       [SNAP_BASE] = "Base Service Provider",
                                       [SNAP_CHAIN] = "Layered Chain Entry"};

    return name[k];
}

/* Whether the chain at index c continues chain i from link k on, its own
 * first link standing in for link k: the SDK sample's style. */
static int snap__continues(const snap_t *s, size_t i, int k, long c)
{
    const WSAPROTOCOLCHAIN *up = &s->e[i].info.ProtocolChain, *low = &s->e[c].info.ProtocolChain;

    return snap_kind(&s->e[c].info) == SNAP_CHAIN && low->ChainLen == up->ChainLen - k &&
           memcmp(&low->ChainEntries[1], &up->ChainEntries[k + 1],
                  (size_t)(low->ChainLen - 1) * sizeof(DWORD)) == 0;
}

long snap_link_layer(const snap_t *s, size_t i, int k)
{
    const WSAPROTOCOLCHAIN *c = &s->e[i].info.ProtocolChain;
    long at;

    if (k < 0 || k >= snap_chain_len(&s->e[i].info))
        return -1;
    at = snap_find_id(s, c->ChainEntries[k]);
    if (at < 0 || snap_kind(&s->e[at].info) == SNAP_LAYERED)
        return at;
    if (k == 0 || k == c->ChainLen - 1 || !snap__continues(s, i, k, at))
        return -1;
    at = snap_find_id(s, s->e[at].info.ProtocolChain.ChainEntries[0]);
    return at >= 0 && snap_kind(&s->e[at].info) == SNAP_LAYERED ? at : -1;
}

int snap_broken(const snap_t *s, size_t i, DWORD *link, const char **why)
{
    const WSAPROTOCOLCHAIN *c = &s->e[i].info.ProtocolChain;
    int n = c->ChainLen, k;

    *link = 0;
    *why = NULL;
    if (snap_kind(&s->e[i].info) != SNAP_CHAIN)
        return 0;
    if (n < 0 || n > MAX_PROTOCOL_CHAIN) {
        *why = "chain length out of range";
        return 1;
    }
    for (k = 0; k < n && !*why; k++) {
        long at = snap_find_id(s, c->ChainEntries[k]);

        *link = c->ChainEntries[k];
        if (at < 0)
            *why = k == 0 ? "its layered entry is gone" : "a link names no entry";
        else if (k < n - 1 && snap_link_layer(s, i, k) < 0)
            *why = "a link above the last is neither a layered entry nor the chain below";
        else if (k == n - 1 && snap_kind(&s->e[at].info) != SNAP_BASE)
            *why = "its last link is not a base entry";
    }
    if (!*why)
        *link = 0;
    return *why != NULL;
}

int snap_starts_with(const snap_t *s, size_t i, long layered)
{
    return layered >= 0 && snap_kind(&s->e[i].info) == SNAP_CHAIN &&
           s->e[i].info.ProtocolChain.ChainEntries[0] == s->e[layered].info.dwCatalogEntryId;
}

int snap_all_broken(const snap_t *s, const GUID *id)
{
    DWORD link;
    const char *why;

    SNAP_EACH_OF (i, s, id)
        if (!snap_broken(s, (size_t)i, &link, &why))
            return 0;
    return snap_next(s, id, -1) >= 0;
}

int snap_chain_len(const WSAPROTOCOL_INFOW *e)
{
    int n = e->ProtocolChain.ChainLen;

    return n < 0 ? 0 : n > MAX_PROTOCOL_CHAIN ? MAX_PROTOCOL_CHAIN : n;
}

/* WSAPROTOCOL_INFOW is all 32-bit fields (GUID included) up to its name, so
 * the runs of fields before and after the chain compare as bytes. */
_Static_assert(offsetof(WSAPROTOCOL_INFOW, iVersion) ==
                   offsetof(WSAPROTOCOL_INFOW, ProtocolChain.ChainEntries) +
                       MAX_PROTOCOL_CHAIN * sizeof(DWORD),
               "WSAPROTOCOL_INFOW has padding after its chain");

int snap_equal(const WSAPROTOCOL_INFOW *a, const WSAPROTOCOL_INFOW *b)
{
    const size_t head = offsetof(WSAPROTOCOL_INFOW, ProtocolChain.ChainEntries),
                 tail = offsetof(WSAPROTOCOL_INFOW, szProtocol) -
                        offsetof(WSAPROTOCOL_INFOW, iVersion);

    return memcmp(a, b, head) == 0 && /* ChainLen included */
           memcmp(a->ProtocolChain.ChainEntries, b->ProtocolChain.ChainEntries,
                  (size_t)snap_chain_len(a) * sizeof(DWORD)) == 0 &&
           memcmp(&a->iVersion, &b->iVersion, tail) == 0 &&
           wcsncmp(a->szProtocol, b->szProtocol, WSAPROTOCOL_LEN + 1) == 0;
}
