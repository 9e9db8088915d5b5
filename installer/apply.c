#include "apply.h"

#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "snap.h"
#include "siot.h"

static int apply__same(const apply_entries_t e[CATALOG_COUNT])
{
    if (e[0].count != e[1].count || wcscmp(e[0].path, e[1].path) != 0)
        return 0;
    for (size_t i = 0; i < e[0].count; i++)
        if (!snap_equal(&e[0].infos[i], &e[1].infos[i]))
            return 0;
    return 1;
}

int apply_put(catalog_t *cat, const GUID *id, const apply_entries_t e[CATALOG_COUNT],
              unsigned *left, unsigned *done)
{
    int both = *left == CATALOG_BOTH && apply__same(e);
    catalog_which_t w = both || !(*left & CATALOG_BIT(CATALOG_32)) ? CATALOG_64 : CATALOG_32;

    *done = both ? CATALOG_BOTH : CATALOG_BIT(w);
    if (catalog_install(cat, *done, id, e[w].path, e[w].infos, e[w].count))
        return -1;
    *left &= ~*done;
    return 0;
}

/* Reads catalog w: how many entries provider id has there (-1 when the read
 * fails), and its first into *first. */
static long apply__count(catalog_t *cat, catalog_which_t w, const GUID *id,
                         WSAPROTOCOL_INFOW *first)
{
    snap_t now = {0};
    long count = 0;

    if (snap_load(cat, w, &now))
        return -1;
    SNAP_EACH_OF (i, &now, id)
        if (count++ == 0)
            *first = now.e[i].info;
    snap_free(&now);
    return count;
}

/* The id of the one entry of provider id in catalog w, after call said it
 * installed it, into e (whose dwCatalogEntryId it becomes). */
static int apply__find_one(catalog_t *cat, catalog_which_t w, const GUID *id, const char *call,
                           WSAPROTOCOL_INFOW *e)
{
    WSAPROTOCOL_INFOW is;
    long count = apply__count(cat, w, id, &is);
    char gs[XLAT_GUID_LEN];

    if (count < 0)
        return -1;
    if (count != 1)
        return catalog_fail(cat, CATALOG_NO_EFFECT, call, 0,
                            "the %s catalog has %s entry of provider %s", catalog_name(w),
                            count ? "more than one" : "no", out_guid(id, gs));
    e->dwCatalogEntryId = is.dwCatalogEntryId;
    return 0;
}

/* Installs one entry per catalog under id (apply_put), then reads each
 * catalog back for its new id. */
static int apply__install_entry(catalog_t *cat, const plan_t *p, const GUID *id,
                                WSAPROTOCOL_INFOW info[CATALOG_COUNT])
{
    const apply_entries_t e[CATALOG_COUNT] = {{p->path[0], &info[0], 1}, {p->path[1], &info[1], 1}};
    char call[sizeof cat->last_call];
    unsigned left = p->catalogs, done;

    while (left) {
        if (apply_put(cat, id, e, &left, &done))
            return -1;
        strcpy(call, cat->last_call);
        CATALOG_EACH (w, done)
            if (apply__find_one(cat, w, id, call, &info[w]))
                return -1;
    }
    return 0;
}

int apply_order(catalog_t *cat, catalog_which_t w, const DWORD *ids, size_t count)
{
    char call[sizeof cat->last_call];
    snap_t now = {0};
    size_t i, k = 0;

    if (catalog_write_order(cat, w, ids, count))
        return -1;
    strcpy(call, cat->last_call);
    if (snap_load(cat, w, &now))
        return -1;
    /* ids in that order, whatever others appeared. */
    for (i = 0; i < now.count && k < count; i++)
        k += now.e[i].info.dwCatalogEntryId == ids[k];
    snap_free(&now);
    if (k != count)
        return catalog_fail(cat, CATALOG_NO_EFFECT, call, 0,
                            "the %s catalog's order is not the one written", catalog_name(w));
    return 0;
}

/* Works out the order of catalog w from the catalog as it is now (*had
 * entries) and writes it. */
