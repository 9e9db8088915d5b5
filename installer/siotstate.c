#include "siotstate.h"

#include <string.h>

#include "lspmap.h"
#include "out.h"
#include "siot.h"
#include "target.h"

static int siotstate__first_link_is(const snap_t *s, size_t i, long layered)
{
    const WSAPROTOCOLCHAIN *c = &s->e[i].info.ProtocolChain;

    return layered >= 0 && lspmap_kind(&s->e[i].info) == LSPMAP_CHAIN &&
           c->ChainEntries[0] == s->e[layered].info.dwCatalogEntryId;
}

/* A chain of another LSP that has siotrace's layered entry below its top. */
static int siotstate__runs_through(const snap_t *s, size_t i, long layered)
{
    const WSAPROTOCOLCHAIN *c = &s->e[i].info.ProtocolChain;
    int k;

    if (layered < 0 || lspmap_kind(&s->e[i].info) != LSPMAP_CHAIN ||
        c->ChainLen > MAX_PROTOCOL_CHAIN)
        return 0;
    for (k = 1; k < c->ChainLen; k++)
        if (c->ChainEntries[k] == s->e[layered].info.dwCatalogEntryId)
            return 1;
    return 0;
}

/* The first entry a socket of target t gets: siotrace's chain, or another
 * LSP's chain that has siotrace below it, means the socket passes through. */
static int siotstate__serves(const snap_t *s, const siotstate_t *st, const target_t *t)
{
    size_t i;

    for (i = 0; i < s->count; i++) {
        const WSAPROTOCOL_INFOW *e = &s->e[i].info;

        if (lspmap_kind(e) == LSPMAP_LAYERED || (e->dwProviderFlags & PFL_HIDDEN) ||
            !target_matches(t, e))
            continue;
        return siotstate__first_link_is(s, i, st->layered) ||
               siotstate__runs_through(s, i, st->layered);
    }
    return 0;
}

int siotstate_own(const snap_t *s, const siotstate_t *st, size_t i)
{
    return siot_is_own_guid(&s->e[i].info.ProviderId) ||
           siotstate__first_link_is(s, i, st->layered);
}

static void siotstate__add_guid(siotstate_t *st, const GUID *id)
{
    size_t k;

    for (k = 0; k < st->guid_count; k++)
        if (IsEqualGUID(&st->guids[k], id))
            return;
    if (st->guid_count < SIOTSTATE_MAX_GUIDS)
        st->guids[st->guid_count++] = *id;
}

static void siotstate__count(const snap_t *s, siotstate_t *st, size_t i)
{
    const WSAPROTOCOL_INFOW *e = &s->e[i].info;
    DWORD link;
    const char *why;
    size_t t;

    if (IsEqualGUID(&e->ProviderId, &siot_layered_guid)) {
        st->layered_count++;
        if (lspmap_kind(e) != LSPMAP_LAYERED)
            st->broken++;
        return;
    }
    if (!siotstate__first_link_is(s, i, st->layered) || lspmap_broken(s, i, &link, &why)) {
        st->broken++;
        return;
    }
    st->chains++;
    for (t = 0; t < TARGET_COUNT; t++)
        if (target_matches(&target_all[t], e))
            st->targets |= 1u << t;
}

void siotstate_read(const snap_t *s, siotstate_t *st)
{
    size_t i, j;

    memset(st, 0, sizeof *st);
    st->layered = -1;
    st->above = -1;
    st->shared = -1;
    for (i = 0; i < s->count && st->layered < 0; i++)
        if (IsEqualGUID(&s->e[i].info.ProviderId, &siot_layered_guid) &&
            lspmap_kind(&s->e[i].info) == LSPMAP_LAYERED)
            st->layered = (long)i;
    for (i = 0; i < s->count; i++) {
        if (siotstate_own(s, st, i)) {
            siotstate__count(s, st, i);
            if (!IsEqualGUID(&s->e[i].info.ProviderId, &siot_layered_guid))
                siotstate__add_guid(st, &s->e[i].info.ProviderId);
        } else if (siotstate__runs_through(s, i, st->layered) && st->above < 0) {
            st->above = (long)i;
        }
    }
    /* A GUID is only siotrace's to remove if every entry under it is. */
    for (i = 0; i < s->count && st->shared < 0; i++)
        if (!siotstate_own(s, st, i))
            for (j = 0; j < st->guid_count; j++)
                if (IsEqualGUID(&s->e[i].info.ProviderId, &st->guids[j]))
                    st->shared = (long)i;
    if (st->layered_count)
        siotstate__add_guid(st, &siot_layered_guid);
    for (i = 0; i < TARGET_COUNT; i++)
        if (siotstate__serves(s, st, &target_all[i]))
            st->serving |= 1u << i;
}

int siotstate_present(const siotstate_t *st)
{
    return st->guid_count > 0;
}

int siotstate_sound(const siotstate_t *st)
{
    return st->layered_count == 1 && st->layered >= 0 && st->chains > 0 && st->broken == 0;
}

int siotstate_refuses(const snap_t *s, const siotstate_t *st, const char *name, const char *verb)
{
    char proto[WSAPROTOCOL_LEN * 3 + 1];

    if (st->above >= 0) {
        out_error("%s: \"%s\" (entry %lu of the %s catalog) is layered over siotrace; "
                  "remove that LSP first. Nothing was changed",
                  verb, out_utf8(s->e[st->above].info.szProtocol, proto, sizeof proto),
                  (unsigned long)s->e[st->above].info.dwCatalogEntryId, name);
        return 1;
    }
    if (st->shared >= 0) {
        out_error("%s: entry %lu of the %s catalog shares a provider GUID with "
                  "siotrace's entries; nothing was changed",
                  verb, (unsigned long)s->e[st->shared].info.dwCatalogEntryId, name);
        return 1;
    }
    return 0;
}
