#include "txn.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "out.h"
#include "siot.h"

/* One restore: the catalogs as they are now, for each entry of the copies
 * the id it got when put back (0 while it has not been), and for each
 * touched provider the CATALOG_BITs it must come back to. */
typedef struct txn__undo_t {
    txn_t *t;
    catalog_t *cat;
    snap_t now[CATALOG_COUNT];
    DWORD *to[CATALOG_COUNT];               /* to[w][i]: the new id of t->before[w].e[i] */
    WSAPROTOCOL_INFOW *room[CATALOG_COUNT]; /* as many as t->before[w], for txn__put_back */
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

/* Id id of catalog w's copy as it is now: the id its entry got if put back. */
static DWORD txn__mapped(const txn__undo_t *u, catalog_which_t w, DWORD id)
{
    long i = snap_find_id(&u->t->before[w], id);

    return i >= 0 && u->to[w][i] ? u->to[w][i] : id;
}

/* An entry of catalog w's copy with its id and links as they are now. */
static WSAPROTOCOL_INFOW txn__renumber(const txn__undo_t *u, catalog_which_t w,
                                       const WSAPROTOCOL_INFOW *was)
{
    WSAPROTOCOL_INFOW x = *was;

    x.dwCatalogEntryId = txn__mapped(u, w, x.dwCatalogEntryId);
    for (int k = 0; k < snap_chain_len(&x); k++)
        x.ProtocolChain.ChainEntries[k] = txn__mapped(u, w, x.ProtocolChain.ChainEntries[k]);
    return x;
}

static int txn__info_equal(const txn__undo_t *u, catalog_which_t w, const WSAPROTOCOL_INFOW *was,
                           const WSAPROTOCOL_INFOW *is)
{
    WSAPROTOCOL_INFOW x = txn__renumber(u, w, was);

    return snap_equal(&x, is);
}

/* The provider's entries in catalog w and its copy are equal, in order. */
static int txn__same_provider(const txn__undo_t *u, catalog_which_t w, const GUID *id)
{
    long a = -1, b = -1;

    do {
        a = snap_next(&u->t->before[w], id, a);
        b = snap_next(&u->now[w], id, b);
    } while (a >= 0 && b >= 0 &&
             txn__info_equal(u, w, &u->t->before[w].e[a].info, &u->now[w].e[b].info));
    return a < 0 && b < 0;
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
        if (txn__same_provider(u, w, id))
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

/* Puts touched provider g back into each catalog it is gone from: its
 * entries as they were, their links renumbered. */
static int txn__put_back(txn__undo_t *u, size_t g)
{
    const GUID *id = &u->t->touched[g];
    apply_entries_t e[CATALOG_COUNT] = {{NULL, u->room[0], 0}, {NULL, u->room[1], 0}};
    unsigned left = u->gone[g], done;
    char gs[XLAT_GUID_LEN];

    out_guid(id, gs);
    CATALOG_EACH (w, left) {
        const snap_t *was = &u->t->before[w];

        SNAP_EACH_OF (i, was, id) {
            u->room[w][e[w].count++] = txn__renumber(u, w, &was->e[i].info);
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

/* Each provider gone comes back in the reverse of the order it went,
 * layered entries first, and the catalogs are read for the ids it got
 * before the next (whose links may name them). */
static int txn__reinstall(txn__undo_t *u)
{
    int rc = 0;

    for (size_t g = u->t->touched_count; g-- > 0;) {
        const GUID *id = &u->t->touched[g];

        if (!u->gone[g])
            continue;
        if (txn__put_back(u, g)) {
            rc = -1;
            continue;
        }
        CATALOG_EACH (w, u->gone[g]) {
            if (txn__reload(u, w))
                return -1;
            /* Each entry it had, in order, is the one in the same place now. */
            for (long a = snap_next(&u->t->before[w], id, -1), b = snap_next(&u->now[w], id, -1);
                 a >= 0 && b >= 0;
                 a = snap_next(&u->t->before[w], id, a), b = snap_next(&u->now[w], id, b))
                u->to[w][a] = u->now[w].e[b].info.dwCatalogEntryId;
        }
    }
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
        n = snap_order_add(now, ids, n, txn__mapped(u, w, was->e[i].info.dwCatalogEntryId));
    for (i = 0; i < now->count; i++)
        n = snap_order_add(now, ids, n, now->e[i].info.dwCatalogEntryId);
    for (i = 0; same && i < n; i++)
        same = ids[i] == now->e[i].info.dwCatalogEntryId;
    if (!same && catalog_write_order(u->cat, w, ids, n))
        rc = txn__say(u->cat, "could not put back the order of the %s catalog", catalog_name(w));
    else if (!same)
        txn__say(NULL, "put back the order of the %s catalog", catalog_name(w));
    free(ids);
    return rc || same ? rc : txn__reload(u, w);
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
        if (k < was->count && !txn__info_equal(u, w, &was->e[k].info, e)) {
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

    CATALOG_EACH (w, u->cat->catalogs)
        for (size_t i = 0; i < u->t->before[w].count; i++) {
            DWORD was = u->t->before[w].e[i].info.dwCatalogEntryId;

            if (u->to[w][i] && u->to[w][i] != was) {
                txn__say(NULL, "entry %lu of the %s catalog is now entry %lu", (unsigned long)was,
                         catalog_name(w), (unsigned long)u->to[w][i]);
                result = TXN_RENUMBERED;
            }
        }
    return result;
}

/* Whether provider id has a layered entry, before or now. */
static int txn__has_layered(const txn__undo_t *u, const GUID *id)
{
    const snap_t *s[] = {&u->t->before[0], &u->t->before[1], &u->now[0], &u->now[1]};

    for (size_t k = 0; k < sizeof s / sizeof s[0]; k++)
        SNAP_EACH_OF (i, s[k], id)
            if (snap_kind(&s[k]->e[i].info) == SNAP_LAYERED)
                return 1;
    return 0;
}

/* The providers with a layered entry go last, after the chains that start
 * with them, and so come back first; each group keeps its order. */
static void txn__layered_last(txn__undo_t *u)
{
    txn_t *t = u->t;
    GUID layered[TXN_MAX_GUIDS];
    size_t chains = 0, n = 0;

    for (size_t g = 0; g < t->touched_count; g++)
        if (txn__has_layered(u, &t->touched[g]))
            layered[n++] = t->touched[g];
        else
            t->touched[chains++] = t->touched[g];
    memcpy(t->touched + chains, layered, n * sizeof *layered);
}

static txn_result_t txn__restore(txn__undo_t *u)
{
    int ok = 1;

    CATALOG_EACH (w, u->cat->catalogs) {
        if (txn__reload(u, w))
            return TXN_FAILED;
        txn__adopt_new(u->t, &u->now[w]);
    }
    txn__layered_last(u);
    for (size_t g = 0; g < u->t->touched_count; g++)
        CATALOG_EACH (w, u->cat->catalogs)
            ok &= txn__remove_from(u, g, w) == 0;
    CATALOG_EACH (w, u->cat->catalogs)
        ok &= txn__reload(u, w) == 0;
    ok &= txn__reinstall(u) == 0;
    /* Then categories and order put back (neither changes an entry), and
     * each catalog compared with its copy. */
    CATALOG_EACH (w, u->cat->catalogs)
        ok &= !txn__categories(u, w) && !txn__order(u, w) && txn__compare(u, w);
    return ok ? txn__renumbered(u) : TXN_FAILED;
}

txn_result_t txn_restore(txn_t *t)
{
    txn__undo_t u = {.t = t, .cat = t->cat};
    txn_result_t result = TXN_FAILED;
    int room = 1;

    CATALOG_EACH (w, CATALOG_BOTH) {
        u.to[w] = calloc(t->before[w].count + 1, sizeof *u.to[w]);
        u.room[w] = malloc((t->before[w].count + 1) * sizeof *u.room[w]);
        room &= u.to[w] && u.room[w];
    }
    if (room)
        result = txn__restore(&u);
    else
        txn__say(NULL, "out of memory");
    CATALOG_EACH (w, CATALOG_BOTH) {
        snap_free(&u.now[w]);
        free(u.to[w]);
        free(u.room[w]);
    }
    return result;
}