static int apply__order_from_now(catalog_t *cat, const plan_t *p, catalog_which_t w, size_t *had)
{
    snap_t now = {0};
    DWORD *ids;
    size_t count;
    int rc;

    if (snap_load(cat, w, &now))
        return -1;
    ids = plan_order(p, w, &now, &count);
    *had = now.count;
    snap_free(&now);
    if (!ids)
        return catalog_fail(cat, CATALOG_FAILED, "malloc", ERROR_NOT_ENOUGH_MEMORY,
                            "planning the order");
    rc = apply_order(cat, w, ids, count);
    free(ids);
    return rc;
}

/* WSCWriteProviderOrder takes every id of the catalog: when another
 * installer adds or removes an entry between the read and the write, the
 * write fails (WSAEINVAL), and the order is worked out again, once. Any
 * other failure is reported as it came. */
static int apply__order(catalog_t *cat, const plan_t *p, catalog_which_t w)
{
    catalog_error_t failed;
    snap_t now = {0};
    size_t had;
    int changed;

    if (apply__order_from_now(cat, p, w, &had) == 0)
        return 0;
    failed = cat->error;
    if (failed.kind == CATALOG_FAILED && failed.code == WSAEINVAL && snap_load(cat, w, &now) == 0) {
        changed = now.count != had;
        snap_free(&now);
        if (changed)
            return apply__order_from_now(cat, p, w, &had);
    }
    cat->error = failed; /* the read in between cleared it */
    return -1;
}

/* The layered entry must be hidden: WSAEnumProtocols would otherwise offer
 * it to programs, and a socket asked for with it fails. Its other flags are
 * Windows' choice when it made the entry. */
static int apply__hidden(catalog_t *cat, catalog_which_t w, const char *call)
{
    WSAPROTOCOL_INFOW e;
    long count = apply__count(cat, w, &siot_layered_guid, &e);
    DWORD flags = count > 0 ? e.dwProviderFlags : 0;

    if (count < 0)
        return -1;
    if (!(flags & PFL_HIDDEN))
        return catalog_fail(cat, CATALOG_NO_EFFECT, call, 0,
                            "siotrace's layered entry in the %s catalog is not hidden (provider "
                            "flags 0x%lx)",
                            catalog_name(w), (unsigned long)flags);
    return 0;
}

static int apply__categories(catalog_t *cat, catalog_which_t w)
{
    char call[sizeof cat->last_call];
    DWORD now;

    if (catalog_set_category(cat, w, &siot_layered_guid, SIOT_LSP_CATEGORIES))
        return -1;
    strcpy(call, cat->last_call);
    if (catalog_get_category(cat, w, &siot_layered_guid, &now))
        return -1;
    if (now != SIOT_LSP_CATEGORIES)
        return catalog_fail(cat, CATALOG_NO_EFFECT, call, 0,
                            "siotrace's LSP categories in the %s catalog read 0x%08lx",
                            catalog_name(w), (unsigned long)now);
    return 0;
}

static int apply__each_provider(catalog_t *cat, txn_t *t, plan_t *p)
{
    if (txn_touch(t, &siot_layered_guid) ||
        apply__install_entry(cat, p, &siot_layered_guid, p->layered))
        return -1;
    CATALOG_EACH (w, p->catalogs)
        plan_link(p, w, p->layered[w].dwCatalogEntryId);
    for (size_t k = 0; k < p->chain_count; k++)
        if (txn_touch(t, &p->chains[k].id) ||
            apply__install_entry(cat, p, &p->chains[k].id, p->chains[k].info))
            return -1;
    return 0;
}

/* After WSCInstallProviderAndChains: the chain over the planned entry in
 * catalog w, which must start with siotrace's layered entry (the plan is
 * linked to it) and carry a GUID of its own; its id goes into the plan. */
static int apply__found_chain(catalog_t *cat, txn_t *t, plan_chain_t *c, catalog_which_t w,
                              const snap_t *now, const char *call)
{
    const WSAPROTOCOLCHAIN *want = &c->info[w].ProtocolChain;
    long found = -1;

    for (size_t i = 0; i < now->count; i++) {
        const WSAPROTOCOLCHAIN *is = &now->e[i].info.ProtocolChain;

        if (is->ChainLen == want->ChainLen && memcmp(is->ChainEntries, want->ChainEntries,
                                                     (size_t)want->ChainLen * sizeof(DWORD)) == 0)
            found = (long)i;
    }
    if (found < 0)
        return catalog_fail(cat, CATALOG_NO_EFFECT, call, 0,
                            "the %s catalog has no siotrace chain for %s", catalog_name(w),
                            c->target->label);
    if (IsEqualGUID(&now->e[found].info.ProviderId, &siot_layered_guid))
        return catalog_fail(cat, CATALOG_NO_EFFECT, call, 0,
                            "siotrace's chain for %s shares the layered entry's GUID",
                            c->target->label);
    c->info[w].dwCatalogEntryId = now->e[found].info.dwCatalogEntryId;
    return txn_touch(t, &now->e[found].info.ProviderId);
}

