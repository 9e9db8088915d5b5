#include "show.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "out.h"
#include "target.h"

#define SHOW_TEXT_MAX (MAX_PATH * 3) /* a name or a path, in UTF-8 */
/* Where a field's label and value go in text: netsh's columns for an
 * entry, one line under its LSP in the map. */
#define SHOW_NETSH "%-36s%s\n"
#define SHOW_MAP   "    %s %s\n"

/* The numbers of an entry: as netsh prints them (label, in its order) and
 * in the JSON (key), NULL where one leaves it out; 'u' unsigned, 'd'
 * signed, 'x' hex in text. */
typedef struct show_number_t {
    const char *label, *key;
    size_t at;
    char form;
} show_number_t;

#define SHOW_AT(member) offsetof(WSAPROTOCOL_INFOW, member)

static const show_number_t show__numbers[] = {
    {"Catalog Entry ID:", NULL, SHOW_AT(dwCatalogEntryId), 'u'},
    {"Version:", "version", SHOW_AT(iVersion), 'd'},
    {"Address Family:", "address_family", SHOW_AT(iAddressFamily), 'd'},
    {"Max Address Length:", "max_address_length", SHOW_AT(iMaxSockAddr), 'd'},
    {"Min Address Length:", "min_address_length", SHOW_AT(iMinSockAddr), 'd'},
    {"Socket Type:", "socket_type", SHOW_AT(iSocketType), 'd'},
    {"Protocol:", "protocol", SHOW_AT(iProtocol), 'd'},
    {NULL, "protocol_max_offset", SHOW_AT(iProtocolMaxOffset), 'd'},
    {"Service Flags:", "service_flags", SHOW_AT(dwServiceFlags1), 'x'},
    {NULL, "provider_flags", SHOW_AT(dwProviderFlags), 'x'},
    {"Protocol Chain Length:", "chain_length", SHOW_AT(ProtocolChain.ChainLen), 'd'},
};

#define SHOW_NUMBERS (sizeof show__numbers / sizeof show__numbers[0])

/* Indexed by snap_kind_t. */
static const char *const show__kind_keys[] = {"layered", "base", "chain"};

/* A string field: in text "label value" in layout, in JSON the member key;
 * a NULL value is unknown. */
static void show__field(emit_t *o, const char *layout, const char *label, const char *key,
                        const char *value)
{
    if (!emit_json(o))
        emit_rawf(o, layout, label, value ? value : "(unknown)");
    else if (value)
        emit_str(o, key, value);
    else
        emit_null(o, key);
}

static void show__number(emit_t *o, const WSAPROTOCOL_INFOW *e, const show_number_t *f)
{
    uint32_t raw;

    memcpy(&raw, (const char *)e + f->at, sizeof raw);
    if (emit_json(o) && f->form == 'd')
        emit_int(o, f->key, (int32_t)raw);
    else if (emit_json(o))
        emit_uint(o, f->key, raw);
    else if (f->form == 'x')
        emit_rawf(o, "%-36s0x%lx\n", f->label, (unsigned long)raw);
    else if (f->form == 'u')
        emit_rawf(o, "%-36s%lu\n", f->label, (unsigned long)raw);
    else
        emit_rawf(o, "%-36s%ld\n", f->label, (long)(int32_t)raw);
}

/* The links: an array in JSON, netsh's "1008 : 1001" for a chain in text. */
static void show__links(emit_t *o, const WSAPROTOCOL_INFOW *e)
{
    const DWORD *id = e->ProtocolChain.ChainEntries;
    int k, n = snap_chain_len(e);

    if (emit_json(o)) {
        emit_open(o, "chain", '[');
        for (k = 0; k < n; k++)
            emit_uint(o, NULL, id[k]);
        emit_close(o);
    } else if (snap_kind(e) == SNAP_CHAIN) {
        emit_rawf(o, "%-36s", "Protocol Chain:");
        for (k = 0; k < n; k++)
            emit_rawf(o, "%s%lu", k ? " : " : "", (unsigned long)id[k]);
        emit_raw(o, "\n");
    }
}

/* A layered entry's categories: in text by name; in JSON by number and by
 * name (a bit without one in hex). */
