#include <string.h>

#include "catalog.h"

#define CATALOG__TRIES 4

int catalog_load(catalog_t *c)
{
    DWORD size = 0;
    int err = 0;
    c->entries = NULL;
    c->count = 0;
    /* The catalog may grow between the size query and the read: retry. */
    for (int i = 0; i < CATALOG__TRIES; i++) {
        WSAPROTOCOL_INFOW *buf = NULL;
        if (size > 0 && !(buf = HeapAlloc(GetProcessHeap(), 0, size)))
            return WSA_NOT_ENOUGH_MEMORY;
        DWORD have = size;
        int n = WSCEnumProtocols(NULL, buf, &have, &err);
        if (n != SOCKET_ERROR) {
            c->entries = buf;
            c->count = n;
            return 0;
        }
        if (buf)
            HeapFree(GetProcessHeap(), 0, buf);
        if (err != WSAENOBUFS || have <= size)
            return err ? err : WSAEPROVIDERFAILEDINIT;
        size = have;
    }
    return WSAEPROVIDERFAILEDINIT;
}

void catalog_free(catalog_t *c)
{
    if (c->entries)
        HeapFree(GetProcessHeap(), 0, c->entries);
    c->entries = NULL;
    c->count = 0;
}

const WSAPROTOCOL_INFOW *catalog_find(const catalog_t *c, DWORD catalog_entry_id)
{
    for (int i = 0; i < c->count; i++)
        if (c->entries[i].dwCatalogEntryId == catalog_entry_id)
            return &c->entries[i];
    return NULL;
}

int catalog_path(const WSAPROTOCOL_INFOW *e, wchar_t *out, size_t cap)
{
    wchar_t raw[MAX_PATH + 1];
    int len = MAX_PATH, err = 0;
    GUID id = e->ProviderId;
    memset(raw, 0, sizeof raw);
    if (WSCGetProviderPath(&id, raw, &len, &err) == SOCKET_ERROR)
        return err ? err : WSAEPROVIDERFAILEDINIT;
    raw[MAX_PATH] = L'\0';
    if (raw[0] == L'\0')
        return WSAEPROVIDERFAILEDINIT;
    DWORD n = ExpandEnvironmentStringsW(raw, out, (DWORD)cap);
    if (n == 0 || n > cap)
        return WSAEPROVIDERFAILEDINIT;
    return 0;
}
