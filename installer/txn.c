#include "txn.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "snap.h"
#include "siot.h"

#define TXN_MAX_MAP 256

/* Old id -> new id of each entry a restore reinstalled, per catalog. */
typedef struct txn_map_t {
    size_t count;
    DWORD from[TXN_MAX_MAP], to[TXN_MAX_MAP];
} txn_map_t;

typedef struct txn_log_t {
    char *buf;
    size_t n, len;
} txn_log_t;

static void txn__say(txn_log_t *log, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void txn__say(txn_log_t *log, const char *fmt, ...)
{
    va_list ap;
    int w;

    if (log->len + 1 >= log->n)
        return;
    va_start(ap, fmt);
    w = vsnprintf(log->buf + log->len, log->n - log->len, fmt, ap);
    va_end(ap);
    if (w < 0)
        return;
    log->len += (size_t)w;
    if (log->len >= log->n - 1)
        log->len = log->n - 1;
    else
        log->buf[log->len++] = '\n';
    log->buf[log->len] = 0;
}

static void txn__say_error(txn_log_t *log, catalog_t *cat)
{
    char msg[320];

    catalog_describe_error(cat, msg, sizeof msg);
    txn__say(log, "  %s", msg);
}

static DWORD txn__mapped(const txn_map_t *m, DWORD id)
{
    size_t i;

    for (i = 0; i < m->count; i++)
        if (m->from[i] == id)
            return m->to[i];
    return id;
}

static void txn__map_links(WSAPROTOCOL_INFOW *e, const txn_map_t *m)
{
    int k;

    for (k = 0; k < snap_chain_len(e); k++)
        e->ProtocolChain.ChainEntries[k] = txn__mapped(m, e->ProtocolChain.ChainEntries[k]);
}

/* Equal once was's ids are renumbered by the map. */
static int txn__info_equal(const WSAPROTOCOL_INFOW *was, const WSAPROTOCOL_INFOW *is,
                           const txn_map_t *m)
{
    WSAPROTOCOL_INFOW x = *was;

    x.dwCatalogEntryId = txn__mapped(m, was->dwCatalogEntryId);
    txn__map_links(&x, m);
    return snap_equal(&x, is);
}

/* The provider's entries in both copies are equal, in order, under the map. */
static int txn__same_provider(const snap_t *was, const snap_t *is, const GUID *id,
                              const txn_map_t *m)
{
    long a = snap_find_guid(was, id, 0), b = snap_find_guid(is, id, 0);

    while (a >= 0 && b >= 0) {
        if (!txn__info_equal(&was->e[a].info, &is->e[b].info, m))
            return 0;
        a = snap_find_guid(was, id, (size_t)a + 1);
        b = snap_find_guid(is, id, (size_t)b + 1);
    }
    return a < 0 && b < 0;
}

/* Whether the provider is a layered entry, before or now. */
static int txn__is_layered(const txn_t *t, const snap_t now[CATALOG_COUNT], const GUID *id)
{
    CATALOG_EACH (w, CATALOG_BOTH)
        if (snap_has_layered(&t->before[w], id) || snap_has_layered(&now[w], id))
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

static int txn__touched(const txn_t *t, const GUID *id)
{
    size_t i;

    for (i = 0; i < t->touched_count; i++)
        if (IsEqualGUID(&t->touched[i], id))
            return 1;
    return 0;
}

int txn_touch(txn_t *t, const GUID *id)
{
    if (txn__touched(t, id))
        return 0;
    if (t->touched_count == TXN_MAX_GUIDS)
        return catalog_fail(t->cat, CATALOG_UNSUPPORTED, "lspctl", 0,
                            "more than %d providers in one run", TXN_MAX_GUIDS);
    CATALOG_EACH (w, CATALOG_BOTH) {
        snap_t *s = &t->before[w];
        long i = snap_find_guid(s, id, 0);

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
    size_t k;

    siot_read(now, &st);
    for (k = 0; k < st.guid_count; k++)
        if (snap_find_guid(&t->before[now->which], &st.guids[k], 0) < 0)
            txn_touch(t, &st.guids[k]);
}

static int txn__reload(txn_t *t, catalog_which_t w, snap_t *now, txn_log_t *log)
{
    if (snap_reload(t->cat, w, now) == 0)
        return 0;
    txn__say(log, "could not read the %s catalog:", catalog_name(w));
    txn__say_error(log, t->cat);
    return -1;
}

/* Takes provider id out of catalog w unless it is there as it was; *gone
 * says whether it was there before (and so must come back). */
static int txn__remove_from(txn_t *t, catalog_which_t w, const GUID *id, const snap_t *now,
                            const txn_map_t *map, int *gone, txn_log_t *log)
{
    char gs[XLAT_GUID_LEN];

    if (snap_find_guid(now, id, 0) >= 0) {
        if (txn__same_provider(&t->before[w], now, id, map))
            return 0;
        out_guid(id, gs);
        if (catalog_deinstall(t->cat, w, id)) {
            txn__say(log, "could not remove %s from the %s catalog:", gs, catalog_name(w));
            txn__say_error(log, t->cat);
            return -1;
        }
        txn__say(log, "removed %s from the %s catalog", gs, catalog_name(w));
    }
    *gone = snap_find_guid(&t->before[w], id, 0) >= 0;
    return 0;
}

/* Chains go before the layered entries they start with. */
static int txn__remove(txn_t *t, snap_t now[CATALOG_COUNT], txn_map_t map[],
                       int gone[][CATALOG_COUNT], txn_log_t *log)
{
    int rc = 0;

    for (int layered = 0; layered < 2; layered++) {
        for (size_t g = 0; g < t->touched_count; g++)
            if (txn__is_layered(t, now, &t->touched[g]) == layered) {
                CATALOG_EACH (w, t->cat->catalogs)
                    rc |=
                        txn__remove_from(t, w, &t->touched[g], &now[w], &map[w], &gone[g][w], log);
            }
        CATALOG_EACH (w, t->cat->catalogs)
            rc |= txn__reload(t, w, &now[w], log);
    }
    return rc;
}

/* The provider's entries as they were, their links renumbered. */
static size_t txn__old_entries(const snap_t *was, const GUID *id, const txn_map_t *m,
                               WSAPROTOCOL_INFOW *out, const WCHAR **path)
{
    size_t n = 0;
    long i;

    *path = NULL;
    for (i = snap_find_guid(was, id, 0); i >= 0 && n < TXN_MAX_MAP;
         i = snap_find_guid(was, id, (size_t)i + 1)) {
        out[n] = was->e[i].info;
        txn__map_links(&out[n], m);
        if (was->e[i].have_path)
            *path = was->e[i].path;
        n++;
    }
    return n;
}

static void txn__map_new(const snap_t *was, const snap_t *now, const GUID *id, txn_map_t *m)
{
    long a = snap_find_guid(was, id, 0), b = snap_find_guid(now, id, 0);

    while (a >= 0 && b >= 0 && m->count < TXN_MAX_MAP) {
        m->from[m->count] = was->e[a].info.dwCatalogEntryId;
        m->to[m->count] = now->e[b].info.dwCatalogEntryId;
        m->count++;
        a = snap_find_guid(was, id, (size_t)a + 1);
        b = snap_find_guid(now, id, (size_t)b + 1);
    }
}

static int txn__entries_equal(const WSAPROTOCOL_INFOW *a, const WSAPROTOCOL_INFOW *b, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!snap_equal(&a[i], &b[i]))
            return 0;
    return 1;
}

static int txn__reinstall_into(txn_t *t, const GUID *id, int gone[CATALOG_COUNT],
                               const txn_map_t map[], WSAPROTOCOL_INFOW *infos[CATALOG_COUNT],
                               txn_log_t *log)
{
    const WCHAR *path[CATALOG_COUNT] = {NULL, NULL};
    size_t n[CATALOG_COUNT] = {0, 0};
    unsigned bits = 0;
    int w;
    char gs[XLAT_GUID_LEN];

    out_guid(id, gs);
    CATALOG_EACH (c, CATALOG_BOTH) {
        if (!gone[c])
            continue;
        n[c] = txn__old_entries(&t->before[c], id, &map[c], infos[c], &path[c]);
        if (!path[c]) {
            txn__say(log, "cannot put %s back into the %s catalog: its DLL path was never read", gs,
                     catalog_name(c));
            return -1;
        }
        bits |= CATALOG_BIT(c);
    }
    /* One call for both catalogs where it can be; Windows' 64-bit install
     * into the 32-bit catalog alone only works while the 64-bit one lacks it,
     * so that one goes first. */
    if (bits == CATALOG_BOTH && n[0] == n[1] && wcscmp(path[0], path[1]) == 0 &&
        txn__entries_equal(infos[0], infos[1], n[0])) {
        if (catalog_install(t->cat, bits, id, path[0], infos[0], n[0]))
            goto failed;
        txn__say(log, "put %s back into both catalogs", gs);
        return 0;
    }
    for (w = CATALOG_COUNT - 1; w >= 0; w--) {
        if (!(bits & CATALOG_BIT(w)))
            continue;
        if (catalog_install(t->cat, CATALOG_BIT(w), id, path[w], infos[w], n[w]))
            goto failed;
        txn__say(log, "put %s back into the %s catalog", gs, catalog_name((catalog_which_t)w));
    }
    return 0;
failed:
    txn__say(log, "could not put %s back:", gs);
    txn__say_error(log, t->cat);
    return -1;
}

static int txn__reinstall(txn_t *t, snap_t now[CATALOG_COUNT], int layered, txn_map_t map[],
                          int gone[][CATALOG_COUNT], txn_log_t *log)
{
    WSAPROTOCOL_INFOW *infos[CATALOG_COUNT] = {
        malloc(CATALOG_COUNT * TXN_MAX_MAP * sizeof **infos)};
    int rc = 0;

    if (!infos[0]) {
        txn__say(log, "out of memory");
        return -1;
    }
    infos[1] = infos[0] + TXN_MAX_MAP;
    for (size_t g = 0; g < t->touched_count; g++) {
        const GUID *id = &t->touched[g];

        if (txn__is_layered(t, now, id) != layered || !(gone[g][0] || gone[g][1]))
            continue;
        if (txn__reinstall_into(t, id, gone[g], map, infos, log)) {
            rc = -1;
            continue;
        }
        CATALOG_EACH (w, CATALOG_BOTH) {
            if (!gone[g][w])
                continue;
            if (txn__reload(t, w, &now[w], log)) {
                rc = -1;
                goto out;
            }
            txn__map_new(&t->before[w], &now[w], id, &map[w]);
        }
    }
out:
    free(infos[0]);
    return rc;
}

static int txn__categories(txn_t *t, catalog_which_t w, txn_log_t *log)
{
    const snap_t *was = &t->before[w];
    size_t g;
    int rc = 0;
    char gs[XLAT_GUID_LEN];

    for (g = 0; g < t->touched_count; g++) {
        long i = snap_find_guid(was, &t->touched[g], 0);
        DWORD now;

        if (i < 0 || !was->e[i].have_categories)
            continue;
        out_guid(&t->touched[g], gs);
        if (catalog_get_category(t->cat, w, &t->touched[g], &now) == 0 &&
            now == was->e[i].categories)
            continue;
        if (catalog_set_category(t->cat, w, &t->touched[g], was->e[i].categories)) {
            txn__say(log, "could not put back the LSP categories of %s in the %s catalog:", gs,
                     catalog_name(w));
            txn__say_error(log, t->cat);
            rc = -1;
            continue;
        }
        txn__say(log, "put back the LSP categories 0x%08lx of %s in the %s catalog",
                 (unsigned long)was->e[i].categories, gs, catalog_name(w));
    }
    return rc;
}

/* The order the catalog had, for the entries it had; entries another
 * program added meanwhile follow, as Windows places a new entry last. */
static int txn__order(txn_t *t, catalog_which_t w, const snap_t *now, const txn_map_t *m,
                      txn_log_t *log)
{
    const snap_t *was = &t->before[w];
    DWORD *ids;
    size_t i, n = 0;
    int same = 1, rc = 0;

    ids = malloc((now->count + 1) * sizeof *ids);
    if (!ids)
        return -1;
    for (i = 0; i < was->count; i++)
        n = snap_order_add(now, ids, n, txn__mapped(m, was->e[i].info.dwCatalogEntryId));
    for (i = 0; i < now->count; i++)
        n = snap_order_add(now, ids, n, now->e[i].info.dwCatalogEntryId);
    for (i = 0; same && i < n; i++)
        same = ids[i] == now->e[i].info.dwCatalogEntryId;
    if (same) {
        free(ids);
        return 0;
    }
    if (catalog_write_order(t->cat, w, ids, n)) {
        txn__say(log, "could not put back the order of the %s catalog:", catalog_name(w));
        txn__say_error(log, t->cat);
        rc = -1;
    } else {
        txn__say(log, "put back the order of the %s catalog", catalog_name(w));
    }
    free(ids);
    return rc;
}

/* Entry by entry, in order, past newcomers (each named): entries of a
 * provider this run neither had before nor touched, which another program
 * installed during the run and are not the run's to remove. Each difference
 * is reported. */
static int txn__compare(const txn_t *t, const snap_t *was, const snap_t *now, const txn_map_t *m,
                        txn_log_t *log)
{
    size_t i, k = 0;
    int same = 1;

    for (i = 0; i < now->count; i++) {
        const WSAPROTOCOL_INFOW *e = &now->e[i].info;

        if (snap_find_guid(was, &e->ProviderId, 0) < 0 && !txn__touched(t, &e->ProviderId)) {
            txn__say(log,
                     "entry %lu of the %s catalog was added by another program during this "
                     "run; it stays",
                     (unsigned long)e->dwCatalogEntryId, catalog_name(was->which));
            continue;
        }
        if (k < was->count && !txn__info_equal(&was->e[k].info, e, m)) {
            txn__say(log, "the %s catalog differs at position %lu (id %lu, was %lu)",
                     catalog_name(was->which), (unsigned long)i + 1,
                     (unsigned long)e->dwCatalogEntryId,
                     (unsigned long)was->e[k].info.dwCatalogEntryId);
            same = 0;
        }
        k++;
    }
    if (k != was->count) {
        txn__say(log, "the %s catalog has %lu of its entries; it had %lu", catalog_name(was->which),
                 (unsigned long)k, (unsigned long)was->count);
        return 0;
    }
    return same;
}

/* Names each entry that came back under a new id. */
static txn_result_t txn__renumbered(const txn_map_t map[CATALOG_COUNT], txn_log_t *log)
{
    txn_result_t result = TXN_EXACT;
    size_t i;

    CATALOG_EACH (w, CATALOG_BOTH)
        for (i = 0; i < map[w].count; i++)
            if (map[w].from[i] != map[w].to[i]) {
                txn__say(log, "entry %lu of the %s catalog is now entry %lu",
                         (unsigned long)map[w].from[i], catalog_name(w),
                         (unsigned long)map[w].to[i]);
                result = TXN_RENUMBERED;
            }
    return result;
}

static txn_result_t txn__restore(txn_t *t, snap_t now[CATALOG_COUNT], txn_log_t *log)
{
    int gone[TXN_MAX_GUIDS][CATALOG_COUNT];
    txn_map_t map[CATALOG_COUNT];
    int ok = 1;

    memset(gone, 0, sizeof gone);
    memset(map, 0, sizeof map);
    CATALOG_EACH (w, t->cat->catalogs) {
        if (txn__reload(t, w, &now[w], log))
            return TXN_FAILED;
        txn__adopt_new(t, &now[w]);
    }
    /* Chains come back after the layered entries they start with. */
    ok &= txn__remove(t, now, map, gone, log) == 0;
    ok &= txn__reinstall(t, now, 1, map, gone, log) == 0;
    ok &= txn__reinstall(t, now, 0, map, gone, log) == 0;
    /* Then categories and order put back, and each catalog compared with its copy. */
    CATALOG_EACH (w, t->cat->catalogs)
        ok &= !txn__categories(t, w, log) && !txn__reload(t, w, &now[w], log) &&
              !txn__order(t, w, &now[w], &map[w], log) && !txn__reload(t, w, &now[w], log) &&
              txn__compare(t, &t->before[w], &now[w], &map[w], log);
    return ok ? txn__renumbered(map, log) : TXN_FAILED;
}

txn_result_t txn_restore(txn_t *t, char *report, size_t n)
{
    snap_t now[CATALOG_COUNT];
    txn_log_t log = {report, n, 0};
    txn_result_t result;

    if (n)
        report[0] = 0;
    memset(now, 0, sizeof now);
    CATALOG_EACH (w, CATALOG_BOTH)
        now[w].which = w;
    result = txn__restore(t, now, &log);
    CATALOG_EACH (w, CATALOG_BOTH)
        snap_free(&now[w]);
    return result;
}
