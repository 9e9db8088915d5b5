#include "txn.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "out.h"
#include "siot.h"

#define TXN_MAX_MAP 256

/* Old id -> new id of each entry a restore reinstalled, per catalog. */
typedef struct txn_map_t {
    size_t count;
    DWORD from[TXN_MAX_MAP], to[TXN_MAX_MAP];
} txn_map_t;

/* One restore: the catalogs as they are now, the ids the entries put back
 * got, and for each touched provider the CATALOG_BITs it must come back to. */
typedef struct txn__undo_t {
    txn_t *t;
    catalog_t *cat;
    snap_t now[CATALOG_COUNT];
    txn_map_t map[CATALOG_COUNT];
    unsigned gone[TXN_MAX_GUIDS];
} txn__undo_t;

/* One line of the report on stderr. With cat, the line ends in ':' and the
 * catalog error follows under it, and it returns -1. */
static int __attribute__((format(printf, 2, 3))) txn__say(catalog_t *cat, const char *fmt, ...)
{
    char msg[320];
    va_list ap;

    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (cat) {
        catalog_describe_error(cat, msg, sizeof msg);
        fprintf(stderr, ":\n  %s", msg);
    }
    fputc('\n', stderr);
    return cat ? -1 : 0;
}

static DWORD txn__mapped(const txn_map_t *m, DWORD id)
{
    for (size_t i = 0; i < m->count; i++)
        if (m->from[i] == id)
            return m->to[i];
    return id;
}

/* was with its id and links renumbered by the map. */
static WSAPROTOCOL_INFOW txn__renumber(const WSAPROTOCOL_INFOW *was, const txn_map_t *m)
{
    WSAPROTOCOL_INFOW x = *was;

    x.dwCatalogEntryId = txn__mapped(m, x.dwCatalogEntryId);
    for (int k = 0; k < snap_chain_len(&x); k++)
        x.ProtocolChain.ChainEntries[k] = txn__mapped(m, x.ProtocolChain.ChainEntries[k]);
    return x;
}

static int txn__info_equal(const WSAPROTOCOL_INFOW *was, const WSAPROTOCOL_INFOW *is,
                           const txn_map_t *m)
{
    WSAPROTOCOL_INFOW x = txn__renumber(was, m);

    return snap_equal(&x, is);
}

/* The provider's entries in both copies are equal, in order, under the map. */
static int txn__same_provider(const snap_t *was, const snap_t *is, const GUID *id,
                              const txn_map_t *m)
{
    long a = -1, b = -1;

    do {
        a = snap_next(was, id, a);
        b = snap_next(is, id, b);
    } while (a >= 0 && b >= 0 && txn__info_equal(&was->e[a].info, &is->e[b].info, m));
    return a < 0 && b < 0;
}

/* Maps each entry the provider had in was to the one in the same place now. */
static void txn__map_new(const snap_t *was, const snap_t *now, const GUID *id, txn_map_t *m)
{
    for (long a = snap_next(was, id, -1), b = snap_next(now, id, -1);
         a >= 0 && b >= 0 && m->count < TXN_MAX_MAP;
         a = snap_next(was, id, a), b = snap_next(now, id, b)) {
        m->from[m->count] = was->e[a].info.dwCatalogEntryId;
        m->to[m->count++] = now->e[b].info.dwCatalogEntryId;
    }
}

/* Whether the provider is a layered entry, before or now. */
static int txn__is_layered(const txn__undo_t *u, const GUID *id)
{
    const snap_t *s[] = {&u->t->before[0], &u->t->before[1], &u->now[0], &u->now[1]};

    for (size_t k = 0; k < sizeof s / sizeof s[0]; k++)
        SNAP_EACH_OF (i, s[k], id)
            if (snap_kind(&s[k]->e[i].info) == SNAP_LAYERED)
                return 1;
    return 0;
}

