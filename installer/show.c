#include "show.h"

#include <string.h>

#include "cli.h"
#include "guidstr.h"
#include "lspmap.h"
#include "out.h"
#include "pinfo.h"
#include "target.h"

#define SHOW_NAME_MAX (WSAPROTOCOL_LEN * 3 + 1)

static void show__field(FILE *f, const char *label, const char *value)
{
    fprintf(f, "%-36s%s\n", label, value);
}

static void show__chain_ids(const WSAPROTOCOL_INFOW *e, char *buf, size_t n)
{
    size_t len = 0;
    int k;

    buf[0] = 0;
    for (k = 0; k < pinfo_chain_len(e) && len < n; k++)
        len += (size_t)snprintf(buf + len, n - len, "%s%lu", k ? " : " : "",
                                (unsigned long)e->ProtocolChain.ChainEntries[k]);
}

void show_chain_names(const snap_t *s, size_t i, char *buf, size_t n)
{
    const WSAPROTOCOL_INFOW *e = &s->e[i].info;
    char name[SHOW_NAME_MAX];
    size_t len = 0;
    int k;

    buf[0] = 0;
    for (k = 0; k < pinfo_chain_len(e) && len < n; k++) {
        long at = snap_find_id(s, e->ProtocolChain.ChainEntries[k]);

        if (at >= 0)
            out_utf8(s->e[at].info.szProtocol, name, sizeof name);
        else
            snprintf(name, sizeof name, "(missing %lu)",
                     (unsigned long)e->ProtocolChain.ChainEntries[k]);
        len += (size_t)snprintf(buf + len, n - len, "%s%s", k ? " > " : "", name);
    }
}

