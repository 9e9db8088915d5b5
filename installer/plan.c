#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snap.h"
#include "out.h"
#include "siot.h"

/* Chain c in catalog w: over the entry serving its target there. */
static int plan__chain(const snap_t *s, plan_chain_t *c, catalog_which_t w, char *why, size_t n)
{
    WSAPROTOCOL_INFOW *out = &c->info[w];
    const WSAPROTOCOL_INFOW *t;
    char name[WSAPROTOCOL_LEN * 3 + 1];
    siot_state_t st;

    siot_read(s, &st);
    c->over[w] = siot_entry_for(s, &st, c->target, 1);
    if (c->over[w] < 0) {
        snprintf(why, n, "%s: the %s catalog has no entry for it (choose others with --protocols)",
                 c->target->label, catalog_name(w));
        return -1;
    }
    t = &s->e[c->over[w]].info;
    out_utf8(t->szProtocol, name, sizeof name);
    if (!(t->dwServiceFlags1 & XP1_IFS_HANDLES)) {
        snprintf(why, n,
                 "%s: \"%s\" (id %lu) in the %s catalog does not hand out IFS handles; "
                 "siotrace is an IFS LSP and only sits over IFS providers",
                 c->target->label, name, (unsigned long)t->dwCatalogEntryId, catalog_name(w));
        return -1;
    }
    if (snap_kind(t) == SNAP_CHAIN && t->ProtocolChain.ChainLen >= MAX_PROTOCOL_CHAIN) {
        snprintf(why, n, "%s: the chain \"%s\" (id %lu) in the %s catalog is already %d long",
                 c->target->label, name, (unsigned long)t->dwCatalogEntryId, catalog_name(w),
                 MAX_PROTOCOL_CHAIN);
        return -1;
    }
    *out = *t;
    out->ProviderId = c->id;
    out->dwCatalogEntryId = 0;
    out->dwProviderFlags &= ~(DWORD)PFL_HIDDEN;
    /* The first link is siotrace's layered entry (plan_link); then the entry
     * below, or the links of a chain below (a base entry's ChainLen is 1). */
    out->ProtocolChain.ChainLen = t->ProtocolChain.ChainLen + 1;
    out->ProtocolChain.ChainEntries[0] = 0;
    memcpy(&out->ProtocolChain.ChainEntries[1],
           snap_kind(t) == SNAP_BASE ? &t->dwCatalogEntryId : t->ProtocolChain.ChainEntries,
           (size_t)t->ProtocolChain.ChainLen * sizeof(DWORD));
    memset(out->szProtocol, 0, sizeof out->szProtocol);
    /* At most WSAPROTOCOL_LEN characters: the last stays 0. */
    _snwprintf(out->szProtocol, WSAPROTOCOL_LEN, L"%ls over [%ls]", SIOT_NAME, t->szProtocol);
    return 0;
}

/* The layered entry takes its shape from the first chain's entry; Windows
 * never creates sockets on it, so only its ChainLen, GUID and flags matter.
 * Its provider flags are those WSCInstallProviderAndChains is taken to give
 * it (catmodel.h says from where): hidden, so that WSAEnumProtocols does not
 * offer it to programs, and not matching protocol 0. */
static void plan__layered(const WSAPROTOCOL_INFOW *like, WSAPROTOCOL_INFOW *out)
{
    *out = *like;
    out->ProviderId = siot_layered_guid;
    out->dwCatalogEntryId = 0;
    out->ProtocolChain.ChainLen = LAYERED_PROTOCOL;
    memset(out->ProtocolChain.ChainEntries, 0, sizeof out->ProtocolChain.ChainEntries);
    out->dwServiceFlags1 |= XP1_IFS_HANDLES;
    out->dwProviderFlags |= PFL_HIDDEN;
    out->dwProviderFlags &= ~(DWORD)PFL_MATCHES_PROTOCOL_ZERO;
    memset(out->szProtocol, 0, sizeof out->szProtocol);
    wcscpy(out->szProtocol, SIOT_NAME);
}