static void show__categories(emit_t *o, const char *layout, const char *label,
                             const snap_entry_t *se)
{
    char names[256], *name, *next;

    if (!emit_json(o)) {
        show__field(o, layout, label, NULL,
                    se->have_categories ? out_categories(se->categories, names, sizeof names)
                                        : NULL);
        return;
    }
    if (!se->have_categories) {
        emit_null(o, "lsp_categories");
        emit_null(o, "lsp_category_names");
        return;
    }
    emit_uint(o, "lsp_categories", se->categories);
    emit_open(o, "lsp_category_names", '[');
    xlat_flags(names, sizeof names, &xlat_lsp_category, se->categories);
    for (name = names; se->categories && name; name = next) {
        if ((next = strchr(name, '|')) != NULL)
            *next++ = 0;
        emit_str(o, NULL, name);
    }
    emit_close(o);
}

void show_chain_names(const snap_t *s, size_t i, char *buf, size_t n)
{
    const WSAPROTOCOL_INFOW *e = &s->e[i].info;
    char name[SHOW_TEXT_MAX];
    size_t len = 0;
    int k;

    buf[0] = 0;
    if (snap_kind(e) != SNAP_CHAIN) {
        out_utf8(e->szProtocol, buf, n);
        return;
    }
    for (k = 0; k < snap_chain_len(e) && len < n; k++) {
        long at = snap_link_layer(s, i, k);

        if (at < 0)
            at = snap_find_id(s, e->ProtocolChain.ChainEntries[k]);
        if (at >= 0)
            out_utf8(s->e[at].info.szProtocol, name, sizeof name);
        else
            snprintf(name, sizeof name, "(missing %lu)",
                     (unsigned long)e->ProtocolChain.ChainEntries[k]);
        len += (size_t)snprintf(buf + len, n - len, "%s%s", k ? " > " : "", name);
    }
}

void show_own(const snap_t *s, const siot_state_t *st, const char *verb)
{
    char chain[1024], gs[XLAT_GUID_LEN];

    for (size_t i = 0; i < s->count; i++) {
        if (!siot_own(s, st, i))
            continue;
        show_chain_names(s, i, chain, sizeof chain);
        printf("  %s %s catalog entry %lu %s: %s\n", verb, catalog_name(s->which),
               (unsigned long)s->e[i].info.dwCatalogEntryId, out_guid(&s->e[i].info.ProviderId, gs),
               chain);
    }
}

/* As netsh prints it; in JSON its id first, and whether it is broken. */
static void show__entry(emit_t *o, const snap_t *s, size_t i)
{
    const snap_entry_t *se = &s->e[i];
    const WSAPROTOCOL_INFOW *e = &se->info;
    char v[SHOW_TEXT_MAX], gs[XLAT_GUID_LEN];
    const char *why;
    DWORD link;

    if (emit_json(o)) {
        emit_open(o, NULL, '{');
        emit_uint(o, "id", e->dwCatalogEntryId);
        emit_str(o, "type", show__kind_keys[snap_kind(e)]);
    } else {
        emit_rawf(o,
                  "Winsock Catalog Provider Entry\n"
                  "------------------------------------------------------\n" SHOW_NETSH,
                  "Entry Type:", snap_kind_name(snap_kind(e)));
    }
    show__field(o, SHOW_NETSH, "Description:", "description", out_utf8(e->szProtocol, v, sizeof v));
    show__field(o, SHOW_NETSH, "Provider ID:", "provider_id", out_guid(&e->ProviderId, gs));
    show__field(o, SHOW_NETSH, "Provider Path:", "path",
                se->have_path ? out_utf8(se->path, v, sizeof v) : NULL);
    for (const show_number_t *n = show__numbers; n < show__numbers + SHOW_NUMBERS; n++)
        if (emit_json(o) ? n->key != NULL : n->label != NULL)
            show__number(o, e, n);
    show__links(o, e);
    if (snap_kind(e) == SNAP_LAYERED)
        show__categories(o, SHOW_NETSH, "LSP Categories:", se);
    if (!emit_json(o)) {
        emit_raw(o, "\n");
        return;
    }
    if (snap_broken(s, i, &link, &why)) {
        emit_str(o, "broken", why);
        emit_uint(o, "broken_link", link);
    }
    emit_close(o);
}

/* A chain in an LSP's map: the LSP's name first, then each below it; in
 * JSON also the entry it sits over, its second link. */