int txn_begin(txn_t *t, catalog_t *cat)
{
    memset(t, 0, sizeof *t);
    t->cat = cat;
    CATALOG_EACH (w, CATALOG_BOTH)
        t->before[w].which = w;
    CATALOG_EACH (w, cat->catalogs)
        if (snap_load(cat, w, &t->before[w])) {
            txn_end(t);
            return -1;
        }
    return 0;
}

int txn_touch(txn_t *t, const GUID *id)
{
    if (snap_guid_index(t->touched, t->touched_count, id) >= 0)
        return 0;
    if (t->touched_count == TXN_MAX_GUIDS)
        return catalog_fail(t->cat, CATALOG_UNSUPPORTED, "lspctl", 0,
                            "more than %d providers in one run", TXN_MAX_GUIDS);
    CATALOG_EACH (w, CATALOG_BOTH) {
        snap_t *s = &t->before[w];
        long i = snap_next(s, id, -1);

        if (i >= 0 && (snap_read_path(t->cat, s, id) || (snap_kind(&s->e[i].info) == SNAP_LAYERED &&
                                                         snap_read_categories(t->cat, s, id))))
            return -1;
    }
    t->touched[t->touched_count++] = *id;
    return 0;
}

void txn_end(txn_t *t)
{
    CATALOG_EACH (w, CATALOG_BOTH)
        snap_free(&t->before[w]);
}

/* Providers siotrace left in a catalog that were not there before are the
 * run's own even if it failed before learning their GUIDs (chains made by
 * WSCInstallProviderAndChains get theirs from Windows). */
static void txn__adopt_new(txn_t *t, const snap_t *now)
{
    siot_state_t st;

    siot_read(now, &st);
    for (size_t k = 0; k < st.guid_count; k++)
        if (snap_next(&t->before[now->which], &st.guids[k], -1) < 0)
            txn_touch(t, &st.guids[k]);
}

static int txn__reload(txn__undo_t *u, catalog_which_t w)
{
    snap_free(&u->now[w]);
    if (snap_load(u->cat, w, &u->now[w]) == 0)
        return 0;
    return txn__say(u->cat, "could not read the %s catalog", catalog_name(w));
}

/* Takes touched provider g out of catalog w unless it is there as it was;
 * marks it gone from w when it was there before (and so must come back). */
static int txn__remove_from(txn__undo_t *u, size_t g, catalog_which_t w)
{
    const GUID *id = &u->t->touched[g];
    char gs[XLAT_GUID_LEN];

    if (snap_next(&u->now[w], id, -1) >= 0) {
        if (txn__same_provider(&u->t->before[w], &u->now[w], id, &u->map[w]))
            return 0;
        out_guid(id, gs);
        if (catalog_deinstall(u->cat, w, id))
            return txn__say(u->cat, "could not remove %s from the %s catalog", gs, catalog_name(w));
        txn__say(NULL, "removed %s from the %s catalog", gs, catalog_name(w));
    }
    if (snap_next(&u->t->before[w], id, -1) >= 0)
        u->gone[g] |= CATALOG_BIT(w);
    return 0;
}

/* Chains go before the layered entries they start with. */
static int txn__remove(txn__undo_t *u)
{
    int rc = 0;

    for (int layered = 0; layered < 2; layered++) {
        for (size_t g = 0; g < u->t->touched_count; g++)
            if (txn__is_layered(u, &u->t->touched[g]) == layered) {
                CATALOG_EACH (w, u->cat->catalogs)
                    rc |= txn__remove_from(u, g, w);
            }
        CATALOG_EACH (w, u->cat->catalogs)
            rc |= txn__reload(u, w);
    }
    return rc;
}

/* Puts touched provider g back into each catalog it is gone from: its
 * entries as they were, their links renumbered, infos[w] the room for those
 * of catalog w. */
