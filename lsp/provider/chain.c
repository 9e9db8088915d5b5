#include <string.h>

#include "catalog.h"
#include "chain.h"
#include "dllmain.h"
#include "fileid.h"

#define CHAIN__PATH_MAX (MAX_PATH * 2)

static chain_t chain__all[CHAIN_MAX];

static bool chain__is_self(const WSAPROTOCOL_INFOW *e, const fileid_t *self)
{
    wchar_t path[CHAIN__PATH_MAX];
    fileid_t id;
    return catalog_path(e, path, CHAIN__PATH_MAX) == 0 && fileid_of_path(path, &id) &&
           fileid_equal(&id, self);
}

/* Finds this layer's position in the chain: the first layered entry whose
 * DLL is this one. Only indexes below ChainLen - 1 are examined, so the
 * entry after it always lies within the chain. */
static int chain__locate(const catalog_t *cat, const WSAPROTOCOL_INFOW *pi, int *index)
{
    int len = pi->ProtocolChain.ChainLen;
    fileid_t self;
    if (len < 2 || len > MAX_PROTOCOL_CHAIN)
        return WSAEINVAL;
    if (!fileid_of_module(dllmain_module(), &self))
        return WSAEPROVIDERFAILEDINIT;
    for (int i = 0; i + 1 < len; i++) {
        const WSAPROTOCOL_INFOW *e = catalog_find(cat, pi->ProtocolChain.ChainEntries[i]);
        if (e && e->ProtocolChain.ChainLen == LAYERED_PROTOCOL && chain__is_self(e, &self)) {
            *index = i;
            return 0;
        }
    }
    return WSAEPROVIDERFAILEDINIT;
}

static chain_t *chain__free_slot(void)
{
    for (size_t i = 0; i < CHAIN_MAX; i++)
        if (!atomic_load(&chain__all[i].active))
            return &chain__all[i];
    return NULL;
}

_Static_assert(sizeof(WSPPROC_TABLE) % sizeof(void (*)(void)) == 0,
               "WSPPROC_TABLE holds only function pointers");

static void chain__overlay(WSPPROC_TABLE *table, const WSPPROC_TABLE *hooks)
{
    enum { N = sizeof *table / sizeof(void (*)(void)) };
    void (*t[N])(void), (*h[N])(void);
    memcpy(t, table, sizeof t);
    memcpy(h, hooks, sizeof h);
    for (size_t i = 0; i < N; i++)
        if (h[i])
            t[i] = h[i];
    memcpy(table, t, sizeof t);
}

static bool chain__same_protocol(const WSAPROTOCOL_INFOW *a, const WSAPROTOCOL_INFOW *b)
{
    return a->iAddressFamily == b->iAddressFamily && a->iSocketType == b->iSocketType &&
           a->iProtocol == b->iProtocol;
}

/* The chain that serves pi, and this layer's index in it: pi's own when it
 * holds this layer; else, as the SDK's sample LSP matches, the first chain
 * of the catalog that holds this layer and has pi's address family, socket
 * type and protocol. An LSP above may start this layer with an entry that
 * holds no chain (its next provider's own), or with one chain's info for
 * all its chains and then create sockets of the others. */
static int chain__match(const catalog_t *cat, const WSAPROTOCOL_INFOW *pi,
                        const WSAPROTOCOL_INFOW **chain, int *index)
{
    if (chain__locate(cat, pi, index) == 0) {
        *chain = pi;
        return 0;
    }
    for (int i = 0; i < cat->count; i++) {
        const WSAPROTOCOL_INFOW *e = &cat->entries[i];
        if (e->ProtocolChain.ChainLen >= 2 && chain__same_protocol(e, pi) &&
            chain__locate(cat, e, index) == 0) {
            *chain = e;
            return 0;
        }
    }
    return WSAEPROVIDERFAILEDINIT;
}

static int chain__resolve(WORD version, LPWSAPROTOCOL_INFOW pi, const WSPUPCALLTABLE *upcalls,
                          const lower_t **lower)
{
    catalog_t cat;
    const WSAPROTOCOL_INFOW *chain = NULL;
    int index = 0;
    int err = catalog_load(&cat);
    if (err)
        return err;
    err = chain__match(&cat, pi, &chain, &index);
    if (!err) {
        WSAPROTOCOL_INFOW info = *chain;
        const WSAPROTOCOL_INFOW *next =
            catalog_find(&cat, info.ProtocolChain.ChainEntries[index + 1]);
        /* A layer beneath gets the chain it is part of, unmodified. */
        err = next ? lower_start(next, version, chain == pi ? pi : &info, upcalls, lower)
                   : WSAEPROVIDERFAILEDINIT;
    }
    catalog_free(&cat);
    return err;
}

int chain_start(WORD version, LPWSPDATA data, LPWSAPROTOCOL_INFOW pi, const WSPUPCALLTABLE *upcalls,
                const WSPPROC_TABLE *hooks, const chain_t **out)
{
    const chain_t *known = chain_by_id(pi->dwCatalogEntryId);
    if (known) {
        *data = known->lower->data;
        *out = known;
        return 0;
    }
    /* The slot is chosen only once the lower provider has started: its
     * WSPStartup may re-enter this layer's and start another chain. A
     * provider started without a slot stays until the last clean-up. */
    const lower_t *lower = NULL;
    int err = chain__resolve(version, pi, upcalls, &lower);
    if (err)
        return err;
    chain_t *c = chain__free_slot();
    if (!c)
        return WSAEPROVIDERFAILEDINIT;
    c->id = pi->dwCatalogEntryId;
    c->af = pi->iAddressFamily;
    c->type = pi->iSocketType;
    c->protocol = pi->iProtocol;
    c->info = *pi;
    c->lower = lower;
    c->table = lower->table;
    chain__overlay(&c->table, hooks);
    *data = lower->data;
    atomic_store(&c->active, 1);
    *out = c;
    return 0;
}

const chain_t *chain_by_id(DWORD id)
{
    for (size_t i = 0; i < CHAIN_MAX; i++)
        if (atomic_load(&chain__all[i].active) && chain__all[i].id == id)
            return &chain__all[i];
    return NULL;
}

const chain_t *chain_any(void)
{
    for (size_t i = 0; i < CHAIN_MAX; i++)
        if (atomic_load(&chain__all[i].active))
            return &chain__all[i];
    return NULL;
}

const chain_t *chain_over_base(DWORD base_id)
{
    for (size_t i = 0; i < CHAIN_MAX; i++) {
        const chain_t *c = &chain__all[i];
        if (atomic_load(&c->active) && c->lower->base && c->lower->entry_id == base_id)
            return c;
    }
    return NULL;
}

void chain_cleanup_all(void)
{
    for (size_t i = 0; i < CHAIN_MAX; i++)
        atomic_store(&chain__all[i].active, 0);
    lower_cleanup_all();
}