int plan_install(const snap_t snap[CATALOG_COUNT], unsigned catalogs, unsigned target_mask,
                 const WCHAR *const path[CATALOG_COUNT], plan_t *p, char *why, size_t n)
{
    memset(p, 0, sizeof *p);
    p->catalogs = catalogs;
    p->snap = snap;
    for (size_t t = 0; t < TARGET_COUNT; t++) {
        plan_chain_t *c = &p->chains[p->chain_count];

        if (!(target_mask & (1u << t)))
            continue;
        p->chain_count++;
        c->target = &target_all[t];
        c->id = siot_chain_guid(target_all[t].number);
        c->over[CATALOG_64] = c->over[CATALOG_32] = -1;
        CATALOG_EACH (w, catalogs)
            if (plan__chain(&snap[w], c, w, why, n))
                return -1;
    }
    if (p->chain_count == 0) {
        snprintf(why, n, "no protocols chosen");
        return -1;
    }
    CATALOG_EACH (w, catalogs) {
        plan__layered(&p->chains[0].info[w], &p->layered[w]);
        wcsncpy(p->path[w], path[w], MAX_PATH - 1);
    }
    return 0;
}

/* The entry WSCInstallProviderAndChains layers over for like's {family, type,
 * protocol}: the top-most that is not layered, siotrace's own skipped (a
 * forced reinstall removes them first). */
static long plan__chains_call_over(const snap_t *s, const siot_state_t *st,
                                   const WSAPROTOCOL_INFOW *like)
{
    for (size_t i = 0; i < s->count; i++) {
        const WSAPROTOCOL_INFOW *e = &s->e[i].info;

        if (snap_kind(e) != SNAP_LAYERED && !siot_own(s, st, i) &&
            e->iAddressFamily == like->iAddressFamily && e->iSocketType == like->iSocketType &&
            e->iProtocol == like->iProtocol)
            return (long)i;
    }
    return -1;
}

int plan_fits_chains_call(const plan_t *p, char *why, size_t n)
{
    CATALOG_EACH (w, p->catalogs) {
        const snap_t *s = &p->snap[w];
        siot_state_t st;

        siot_read(s, &st);
        for (size_t i = 0; i < s->count; i++)
            if (!siot_own(s, &st, i) && wcscmp(s->e[i].info.szProtocol, SIOT_NAME) == 0) {
                snprintf(why, n, "entry %lu of the %s catalog is named \"siotrace\" already",
                         (unsigned long)s->e[i].info.dwCatalogEntryId, catalog_name(w));
                return 0;
            }
        for (size_t k = 0; k < p->chain_count; k++) {
            const plan_chain_t *c = &p->chains[k];
            const WSAPROTOCOL_INFOW *over = &s->e[c->over[w]].info;
            long at = plan__chains_call_over(s, &st, over);

            if (snap_kind(over) != SNAP_BASE) {
                snprintf(why, n, "%s is served by another LSP's chain in the %s catalog",
                         c->target->label, catalog_name(w));
                return 0;
            }
            if (at != c->over[w]) {
                snprintf(why, n, "%s: %s entry %lu comes before entry %lu in the %s catalog",
                         c->target->label,
                         (s->e[at].info.dwProviderFlags & PFL_HIDDEN) ? "the hidden" : "the",
                         (unsigned long)s->e[at].info.dwCatalogEntryId,
                         (unsigned long)over->dwCatalogEntryId, catalog_name(w));
                return 0;
            }
        }
    }
    return 1;
}

void plan_link(plan_t *p, catalog_which_t w, DWORD layered_id)
{
    for (size_t k = 0; k < p->chain_count; k++)
        p->chains[k].info[w].ProtocolChain.ChainEntries[0] = layered_id;
}

DWORD *plan_order(const plan_t *p, catalog_which_t w, const snap_t *now, size_t *count)
{
    const snap_t *before = &p->snap[w];
    DWORD *ids = malloc((now->count + 1) * sizeof *ids);
    size_t n = 0, i;

    if (!ids)
        return NULL;
    for (i = 0; i < p->chain_count; i++)
        n = snap_order_add(now, ids, n, p->chains[i].info[w].dwCatalogEntryId);
    for (i = 0; i < before->count; i++)
        n = snap_order_add(now, ids, n, before->e[i].info.dwCatalogEntryId);
    for (i = 0; i < now->count; i++)
        n = snap_order_add(now, ids, n, now->e[i].info.dwCatalogEntryId);
    *count = n;
    return ids;
}