static int txn__put_back(txn__undo_t *u, size_t g, WSAPROTOCOL_INFOW *infos[CATALOG_COUNT])
{
    const GUID *id = &u->t->touched[g];
    apply_entries_t e[CATALOG_COUNT] = {{NULL, infos[0], 0}, {NULL, infos[1], 0}};
    unsigned left = u->gone[g], done;
    char gs[XLAT_GUID_LEN];

    out_guid(id, gs);
    CATALOG_EACH (w, left) {
        const snap_t *was = &u->t->before[w];

        SNAP_EACH_OF (i, was, id) {
            if (e[w].count == TXN_MAX_MAP)
                break;
            infos[w][e[w].count++] = txn__renumber(&was->e[i].info, &u->map[w]);
            if (was->e[i].have_path)
                e[w].path = was->e[i].path;
        }
        if (!e[w].path) {
            txn__say(NULL, "cannot put %s back into the %s catalog: its DLL path was never read",
                     gs, catalog_name(w));
            return -1;
        }
    }
    while (left) {
        if (apply_put(u->cat, id, e, &left, &done))
            return txn__say(u->cat, "could not put %s back", gs);
        if (done == CATALOG_BOTH)
            txn__say(NULL, "put %s back into both catalogs", gs);
        CATALOG_EACH (w, done == CATALOG_BOTH ? 0 : done)
            txn__say(NULL, "put %s back into the %s catalog", gs, catalog_name(w));
    }
    return 0;
}

static int txn__reinstall(txn__undo_t *u, int layered)
{
    WSAPROTOCOL_INFOW *infos[CATALOG_COUNT] = {
        malloc(CATALOG_COUNT * TXN_MAX_MAP * sizeof **infos)};
    int rc = 0;

    if (!infos[0]) {
        txn__say(NULL, "out of memory");
        return -1;
    }
    infos[1] = infos[0] + TXN_MAX_MAP;
    for (size_t g = 0; g < u->t->touched_count; g++) {
        const GUID *id = &u->t->touched[g];

        if (txn__is_layered(u, id) != layered || !u->gone[g])
            continue;
        if (txn__put_back(u, g, infos)) {
            rc = -1;
            continue;
        }
        CATALOG_EACH (w, u->gone[g]) {
            if (txn__reload(u, w)) {
                rc = -1;
                goto out;
            }
            txn__map_new(&u->t->before[w], &u->now[w], id, &u->map[w]);
        }
    }
out:
    free(infos[0]);
    return rc;
}

static int txn__categories(txn__undo_t *u, catalog_which_t w)
{
    const snap_t *was = &u->t->before[w];
    int rc = 0;
    char gs[XLAT_GUID_LEN];

    for (size_t g = 0; g < u->t->touched_count; g++) {
        const GUID *id = &u->t->touched[g];
        long i = snap_next(was, id, -1);
        DWORD now;

        if (i < 0 || !was->e[i].have_categories)
            continue;
        out_guid(id, gs);
        if (catalog_get_category(u->cat, w, id, &now) == 0 && now == was->e[i].categories)
            continue;
        if (catalog_set_category(u->cat, w, id, was->e[i].categories))
            rc = txn__say(u->cat, "could not put back the LSP categories of %s in the %s catalog",
                          gs, catalog_name(w));
        else
            txn__say(NULL, "put back the LSP categories 0x%08lx of %s in the %s catalog",
                     (unsigned long)was->e[i].categories, gs, catalog_name(w));
    }
    return rc;
}

/* The order the catalog had, for the entries it had; entries another
 * program added meanwhile follow, as Windows places a new entry last. */
