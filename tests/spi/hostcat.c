#include "hostcat.h"
#include "catmodel.h"
#include "hostperm.h"

#include <stdlib.h>

static hostcat_entry_t *hostcat__entries;
static size_t hostcat__count;

/* The program's categories, read at the process's first WSAStartup and kept
 * for its lifetime, as Windows reads them (hostperm.h). */
static hostperm_t hostcat__app;
static int hostcat__app_read;

static int hostcat__read_app(void)
{
    WCHAR image[MAX_PATH];
    DWORD n;
    int err;

    if (hostcat__app_read)
        return 0;
    n = GetModuleFileNameW(NULL, image, MAX_PATH);
    if (n == 0 || n >= MAX_PATH)
        return WSANO_RECOVERY;
    if ((err = hostperm_read(image, &hostcat__app)) != 0)
        return err;
    hostcat__app_read = 1;
    return 0;
}

int hostcat_load(void)
{
    DWORD len = 0;
    int err = 0, n, i;
    size_t kept = 0;
    WSAPROTOCOL_INFOW *infos;

    hostcat_unload();
    if ((err = hostcat__read_app()) != 0)
        return err;
    if (catmodel_WSCEnumProtocols(NULL, NULL, &len, &err) != SOCKET_ERROR || err != WSAENOBUFS)
        return err ? err : WSANO_RECOVERY;
    infos = malloc(len ? len : 1);
    if (!infos)
        return WSA_NOT_ENOUGH_MEMORY;
    n = catmodel_WSCEnumProtocols(NULL, infos, &len, &err);
    if (n == SOCKET_ERROR ||
        !(hostcat__entries = calloc((size_t)n + 1, sizeof(*hostcat__entries)))) {
        free(infos);
        return n == SOCKET_ERROR ? err : WSA_NOT_ENOUGH_MEMORY;
    }
    for (i = 0; i < n; i++) {
        int plen = MAX_PATH;
        if (!hostperm_chain(&hostcat__app, &infos[i], infos, (size_t)n))
            continue;
        hostcat__entries[kept].info = infos[i];
        if (catmodel_WSCGetProviderPath(&infos[i].ProviderId, hostcat__entries[kept++].path, &plen,
                                        &err) == SOCKET_ERROR) {
            free(infos);
            hostcat_unload();
            return err;
        }
    }
    hostcat__count = kept;
    free(infos);
    return 0;
}

void hostcat_unload(void)
{
    free(hostcat__entries);
    hostcat__entries = NULL;
    hostcat__count = 0;
}

size_t hostcat_count(void)
{
    return hostcat__count;
}

const hostcat_entry_t *hostcat_at(size_t i)
{
    return i < hostcat__count ? &hostcat__entries[i] : NULL;
}

const hostcat_entry_t *hostcat_by_id(DWORD catalog_id)
{
    size_t i;
    for (i = 0; i < hostcat__count; i++)
        if (hostcat__entries[i].info.dwCatalogEntryId == catalog_id)
            return &hostcat__entries[i];
    return NULL;
}

static int hostcat__protocol_ok(const WSAPROTOCOL_INFOW *p, int protocol)
{
    if (protocol == 0 && (p->dwProviderFlags & PFL_MATCHES_PROTOCOL_ZERO))
        return 1;
    return protocol >= p->iProtocol && protocol <= p->iProtocol + p->iProtocolMaxOffset;
}

int hostcat_select(int af, int type, int protocol, const WSAPROTOCOL_INFOW *info,
                   const hostcat_entry_t **out)
{
    int err = WSAEAFNOSUPPORT;
    size_t i;

    if (info) {
        const hostcat_entry_t *e = hostcat_by_id(info->dwCatalogEntryId);
        if (e) {
            *out = e;
            return 0;
        }
        if (af == FROM_PROTOCOL_INFO)
            af = info->iAddressFamily;
        if (type == FROM_PROTOCOL_INFO)
            type = info->iSocketType;
        if (protocol == FROM_PROTOCOL_INFO)
            protocol = info->iProtocol;
    }
    for (i = 0; i < hostcat__count; i++) {
        const WSAPROTOCOL_INFOW *p = &hostcat__entries[i].info;
        if (p->ProtocolChain.ChainLen == LAYERED_PROTOCOL)
            continue;
        if (af != AF_UNSPEC && p->iAddressFamily != af)
            continue;
        if (type != 0 && p->iSocketType != type) {
            if (err == WSAEAFNOSUPPORT)
                err = WSAESOCKTNOSUPPORT;
            continue;
        }
        if (!hostcat__protocol_ok(p, protocol)) {
            err = WSAEPROTONOSUPPORT;
            continue;
        }
        *out = &hostcat__entries[i];
        return 0;
    }
    return err;
}
