#include "siot.h"

#include <stdio.h>
#include <string.h>

#include "out.h"

/* {17084EE7-78C8-47CC-AAD0-0B188B764700} */
const GUID siot_layered_guid = {
    0x17084ee7, 0x78c8, 0x47cc, {0xaa, 0xd0, 0x0b, 0x18, 0x8b, 0x76, 0x47, 0x00}};

int siot_loads_into(DWORD app_categories, int categorized)
{
    if (!categorized)
        return 1;
    if ((app_categories & LSP_SYSTEM) && !(SIOT_LSP_CATEGORIES & LSP_SYSTEM))
        return 0;
    return (SIOT_LSP_CATEGORIES & ~app_categories) == 0;
}

GUID siot_chain_guid(unsigned k)
{
    GUID id = siot_layered_guid;

    id.Data4[7] = (unsigned char)k;
    return id;
}

int siot_is_own_guid(const GUID *id)
{
    GUID family = *id;

    family.Data4[7] = 0;
    return IsEqualGUID(&family, &siot_layered_guid);
}

/* A chain of another LSP with siotrace below its top, in either link style. */
static int siot__runs_through(const snap_t *s, size_t i, long layered)
{
    if (layered < 0 || snap_kind(&s->e[i].info) != SNAP_CHAIN)
        return 0;
    for (int k = 1; k < snap_chain_len(&s->e[i].info); k++)
        if (snap_link_layer(s, i, k) == layered)
            return 1;
    return 0;
}

long siot_entry_for(const snap_t *s, const siot_state_t *st, const target_t *t, int skip_own)
{
    for (size_t i = 0; i < s->count; i++) {
        const WSAPROTOCOL_INFOW *e = &s->e[i].info;

        if (snap_kind(e) != SNAP_LAYERED && !(e->dwProviderFlags & PFL_HIDDEN) &&
            !(skip_own && siot_own(s, st, i)) && target_matches(t, e))
            return (long)i;
    }
    return -1;
}

/* siotrace's chain, or another LSP's chain that has siotrace below it, as the
 * entry a socket of target t gets means the socket passes through. */
static int siot__serves(const snap_t *s, const siot_state_t *st, const target_t *t)
{
    long i = siot_entry_for(s, st, t, 0);

    return i >= 0 && (snap_starts_with(s, (size_t)i, st->layered) ||
                      siot__runs_through(s, (size_t)i, st->layered));
}

int siot_own(const snap_t *s, const siot_state_t *st, size_t i)
{
    return siot_is_own_guid(&s->e[i].info.ProviderId) || snap_starts_with(s, i, st->layered);
}

static void siot__add_guid(siot_state_t *st, const GUID *id)
{
    if (snap_guid_index(st->guids, st->guid_count, id) < 0 && st->guid_count < SIOT_MAX_GUIDS)
        st->guids[st->guid_count++] = *id;
}

/* Counts siotrace's entry i, and adds its GUID but for the layered one
 * (which goes last). */
static void siot__count(const snap_t *s, siot_state_t *st, size_t i)
{
    const WSAPROTOCOL_INFOW *e = &s->e[i].info;
    const target_t *t;
    DWORD link;
    const char *why;

    if (IsEqualGUID(&e->ProviderId, &siot_layered_guid)) {
        st->layered_count++;
        if (snap_kind(e) != SNAP_LAYERED)
            st->broken++;
        return;
    }
    siot__add_guid(st, &e->ProviderId);
    if (!snap_starts_with(s, i, st->layered) || snap_broken(s, i, &link, &why)) {
        st->broken++;
        return;
    }
    st->chains++;
    if ((t = target_of(e)) != NULL)
        st->targets |= 1u << (t->number - 1);
}

void siot_read(const snap_t *s, siot_state_t *st)
{
    size_t i;

    memset(st, 0, sizeof *st);
    st->layered = -1;
    st->above = -1;
    st->shared = -1;
    for (i = 0; i < s->count && st->layered < 0; i++)
        if (IsEqualGUID(&s->e[i].info.ProviderId, &siot_layered_guid) &&
            snap_kind(&s->e[i].info) == SNAP_LAYERED)
            st->layered = (long)i;
    for (i = 0; i < s->count; i++)
        if (siot_own(s, st, i))
            siot__count(s, st, i);
        else if (siot__runs_through(s, i, st->layered) && st->above < 0)
            st->above = (long)i;
    /* A GUID is only siotrace's to remove if every entry under it is. */
    for (i = 0; i < s->count && st->shared < 0; i++)
        if (!siot_own(s, st, i) &&
            snap_guid_index(st->guids, st->guid_count, &s->e[i].info.ProviderId) >= 0)
            st->shared = (long)i;
    if (st->layered_count)
        siot__add_guid(st, &siot_layered_guid);
    for (i = 0; i < TARGET_COUNT; i++)
        if (siot__serves(s, st, &target_all[i]))
            st->serving |= 1u << i;
}

int siot_present(const siot_state_t *st)
{
    return st->guid_count > 0;
}

int siot_sound(const siot_state_t *st)
{
    return st->layered_count == 1 && st->layered >= 0 && st->chains > 0 && st->broken == 0;
}

siot_verdict_t siot_verdict(const snap_t *s, const siot_state_t *st, unsigned targets)
{
    if (!siot_present(st))
        return SIOT_ABSENT;
    if (!siot_sound(st))
        return SIOT_BROKEN;
    if ((st->targets & targets) != targets)
        return SIOT_UNCOVERED;
    if ((st->serving & targets) != targets)
        return SIOT_BYPASSED;
    if (s->e[st->layered].have_categories && !(s->e[st->layered].categories & SIOT_LSP_CATEGORIES))
        return SIOT_UNCATEGORIZED;
    return SIOT_WHOLE;
}

int siot_refusal(const snap_t *s, const siot_state_t *st, char *why, size_t n)
{
    char proto[WSAPROTOCOL_LEN * 3 + 1];

    if (st->above >= 0) {
        snprintf(why, n,
                 "\"%s\" (entry %lu of the %s catalog) is layered over siotrace; remove "
                 "that LSP first",
                 out_utf8(s->e[st->above].info.szProtocol, proto, sizeof proto),
                 (unsigned long)s->e[st->above].info.dwCatalogEntryId, catalog_name(s->which));
        return -1;
    }
    if (st->shared >= 0) {
        snprintf(why, n,
                 "entry %lu of the %s catalog shares a provider GUID with siotrace's entries",
                 (unsigned long)s->e[st->shared].info.dwCatalogEntryId, catalog_name(s->which));
        return -1;
    }
    return 0;
}