static int txn__order(txn__undo_t *u, catalog_which_t w)
{
    const snap_t *was = &u->t->before[w], *now = &u->now[w];
    DWORD *ids = malloc((now->count + 1) * sizeof *ids);
    size_t i, n = 0;
    int same = 1, rc = 0;

    if (!ids)
        return -1;
    for (i = 0; i < was->count; i++)
        n = snap_order_add(now, ids, n, txn__mapped(&u->map[w], was->e[i].info.dwCatalogEntryId));
    for (i = 0; i < now->count; i++)
        n = snap_order_add(now, ids, n, now->e[i].info.dwCatalogEntryId);
    for (i = 0; same && i < n; i++)
        same = ids[i] == now->e[i].info.dwCatalogEntryId;
    if (!same && catalog_write_order(u->cat, w, ids, n))
        rc = txn__say(u->cat, "could not put back the order of the %s catalog", catalog_name(w));
    else if (!same)
        txn__say(NULL, "put back the order of the %s catalog", catalog_name(w));
    free(ids);
    return rc;
}

/* Entry by entry, in order, past newcomers (each named): entries of a
 * provider this run neither had before nor touched, which another program
 * installed during the run and are not the run's to remove. Each difference
 * is reported. */
static int txn__compare(const txn__undo_t *u, catalog_which_t w)
{
    const snap_t *was = &u->t->before[w], *now = &u->now[w];
    size_t i, k = 0;
    int same = 1;

    for (i = 0; i < now->count; i++) {
        const WSAPROTOCOL_INFOW *e = &now->e[i].info;

        if (snap_next(was, &e->ProviderId, -1) < 0 &&
            snap_guid_index(u->t->touched, u->t->touched_count, &e->ProviderId) < 0) {
            txn__say(NULL,
                     "entry %lu of the %s catalog was added by another program during this run; "
                     "it stays",
                     (unsigned long)e->dwCatalogEntryId, catalog_name(w));
            continue;
        }
        if (k < was->count && !txn__info_equal(&was->e[k].info, e, &u->map[w])) {
            txn__say(NULL, "the %s catalog differs at position %lu (id %lu, was %lu)",
                     catalog_name(w), (unsigned long)i + 1, (unsigned long)e->dwCatalogEntryId,
                     (unsigned long)was->e[k].info.dwCatalogEntryId);
            same = 0;
        }
        k++;
    }
    if (k != was->count) {
        txn__say(NULL, "the %s catalog has %lu of its entries; it had %lu", catalog_name(w),
                 (unsigned long)k, (unsigned long)was->count);
        return 0;
    }
    return same;
}

/* Names each entry that came back under a new id. */
static txn_result_t txn__renumbered(const txn__undo_t *u)
{
    txn_result_t result = TXN_EXACT;

    CATALOG_EACH (w, CATALOG_BOTH)
        for (size_t i = 0; i < u->map[w].count; i++)
            if (u->map[w].from[i] != u->map[w].to[i]) {
                txn__say(NULL, "entry %lu of the %s catalog is now entry %lu",
                         (unsigned long)u->map[w].from[i], catalog_name(w),
                         (unsigned long)u->map[w].to[i]);
                result = TXN_RENUMBERED;
            }
    return result;
}

static txn_result_t txn__restore(txn__undo_t *u)
{
    int ok = 1;

    CATALOG_EACH (w, u->cat->catalogs) {
        if (txn__reload(u, w))
            return TXN_FAILED;
        txn__adopt_new(u->t, &u->now[w]);
    }
    /* Chains come back after the layered entries they start with. */
    ok &= txn__remove(u) == 0;
    ok &= txn__reinstall(u, 1) == 0;
    ok &= txn__reinstall(u, 0) == 0;
    /* Then categories and order put back, and each catalog compared with its copy. */
    CATALOG_EACH (w, u->cat->catalogs)
        ok &= !txn__categories(u, w) && !txn__reload(u, w) && !txn__order(u, w) &&
              !txn__reload(u, w) && txn__compare(u, w);
    return ok ? txn__renumbered(u) : TXN_FAILED;
}

txn_result_t txn_restore(txn_t *t)
{
    txn__undo_t u = {.t = t, .cat = t->cat};
    txn_result_t result = txn__restore(&u);

    CATALOG_EACH (w, CATALOG_BOTH)
        snap_free(&u.now[w]);
    return result;
}