static void show__map_chain(emit_t *o, const snap_t *s, size_t i)
{
    const WSAPROTOCOL_INFOW *e = &s->e[i].info;
    int n = e->ProtocolChain.ChainLen;
    long below =
        n >= 2 && n <= MAX_PROTOCOL_CHAIN ? snap_find_id(s, e->ProtocolChain.ChainEntries[1]) : -1;
    const target_t *t = target_of(e);
    const char *target = t ? t->label : "other", *why;
    char chain[1024], gs[XLAT_GUID_LEN];
    DWORD link;

    show_chain_names(s, i, chain, sizeof chain);
    if (!emit_json(o)) {
        emit_rawf(o, "    chain %lu  %-9s %s%s\n", (unsigned long)e->dwCatalogEntryId, target,
                  chain, snap_broken(s, i, &link, &why) ? "  [BROKEN]" : "");
        return;
    }
    emit_open(o, NULL, '{');
    emit_uint(o, "id", e->dwCatalogEntryId);
    emit_str(o, "provider_id", out_guid(&e->ProviderId, gs));
    emit_str(o, "target", target);
    emit_str(o, "path", chain);
    if (below >= 0)
        emit_uint(o, "over", s->e[below].info.dwCatalogEntryId);
    else
        emit_null(o, "over");
    emit_close(o);
}

/* An LSP: its layered entry s->e[l], then the chains that start with it. */
static void show__lsp(emit_t *o, const snap_t *s, size_t l)
{
    const snap_entry_t *le = &s->e[l];
    char name[SHOW_TEXT_MAX], gs[XLAT_GUID_LEN], path[SHOW_TEXT_MAX];

    out_utf8(le->info.szProtocol, name, sizeof name);
    out_guid(&le->info.ProviderId, gs);
    if (emit_json(o)) {
        emit_open(o, NULL, '{');
        emit_str(o, "name", name);
        emit_str(o, "provider_id", gs);
        emit_uint(o, "layered_id", le->info.dwCatalogEntryId);
    } else {
        emit_rawf(o, "  %s  %s  layered entry %lu\n", name, gs,
                  (unsigned long)le->info.dwCatalogEntryId);
    }
    show__field(o, SHOW_MAP, "path:", "path",
                le->have_path ? out_utf8(le->path, path, sizeof path) : NULL);
    show__categories(o, SHOW_MAP, "LSP categories:", le);
    if (emit_json(o))
        emit_open(o, "chains", '[');
    for (size_t i = 0; i < s->count; i++)
        if (snap_starts_with(s, i, (long)l))
            show__map_chain(o, s, i);
    if (emit_json(o)) {
        emit_close(o);
        emit_close(o);
    }
}

/* In text, the broken chains follow the map: those of every LSP, and
 * those whose LSP is gone. */
static void show__broken(emit_t *o, const snap_t *s)
{
    char name[SHOW_TEXT_MAX], gs[XLAT_GUID_LEN];
    size_t broken = 0;
    const char *why;
    DWORD link;

    for (size_t i = 0; i < s->count; i++) {
        if (!snap_broken(s, i, &link, &why))
            continue;
        if (broken++ == 0)
            emit_raw(o, "  broken chains (`lspctl repair` removes them):\n");
        emit_rawf(o, "    chain %lu  %s  %s: %s (%lu)\n",
                  (unsigned long)s->e[i].info.dwCatalogEntryId,
                  out_guid(&s->e[i].info.ProviderId, gs),
                  out_utf8(s->e[i].info.szProtocol, name, sizeof name), why, (unsigned long)link);
    }
}

void show_catalog(emit_t *o, const snap_t *s)
{
    size_t i, lsps = 0;

    if (emit_json(o)) {
        emit_str(o, "catalog", catalog_name(s->which));
        emit_open(o, "entries", '[');
    } else {
        emit_rawf(o, "=== %s catalog: %lu entries ===\n\n", catalog_name(s->which),
                  (unsigned long)s->count);
    }
    for (i = 0; i < s->count; i++)
        show__entry(o, s, i);
    if (emit_json(o)) {
        emit_close(o);
        emit_open(o, "lsps", '[');
    } else {
        emit_rawf(o, "LSP map, %s catalog:\n", catalog_name(s->which));
    }
    for (i = 0; i < s->count; i++)
        if (snap_kind(&s->e[i].info) == SNAP_LAYERED) {
            show__lsp(o, s, i);
            lsps++;
        }
    if (emit_json(o)) {
        emit_close(o);
        return;
    }
    if (lsps == 0)
        emit_raw(o, "  no LSPs: every socket goes straight to its base provider\n");
    show__broken(o, s);
    emit_raw(o, "\n");
}