static int apply__chains_call(catalog_t *cat, txn_t *t, plan_t *p)
{
    WSAPROTOCOL_INFOW over[TARGET_COUNT];
    catalog_which_t first = (p->catalogs & CATALOG_BIT(CATALOG_64)) ? CATALOG_64 : CATALOG_32;
    char call[sizeof cat->last_call];
    size_t k;

    for (k = 0; k < p->chain_count; k++)
        over[k] = p->snap[first].e[p->chains[k].over[first]].info;
    if (txn_touch(t, &siot_layered_guid))
        return -1;
    if (catalog_install_chains(cat, &siot_layered_guid, p->path[CATALOG_64], p->path[CATALOG_32],
                               SIOT_NAME, XP1_IFS_HANDLES, over, p->chain_count))
        return -1;
    strcpy(call, cat->last_call);
    CATALOG_EACH (w, p->catalogs) {
        snap_t now = {0};
        int rc = 0;

        if (apply__find_one(cat, w, &siot_layered_guid, call, &p->layered[w]))
            return -1;
        plan_link(p, w, p->layered[w].dwCatalogEntryId);
        if (snap_load(cat, w, &now))
            return -1;
        for (k = 0; k < p->chain_count && rc == 0; k++)
            rc = apply__found_chain(cat, t, &p->chains[k], w, &now, call);
        snap_free(&now);
        if (rc)
            return -1;
    }
    return 0;
}

int apply_install(catalog_t *cat, txn_t *t, plan_t *p, int chains_call)
{
    const char *call = chains_call ? "WSCInstallProviderAndChains" : "WSCInstallProvider";

    if (chains_call ? apply__chains_call(cat, t, p) : apply__each_provider(cat, t, p))
        return -1;
    CATALOG_EACH (w, p->catalogs)
        if (apply__hidden(cat, w, call) || apply__order(cat, p, w) || apply__categories(cat, w))
            return -1;
    return 0;
}

void apply_list_add(apply_list_t *l, const GUID *id, unsigned bits)
{
    long k = snap_guid_index(l->ids, l->count, id);

    if (k >= 0) {
        l->bits[k] |= bits;
    } else if (l->count < APPLY_MAX) {
        l->ids[l->count] = *id;
        l->bits[l->count++] = bits;
    }
}

/* Removes provider id from catalog w, if it is there, and checks it is gone. */
static int apply__remove_one(catalog_t *cat, catalog_which_t w, const GUID *id)
{
    char call[sizeof cat->last_call], gs[XLAT_GUID_LEN];
    WSAPROTOCOL_INFOW e;
    long left = apply__count(cat, w, id, &e);

    if (left <= 0)
        return left < 0 ? -1 : 0;
    if (catalog_deinstall(cat, w, id))
        return -1;
    strcpy(call, cat->last_call);
    left = apply__count(cat, w, id, &e);
    if (left > 0)
        return catalog_fail(cat, CATALOG_NO_EFFECT, call, 0,
                            "provider %s is still in the %s catalog", out_guid(id, gs),
                            catalog_name(w));
    return left < 0 ? -1 : 0;
}

int apply_remove(catalog_t *cat, const apply_list_t *l)
{
    /* Two passes: the chains, then the layered entry they start with. */
    for (int layered = 0; layered < 2; layered++)
        for (size_t k = 0; k < l->count; k++)
            if (IsEqualGUID(&l->ids[k], &siot_layered_guid) == layered) {
                CATALOG_EACH (w, l->bits[k] & cat->catalogs)
                    if (apply__remove_one(cat, w, &l->ids[k]))
                        return -1;
            }
    return 0;
}
