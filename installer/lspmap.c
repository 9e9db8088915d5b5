#include "lspmap.h"

lspmap_kind_t lspmap_kind(const WSAPROTOCOL_INFOW *e)
{
    if (e->ProtocolChain.ChainLen == LAYERED_PROTOCOL)
        return LSPMAP_LAYERED;
    if (e->ProtocolChain.ChainLen == BASE_PROTOCOL)
        return LSPMAP_BASE;
    return LSPMAP_CHAIN;
}

const char *lspmap_kind_name(lspmap_kind_t k)
{
    switch (k) {
    case LSPMAP_LAYERED:
        return "Layered Service Provider";
    case LSPMAP_BASE:
        return "Base Service Provider";
    default:
        return "Layered Chain Entry";
    }
}

int lspmap_broken(const snap_t *s, size_t i, DWORD *link, const char **why)
{
    const WSAPROTOCOLCHAIN *c = &s->e[i].info.ProtocolChain;
    int n = c->ChainLen, k;

    *link = 0;
    *why = NULL;
    if (lspmap_kind(&s->e[i].info) != LSPMAP_CHAIN)
        return 0;
    if (n < 0 || n > MAX_PROTOCOL_CHAIN) {
        *why = "chain length out of range";
        return 1;
    }
    for (k = 0; k < n; k++) {
        long at = snap_find_id(s, c->ChainEntries[k]);

        *link = c->ChainEntries[k];
        if (at < 0) {
            *why = k == 0 ? "its layered entry is gone" : "a link names no entry";
            return 1;
        }
        if (k < n - 1 && lspmap_kind(&s->e[at].info) != LSPMAP_LAYERED) {
            *why = "a link above the last is not a layered entry";
            return 1;
        }
        if (k == n - 1 && lspmap_kind(&s->e[at].info) != LSPMAP_BASE) {
            *why = "its last link is not a base entry";
            return 1;
        }
    }
    *link = 0;
    return 0;
}

long lspmap_below(const snap_t *s, size_t i)
{
    const WSAPROTOCOLCHAIN *c = &s->e[i].info.ProtocolChain;

    if (c->ChainLen < 2 || c->ChainLen > MAX_PROTOCOL_CHAIN)
        return -1;
    return snap_find_id(s, c->ChainEntries[1]);
}

int lspmap_all_broken(const snap_t *s, const GUID *id)
{
    size_t i;
    DWORD link;
    const char *why;
    int any = 0;

    for (i = 0; i < s->count; i++) {
        if (!IsEqualGUID(&s->e[i].info.ProviderId, id))
            continue;
        if (!lspmap_broken(s, i, &link, &why))
            return 0;
        any = 1;
    }
    return any;
}
