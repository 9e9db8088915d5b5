#include "show.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "out.h"
#include "target.h"

#define SHOW_NAME_MAX (WSAPROTOCOL_LEN * 3 + 1)

static void show__field(FILE *f, const char *label, const char *value)
{
    fprintf(f, "%-36s%s\n", label, value);
}

/* The numbers of an entry: as netsh prints them (label, in its order) and
 * in the JSON (key); 'u' unsigned, 'd' signed, 'x' hex in text. */
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

static uint32_t show__raw(const WSAPROTOCOL_INFOW *e, const show_number_t *n)
{
    uint32_t v;

    memcpy(&v, (const char *)e + n->at, sizeof v);
    return v;
}

static const char *show__number(const WSAPROTOCOL_INFOW *e, const show_number_t *n, char *buf,
                                size_t cap)
{
    uint32_t v = show__raw(e, n);

    if (n->form == 'x')
        snprintf(buf, cap, "0x%lx", (unsigned long)v);
    else if (n->form == 'u')
        snprintf(buf, cap, "%lu", (unsigned long)v);
    else
        snprintf(buf, cap, "%ld", (long)(int32_t)v);
    return buf;
}

void show_chain_names(const snap_t *s, size_t i, char *buf, size_t n)
{
    const WSAPROTOCOL_INFOW *e = &s->e[i].info;
    char name[SHOW_NAME_MAX];
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

static void show__entry_text(FILE *f, const snap_t *s, size_t i)
{
    const snap_entry_t *se = &s->e[i];
    const WSAPROTOCOL_INFOW *e = &se->info;
    char v[SHOW_NAME_MAX], gs[XLAT_GUID_LEN];
    size_t k;

    fprintf(f, "Winsock Catalog Provider Entry\n"
               "------------------------------------------------------\n");
    show__field(f, "Entry Type:", snap_kind_name(snap_kind(e)));
    show__field(f, "Description:", out_utf8(e->szProtocol, v, sizeof v));
    out_guid(&e->ProviderId, gs);
    show__field(f, "Provider ID:", gs);
    show__field(f, "Provider Path:", se->have_path ? out_utf8(se->path, v, sizeof v) : "(unknown)");
    for (k = 0; k < SHOW_NUMBERS; k++)
        if (show__numbers[k].label)
            show__field(f, show__numbers[k].label, show__number(e, &show__numbers[k], v, sizeof v));
    if (snap_kind(e) == SNAP_CHAIN) {
        size_t len = 0;

        v[0] = 0;
        for (int l = 0; l < snap_chain_len(e) && len < sizeof v; l++)
            len += (size_t)snprintf(v + len, sizeof v - len, "%s%lu", l ? " : " : "",
                                    (unsigned long)e->ProtocolChain.ChainEntries[l]);
        show__field(f, "Protocol Chain:", v);
    }
    if (snap_kind(e) == SNAP_LAYERED) {
        if (se->have_categories)
            out_categories(se->categories, v, sizeof v);
        show__field(f, "LSP Categories:", se->have_categories ? v : "(unknown)");
    }
    fputc('\n', f);
}

static const char *show__target(const WSAPROTOCOL_INFOW *e)
{
    size_t t;

    for (t = 0; t < TARGET_COUNT; t++)
        if (target_matches(&target_all[t], e))
            return target_all[t].label;
    return "other";
}

static void show__wstr(emit_t *j, const char *key, const WCHAR *s)
{
    char buf[MAX_PATH * 3];

    emit_str(j, key, out_utf8(s, buf, sizeof buf));
}

static void show__path_json(emit_t *j, const snap_entry_t *se)
{
    if (se->have_path)
        show__wstr(j, "path", se->path);
    else
        emit_null(j, "path");
}

/* By number, and by name (a bit without one in hex). */
static void show__categories_json(emit_t *j, const snap_entry_t *se)
{
    char names[256], *name, *next;

    if (!se->have_categories) {
        emit_null(j, "lsp_categories");
        emit_null(j, "lsp_category_names");
        return;
    }
    emit_uint(j, "lsp_categories", se->categories);
    emit_open(j, "lsp_category_names", '[');
    xlat_flags(names, sizeof names, &xlat_lsp_category, se->categories);
    for (name = names; se->categories && name; name = next) {
        next = strchr(name, '|');
        if (next)
            *next++ = 0;
        emit_str(j, NULL, name);
    }
    emit_close(j);
}

static void show__entry_json(emit_t *j, const snap_t *s, size_t i)
{
    const snap_entry_t *se = &s->e[i];
    const WSAPROTOCOL_INFOW *e = &se->info;
    char gs[XLAT_GUID_LEN];
    DWORD link;
    const char *why;
    size_t f;
    int k;

    out_guid(&e->ProviderId, gs);
    emit_open(j, NULL, '{');
    emit_uint(j, "id", e->dwCatalogEntryId);
    emit_str(j, "type",
             snap_kind(e) == SNAP_BASE      ? "base"
             : snap_kind(e) == SNAP_LAYERED ? "layered"
                                            : "chain");
    show__wstr(j, "description", e->szProtocol);
    emit_str(j, "provider_id", gs);
    show__path_json(j, se);
    for (f = 0; f < SHOW_NUMBERS; f++) {
        const show_number_t *n = &show__numbers[f];

        if (!n->key)
            continue;
        if (n->form == 'd')
            emit_int(j, n->key, (int32_t)show__raw(e, n));
        else
            emit_uint(j, n->key, show__raw(e, n));
    }
    emit_open(j, "chain", '[');
    for (k = 0; k < snap_chain_len(e); k++)
        emit_uint(j, NULL, e->ProtocolChain.ChainEntries[k]);
    emit_close(j);
    if (snap_kind(e) == SNAP_LAYERED)
        show__categories_json(j, se);
    if (snap_broken(s, i, &link, &why)) {
        emit_str(j, "broken", why);
        emit_uint(j, "broken_link", link);
    }
    emit_close(j);
}

/* An LSP, in text (f) or JSON (j): its layered entry s->e[l], then the
 * chains that start with it. */
static void show__lsp(FILE *f, emit_t *j, const snap_t *s, size_t l)
{
    const snap_entry_t *le = &s->e[l];
    char name[SHOW_NAME_MAX], gs[XLAT_GUID_LEN], path[MAX_PATH * 3], cats[160], chain[1024];
    DWORD link;
    const char *why;

    out_utf8(le->info.szProtocol, name, sizeof name);
    out_guid(&le->info.ProviderId, gs);
    if (j) {
        emit_open(j, NULL, '{');
        emit_str(j, "name", name);
        emit_str(j, "provider_id", gs);
        emit_uint(j, "layered_id", le->info.dwCatalogEntryId);
        show__path_json(j, le);
        show__categories_json(j, le);
        emit_open(j, "chains", '[');
    } else {
        if (le->have_categories)
            out_categories(le->categories, cats, sizeof cats);
        fprintf(f, "  %s  %s  layered entry %lu\n", name, gs,
                (unsigned long)le->info.dwCatalogEntryId);
        fprintf(f, "    path: %s\n",
                le->have_path ? out_utf8(le->path, path, sizeof path) : "(unknown)");
        fprintf(f, "    categories: %s\n", le->have_categories ? cats : "(unknown)");
    }
    for (size_t i = 0; i < s->count; i++) {
        const WSAPROTOCOL_INFOW *e = &s->e[i].info;

        if (!snap_starts_with(s, i, (long)l))
            continue;
        show_chain_names(s, i, chain, sizeof chain);
        if (!j) {
            fprintf(f, "    chain %lu  %-9s %s%s\n", (unsigned long)e->dwCatalogEntryId,
                    show__target(e), chain, snap_broken(s, i, &link, &why) ? "  [BROKEN]" : "");
            continue;
        }
        emit_open(j, NULL, '{');
        emit_uint(j, "id", e->dwCatalogEntryId);
        emit_str(j, "provider_id", out_guid(&e->ProviderId, gs));
        emit_str(j, "target", show__target(e));
        emit_str(j, "path", chain);
        if (snap_below(s, i) >= 0)
            emit_uint(j, "over", s->e[snap_below(s, i)].info.dwCatalogEntryId);
        else
            emit_null(j, "over");
        emit_close(j);
    }
    if (j) {
        emit_close(j);
        emit_close(j);
    }
}

void show_text(FILE *f, const snap_t *s)
{
    char name[SHOW_NAME_MAX], gs[XLAT_GUID_LEN];
    size_t i, broken = 0, lsps = 0;
    DWORD link;
    const char *why;

    fprintf(f, "=== %s catalog: %lu entries ===\n\n", catalog_name(s->which),
            (unsigned long)s->count);
    for (i = 0; i < s->count; i++)
        show__entry_text(f, s, i);
    fprintf(f, "LSP map, %s catalog:\n", catalog_name(s->which));
    for (i = 0; i < s->count; i++)
        if (snap_kind(&s->e[i].info) == SNAP_LAYERED) {
            show__lsp(f, NULL, s, i);
            lsps++;
        }
    if (lsps == 0)
        fprintf(f, "  no LSPs: every socket goes straight to its base provider\n");
    for (i = 0; i < s->count; i++) {
        if (!snap_broken(s, i, &link, &why))
            continue;
        if (broken++ == 0)
            fprintf(f, "  broken chains (`lspctl repair` removes them):\n");
        out_guid(&s->e[i].info.ProviderId, gs);
        fprintf(f, "    chain %lu  %s  %s: %s (%lu)\n",
                (unsigned long)s->e[i].info.dwCatalogEntryId, gs,
                out_utf8(s->e[i].info.szProtocol, name, sizeof name), why, (unsigned long)link);
    }
    fputc('\n', f);
}

void show_json(emit_t *j, const snap_t *s)
{
    size_t i;

    emit_str(j, "catalog", catalog_name(s->which));
    emit_open(j, "entries", '[');
    for (i = 0; i < s->count; i++)
        show__entry_json(j, s, i);
    emit_close(j);
    emit_open(j, "lsps", '[');
    for (i = 0; i < s->count; i++)
        if (snap_kind(&s->e[i].info) == SNAP_LAYERED)
            show__lsp(NULL, j, s, i);
    emit_close(j);
}