static void show__entry_text(FILE *f, const snap_t *s, size_t i)
{
    const snap_entry_t *se = &s->e[i];
    const WSAPROTOCOL_INFOW *e = &se->info;
    char v[SHOW_NAME_MAX], gs[GUIDSTR_LEN];

    fprintf(f, "Winsock Catalog Provider Entry\n"
               "------------------------------------------------------\n");
    show__field(f, "Entry Type:", lspmap_kind_name(lspmap_kind(e)));
    show__field(f, "Description:", out_utf8(e->szProtocol, v, sizeof v));
    guidstr_format(&e->ProviderId, gs);
    show__field(f, "Provider ID:", gs);
    show__field(f, "Provider Path:", se->have_path ? out_utf8(se->path, v, sizeof v) : "(unknown)");
    snprintf(v, sizeof v, "%lu", (unsigned long)e->dwCatalogEntryId);
    show__field(f, "Catalog Entry ID:", v);
    snprintf(v, sizeof v, "%d", e->iVersion);
    show__field(f, "Version:", v);
    snprintf(v, sizeof v, "%d", e->iAddressFamily);
    show__field(f, "Address Family:", v);
    snprintf(v, sizeof v, "%d", e->iMaxSockAddr);
    show__field(f, "Max Address Length:", v);
    snprintf(v, sizeof v, "%d", e->iMinSockAddr);
    show__field(f, "Min Address Length:", v);
    snprintf(v, sizeof v, "%d", e->iSocketType);
    show__field(f, "Socket Type:", v);
    snprintf(v, sizeof v, "%d", e->iProtocol);
    show__field(f, "Protocol:", v);
    snprintf(v, sizeof v, "0x%lx", (unsigned long)e->dwServiceFlags1);
    show__field(f, "Service Flags:", v);
    snprintf(v, sizeof v, "%d", e->ProtocolChain.ChainLen);
    show__field(f, "Protocol Chain Length:", v);
    if (lspmap_kind(e) == LSPMAP_CHAIN) {
        show__chain_ids(e, v, sizeof v);
        show__field(f, "Protocol Chain:", v);
    }
    if (lspmap_kind(e) == LSPMAP_LAYERED) {
        if (se->have_categories)
            cli_categories(se->categories, v, sizeof v);
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

static void show__lsp_text(FILE *f, const snap_t *s, size_t l)
{
    const snap_entry_t *le = &s->e[l];
    char name[SHOW_NAME_MAX], gs[GUIDSTR_LEN], path[MAX_PATH * 3], cats[160], chain[1024];
    size_t i;
    DWORD link;
    const char *why;

    guidstr_format(&le->info.ProviderId, gs);
    if (le->have_categories)
        cli_categories(le->categories, cats, sizeof cats);
    fprintf(f, "  %s  %s  layered entry %lu\n", out_utf8(le->info.szProtocol, name, sizeof name),
            gs, (unsigned long)le->info.dwCatalogEntryId);
    fprintf(f, "    path: %s\n",
            le->have_path ? out_utf8(le->path, path, sizeof path) : "(unknown)");
    fprintf(f, "    categories: %s\n", le->have_categories ? cats : "(unknown)");
    for (i = 0; i < s->count; i++) {
        const WSAPROTOCOL_INFOW *e = &s->e[i].info;

        if (lspmap_kind(e) != LSPMAP_CHAIN ||
            e->ProtocolChain.ChainEntries[0] != le->info.dwCatalogEntryId)
            continue;
        show_chain_names(s, i, chain, sizeof chain);
        fprintf(f, "    chain %lu  %-9s %s%s\n", (unsigned long)e->dwCatalogEntryId,
                show__target(e), chain, lspmap_broken(s, i, &link, &why) ? "  [BROKEN]" : "");
    }
}

void show_text(FILE *f, const snap_t *s)
{
    char name[SHOW_NAME_MAX], gs[GUIDSTR_LEN];
    size_t i, broken = 0, lsps = 0;
    DWORD link;
    const char *why;

    fprintf(f, "=== %s catalog: %lu entries ===\n\n", catalog_name(s->which),
            (unsigned long)s->count);
    for (i = 0; i < s->count; i++)
        show__entry_text(f, s, i);
    fprintf(f, "LSP map, %s catalog:\n", catalog_name(s->which));
    for (i = 0; i < s->count; i++)
        if (lspmap_kind(&s->e[i].info) == LSPMAP_LAYERED) {
            show__lsp_text(f, s, i);
            lsps++;
        }
    if (lsps == 0)
        fprintf(f, "  no LSPs: every socket goes straight to its base provider\n");
    for (i = 0; i < s->count; i++) {
        if (!lspmap_broken(s, i, &link, &why))
            continue;
        if (broken++ == 0)
            fprintf(f, "  broken chains (`lspctl repair` removes them):\n");
        guidstr_format(&s->e[i].info.ProviderId, gs);
        fprintf(f, "    chain %lu  %s  %s: %s (%lu)\n",
                (unsigned long)s->e[i].info.dwCatalogEntryId, gs,
                out_utf8(s->e[i].info.szProtocol, name, sizeof name), why, (unsigned long)link);
    }
    fputc('\n', f);
}

static void show__categories_json(json_t *j, const snap_entry_t *se)
{
    if (!se->have_categories) {
        json_null(j, "lsp_categories");
        return;
    }
    json_uint(j, "lsp_categories", se->categories);
}

static void show__entry_json(json_t *j, const snap_t *s, size_t i)
{
    const snap_entry_t *se = &s->e[i];
    const WSAPROTOCOL_INFOW *e = &se->info;
    char gs[GUIDSTR_LEN];
    DWORD link;
    const char *why;
    int k;

    guidstr_format(&e->ProviderId, gs);
    json_object(j, NULL);
    json_uint(j, "id", e->dwCatalogEntryId);
    json_str(j, "type",
             lspmap_kind(e) == LSPMAP_BASE      ? "base"
             : lspmap_kind(e) == LSPMAP_LAYERED ? "layered"
                                                : "chain");
    json_wstr(j, "description", e->szProtocol);
    json_str(j, "provider_id", gs);
    if (se->have_path)
        json_wstr(j, "path", se->path);
    else
        json_null(j, "path");
    json_int(j, "version", e->iVersion);
    json_int(j, "address_family", e->iAddressFamily);
    json_int(j, "max_address_length", e->iMaxSockAddr);
    json_int(j, "min_address_length", e->iMinSockAddr);
    json_int(j, "socket_type", e->iSocketType);
    json_int(j, "protocol", e->iProtocol);
    json_int(j, "protocol_max_offset", e->iProtocolMaxOffset);
    json_uint(j, "service_flags", e->dwServiceFlags1);
    json_uint(j, "provider_flags", e->dwProviderFlags);
    json_int(j, "chain_length", e->ProtocolChain.ChainLen);
    json_array(j, "chain");
    for (k = 0; k < pinfo_chain_len(e); k++)
        json_uint(j, NULL, e->ProtocolChain.ChainEntries[k]);
    json_end(j);
    if (lspmap_kind(e) == LSPMAP_LAYERED)
        show__categories_json(j, se);
    if (lspmap_broken(s, i, &link, &why)) {
        json_str(j, "broken", why);
        json_uint(j, "broken_link", link);
    }
    json_end(j);
}

static void show__lsp_json(json_t *j, const snap_t *s, size_t l)
{
    const snap_entry_t *le = &s->e[l];
    char gs[GUIDSTR_LEN], chain[1024];
    size_t i;

    guidstr_format(&le->info.ProviderId, gs);
    json_object(j, NULL);
    json_wstr(j, "name", le->info.szProtocol);
    json_str(j, "provider_id", gs);
    json_uint(j, "layered_id", le->info.dwCatalogEntryId);
    if (le->have_path)
        json_wstr(j, "path", le->path);
    else
        json_null(j, "path");
    show__categories_json(j, le);
    json_array(j, "chains");
    for (i = 0; i < s->count; i++) {
        const WSAPROTOCOL_INFOW *e = &s->e[i].info;

        if (lspmap_kind(e) != LSPMAP_CHAIN ||
            e->ProtocolChain.ChainEntries[0] != le->info.dwCatalogEntryId)
            continue;
        guidstr_format(&e->ProviderId, gs);
        show_chain_names(s, i, chain, sizeof chain);
        json_object(j, NULL);
        json_uint(j, "id", e->dwCatalogEntryId);
        json_str(j, "provider_id", gs);
        json_str(j, "target", show__target(e));
        json_str(j, "path", chain);
        if (lspmap_below(s, i) >= 0)
            json_uint(j, "over", s->e[lspmap_below(s, i)].info.dwCatalogEntryId);
        else
            json_null(j, "over");
        json_end(j);
    }
    json_end(j);
    json_end(j);
}

void show_json(json_t *j, const snap_t *s)
{
    size_t i;

    json_str(j, "catalog", catalog_name(s->which));
    json_array(j, "entries");
    for (i = 0; i < s->count; i++)
        show__entry_json(j, s, i);
    json_end(j);
    json_array(j, "lsps");
    for (i = 0; i < s->count; i++)
        if (lspmap_kind(&s->e[i].info) == LSPMAP_LAYERED)
            show__lsp_json(j, s, i);
    json_end(j);
}
