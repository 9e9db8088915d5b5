#include "apply.h"

#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "snap.h"
#include "siot.h"

/* The function an install went through in one catalog, for the report of a
 * check that finds it did nothing. */
typedef char apply__call_t[sizeof((catalog_t *)0)->last_call];

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

/* Writes the order planned from the catalog as now holds it.
 * WSCWriteProviderOrder takes every id of the catalog: when another
 * installer adds or removes an entry between the read and the write, the
 * write fails (WSAEINVAL), and with retry the order is planned again from
 * the read that shows it, once. Any other failure is reported as it came. */
static int apply__order(catalog_t *cat, const plan_t *p, const snap_t *now, int retry)
{
    size_t count;
    DWORD *ids = plan_order(p, now->which, now, &count);
    catalog_error_t failed;
    snap_t again;
    int rc, changed;

    if (!ids)
        return catalog_fail(cat, CATALOG_FAILED, "malloc", ERROR_NOT_ENOUGH_MEMORY,
                            "planning the order");
    rc = apply_order(cat, now->which, ids, count);
    free(ids);
    failed = cat->error;
    if (rc && retry && failed.kind == CATALOG_FAILED && failed.code == WSAEINVAL &&
        snap_load(cat, now->which, &again) == 0) {
        changed = again.count != now->count;
        rc = changed ? apply__order(cat, p, &again, 0) : -1;
        snap_free(&again);
        if (changed)
            return rc;
    }
    if (rc)
        cat->error = failed; /* a read in between cleared it */
    return rc;
}

/* siotrace's layered entry in now, which call said it made: one, and
 * hidden (WSAEnumProtocols would otherwise offer it to programs, and a
 * socket asked for with it fails; its other flags are Windows' choice). Its
 * id goes into the plan and each chain's first link. */
static int apply__layered(catalog_t *cat, plan_t *p, const snap_t *now, const char *call)
{
    long i = snap_next(now, &siot_layered_guid, -1);
    const WSAPROTOCOL_INFOW *e = i >= 0 ? &now->e[i].info : NULL;
    char gs[XLAT_GUID_LEN];

    if (!e || snap_next(now, &siot_layered_guid, i) >= 0)
        return catalog_fail(cat, CATALOG_NO_EFFECT, call, 0,
                            "the %s catalog has %s entry of provider %s", catalog_name(now->which),
                            e ? "more than one" : "no", out_guid(&siot_layered_guid, gs));
    if (!(e->dwProviderFlags & PFL_HIDDEN))
        return catalog_fail(cat, CATALOG_NO_EFFECT, call, 0,
                            "siotrace's layered entry in the %s catalog is not hidden (provider "
                            "flags 0x%lx)",
                            catalog_name(now->which), (unsigned long)e->dwProviderFlags);
    p->layered[now->which].dwCatalogEntryId = e->dwCatalogEntryId;
    plan_link(p, now->which, e->dwCatalogEntryId);
    return 0;
}

/* The chain over c's planned entry in now (the newest, should there be
 * several), which must start with siotrace's layered entry (the plan is
 * linked to it) and carry a GUID of its own: WSCInstallProviderAndChains
 * chooses that GUID, so it goes into t. Its id goes into the plan. */
static int apply__chain(catalog_t *cat, txn_t *t, plan_chain_t *c, const snap_t *now,
                        const char *call)
{
    const WSAPROTOCOLCHAIN *want = &c->info[now->which].ProtocolChain;
    long found = -1;

    for (size_t i = 0; i < now->count; i++) {
        const WSAPROTOCOLCHAIN *is = &now->e[i].info.ProtocolChain;

        if (is->ChainLen == want->ChainLen && memcmp(is->ChainEntries, want->ChainEntries,
                                                     (size_t)want->ChainLen * sizeof(DWORD)) == 0)
            found = (long)i;
    }
    if (found < 0)
        return catalog_fail(cat, CATALOG_NO_EFFECT, call, 0,
                            "the %s catalog has no siotrace chain for %s", catalog_name(now->which),
                            c->target->label);
    if (IsEqualGUID(&now->e[found].info.ProviderId, &siot_layered_guid))
        return catalog_fail(cat, CATALOG_NO_EFFECT, call, 0,
                            "siotrace's chain for %s shares the layered entry's GUID",
                            c->target->label);
    c->info[now->which].dwCatalogEntryId = now->e[found].info.dwCatalogEntryId;
    return txn_touch(t, &now->e[found].info.ProviderId);
}

/* One read of catalog w after the install calls said (call) they made
 * siotrace's entries: the layered entry, and with chains each chain and the
 * order planned from that read, written. */
static int apply__found(catalog_t *cat, txn_t *t, plan_t *p, catalog_which_t w, const char *call,
                        int chains)
{
    snap_t now;
    int rc;

    if (snap_load(cat, w, &now))
        return -1;
    rc = apply__layered(cat, p, &now, call);
    for (size_t k = 0; chains && rc == 0 && k < p->chain_count; k++)
        rc = apply__chain(cat, t, &p->chains[k], &now, call);
    if (chains && rc == 0)
        rc = apply__order(cat, p, &now, 1);
    snap_free(&now);
    return rc;
}

