#include "hostperm.h"
#include "catmodel.h"

#include <wchar.h>

int hostperm_read(const WCHAR *image, hostperm_t *out)
{
    DWORD categories = 0;
    int err = 0;

    out->categorized = 0;
    out->categories = 0;
    if (catmodel_WSCGetApplicationCategory(image, (DWORD)wcslen(image), NULL, 0, &categories,
                                           &err) == 0) {
        out->categorized = 1;
        out->categories = categories;
        return 0;
    }
    return err == WSASERVICE_NOT_FOUND ? 0 : err;
}

int hostperm_allows(const hostperm_t *app, DWORD lsp)
{
    if (!app->categorized)
        return 1;
    if ((lsp & app->categories) == 0 || (lsp & ~app->categories) != 0)
        return 0;
    return !(app->categories & LSP_SYSTEM) || (lsp & LSP_SYSTEM);
}

static const WSAPROTOCOL_INFOW *hostperm__find(const WSAPROTOCOL_INFOW *catalog, size_t n, DWORD id)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (catalog[i].dwCatalogEntryId == id)
            return &catalog[i];
    return NULL;
}

/* The categories of the LSP that layer `id` of a chain names; 0 when it
 * cannot be found or read. */
static DWORD hostperm__layer(const WSAPROTOCOL_INFOW *catalog, size_t n, DWORD id)
{
    const WSAPROTOCOL_INFOW *e = hostperm__find(catalog, n, id);
    DWORD categories = 0;
    size_t size = sizeof categories;
    GUID guid;
    int err;

    if (e && e->ProtocolChain.ChainLen > BASE_PROTOCOL)
        e = hostperm__find(catalog, n, e->ProtocolChain.ChainEntries[0]);
    if (!e || e->ProtocolChain.ChainLen != LAYERED_PROTOCOL)
        return 0;
    guid = e->ProviderId;
    if (catmodel_WSCGetProviderInfo(&guid, ProviderInfoLspCategories, (PBYTE)&categories, &size, 0,
                                    &err) != 0)
        return 0;
    return categories;
}

int hostperm_chain(const hostperm_t *app, const WSAPROTOCOL_INFOW *chain,
                   const WSAPROTOCOL_INFOW *catalog, size_t n)
{
    int i;
    if (!app->categorized)
        return 1;
    for (i = 0; i < chain->ProtocolChain.ChainLen - 1 && i < MAX_PROTOCOL_CHAIN; i++)
        if (!hostperm_allows(app,
                             hostperm__layer(catalog, n, chain->ProtocolChain.ChainEntries[i])))
            return 0;
    return 1;
}