/* One install call per catalog or for both (apply_put) of provider id. */
static int apply__put(catalog_t *cat, txn_t *t, const plan_t *p, const GUID *id,
                      const WSAPROTOCOL_INFOW info[CATALOG_COUNT],
                      apply__call_t call[CATALOG_COUNT])
{
    const apply_entries_t e[CATALOG_COUNT] = {{p->path[0], &info[0], 1}, {p->path[1], &info[1], 1}};
    unsigned left = p->catalogs, done;

    if (txn_touch(t, id))
        return -1;
    while (left) {
        if (apply_put(cat, id, e, &left, &done))
            return -1;
        CATALOG_EACH (w, done)
            strcpy(call[w], cat->last_call);
    }
    return 0;
}

/* One install call per entry: the layered entry, read back for the id the
 * chains link to, then each chain. */
static int apply__each_entry(catalog_t *cat, txn_t *t, plan_t *p, apply__call_t call[CATALOG_COUNT])
{
    if (apply__put(cat, t, p, &siot_layered_guid, p->layered, call))
        return -1;
    CATALOG_EACH (w, p->catalogs)
        if (apply__found(cat, t, p, w, call[w], 0))
            return -1;
    for (size_t k = 0; k < p->chain_count; k++)
        if (apply__put(cat, t, p, &p->chains[k].id, p->chains[k].info, call))
            return -1;
    return 0;
}

static int apply__chains_call(catalog_t *cat, txn_t *t, plan_t *p,
                              apply__call_t call[CATALOG_COUNT])
{
    WSAPROTOCOL_INFOW over[TARGET_COUNT];
    catalog_which_t first = (p->catalogs & CATALOG_BIT(CATALOG_64)) ? CATALOG_64 : CATALOG_32;

    for (size_t k = 0; k < p->chain_count; k++)
        over[k] = p->snap[first].e[p->chains[k].over[first]].info;
    if (txn_touch(t, &siot_layered_guid) ||
        catalog_install_chains(cat, &siot_layered_guid, p->path[CATALOG_64], p->path[CATALOG_32],
                               SIOT_NAME, XP1_IFS_HANDLES, over, p->chain_count))
        return -1;
    CATALOG_EACH (w, CATALOG_BOTH)
        strcpy(call[w], cat->last_call);
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

int apply_install(catalog_t *cat, txn_t *t, plan_t *p, int chains_call)
{
    apply__call_t call[CATALOG_COUNT];

    if (chains_call ? apply__chains_call(cat, t, p, call) : apply__each_entry(cat, t, p, call))
        return -1;
    CATALOG_EACH (w, p->catalogs)
        if (apply__found(cat, t, p, w, call[w], 1) || apply__categories(cat, w))
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

/* One pass over the catalog of now (as last read): removes each provider of
 * l there, siotrace's layered entry alone or all but it, then reads the
 * catalog back into now to check they are gone. */
static int apply__pass(catalog_t *cat, const apply_list_t *l, snap_t *now, int layered)
{
    catalog_which_t w = now->which;
    char call[sizeof cat->last_call] = "", gs[XLAT_GUID_LEN];
    unsigned char gone[APPLY_MAX] = {0};
    size_t k;

    for (k = 0; k < l->count; k++) {
        if (!(l->bits[k] & CATALOG_BIT(w)) ||
            IsEqualGUID(&l->ids[k], &siot_layered_guid) != layered ||
            snap_next(now, &l->ids[k], -1) < 0)
            continue;
        if (catalog_deinstall(cat, w, &l->ids[k]))
            return -1;
        strcpy(call, cat->last_call);
        gone[k] = 1;
    }
    if (!call[0])
        return 0;
    snap_free(now);
    if (snap_load(cat, w, now))
        return -1;
    for (k = 0; k < l->count; k++)
        if (gone[k] && snap_next(now, &l->ids[k], -1) >= 0)
            return catalog_fail(cat, CATALOG_NO_EFFECT, call, 0,
                                "provider %s is still in the %s catalog", out_guid(&l->ids[k], gs),
                                catalog_name(w));
    return 0;
}

int apply_remove(catalog_t *cat, const apply_list_t *l)
{
    snap_t now[CATALOG_COUNT] = {{CATALOG_64, 0, NULL}, {CATALOG_32, 0, NULL}};
    int rc = 0;

    CATALOG_EACH (w, cat->catalogs)
        if (rc == 0)
            rc = snap_load(cat, w, &now[w]);
    /* The chains, then the layered entry they start with. */
    for (int layered = 0; layered < 2; layered++)
        CATALOG_EACH (w, cat->catalogs)
            if (rc == 0)
                rc = apply__pass(cat, l, &now[w], layered);
    CATALOG_EACH (w, CATALOG_BOTH)
        snap_free(&now[w]);
    return rc;
}
