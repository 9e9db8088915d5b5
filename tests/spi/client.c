/* siotws2.dll, the client layer: the Winsock API under its own names (the .def
 * file maps each to a client_ function here, or forwards it to Wine's ws2_32
 * where no provider takes part), so a program written against winsock2.h links
 * libsiotws2.a instead of ws2_32 and runs through the model catalog's chains.
 *
 * As ws2_32 does: WSAStartup reads the catalog, a new socket goes to the first
 * catalog entry that matches it, and every later call on a socket goes to the
 * proc table of the provider that owns the handle. A provider's error becomes
 * WSASetLastError + SOCKET_ERROR (or INVALID_SOCKET, FALSE). */
#include "client.h"
#include "hostcat.h"
#include "hostprov.h"
#include "hostsock.h"
#include "upcall.h"

#include <mswsock.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ws2tcpip.h>

static SRWLOCK client__lock = SRWLOCK_INIT;
static LONG client__started;

static int client__fail(int err)
{
    WSASetLastError(err);
    return SOCKET_ERROR;
}

/* A handle the host does not know (inherited, or from DuplicateHandle) is
 * attached, as ws2_32 attaches it, to the catalog entry that SO_PROTOCOL_INFOW
 * reports, asked of the first IFS entry of the catalog (whose provider is
 * started for it). 1 when attached. */
static int client__attach(SOCKET s, hostsock_t *hs)
{
    for (size_t i = 0; i < hostcat_count(); i++) {
        const hostcat_entry_t *e = hostcat_at(i);
        hostprov_t *p;
        WSAPROTOCOL_INFOW info;
        int len = sizeof info, err;
        if (e->info.ProtocolChain.ChainLen == LAYERED_PROTOCOL ||
            !(e->info.dwServiceFlags1 & XP1_IFS_HANDLES))
            continue;
        if (hostprov_get(e, &p) != 0 ||
            p->procs.lpWSPGetSockOpt(s, SOL_SOCKET, SO_PROTOCOL_INFOW, (char *)&info, &len, &err) !=
                0 ||
            !hostcat_by_id(info.dwCatalogEntryId))
            return 0;
        return hostsock_add(s, info.dwCatalogEntryId, 0, 0) == 0 && hostsock_find(s, hs);
    }
    return 0;
}

/* The provider that owns `s`; on failure the last error is set. */
static hostprov_t *client__provider(SOCKET s, hostsock_t *hs)
{
    hostsock_t local;
    hostprov_t *p;
    if (!hs)
        hs = &local;
    if (client__started <= 0) {
        WSASetLastError(WSANOTINITIALISED);
        return NULL;
    }
    if ((!hostsock_find(s, hs) && !client__attach(s, hs)) ||
        !(p = hostprov_owner(hs->catalog_id))) {
        WSASetLastError(WSAENOTSOCK);
        return NULL;
    }
    return p;
}

/* `err` is read only once the provider call, the other argument, is done. */
static int client__result(int r, const int *err)
{
    if (r == SOCKET_ERROR)
        WSASetLastError(*err);
    return r;
}

/* ---- start-up ---- */

int WSAAPI client_WSAStartup(WORD version, LPWSADATA data)
{
    int err = WSAStartup(version, data);
    if (err)
        return err;
    /* ws2_32 sets up a thread's context (its WSATHREADID among it) at the
     * thread's first call, not at its first data call: a handle it creates
     * then cannot take the value of a socket closed later. */
    upcall_thread();
    AcquireSRWLockExclusive(&client__lock);
    if (client__started == 0 && (err = hostcat_load()) != 0) {
        fprintf(stderr, "siotws2: cannot read the Winsock catalog model (SIOT_CATALOG): error %d\n",
                err);
        err = WSASYSNOTREADY;
    }
    if (!err)
        client__started++;
    ReleaseSRWLockExclusive(&client__lock);
    if (err)
        WSACleanup();
    return err;
}

int WSAAPI client_WSACleanup(void)
{
    AcquireSRWLockExclusive(&client__lock);
    if (client__started == 0) {
        ReleaseSRWLockExclusive(&client__lock);
        return client__fail(WSANOTINITIALISED);
    }
    if (--client__started == 0) {
        hostprov_cleanup_all();
        hostsock_clear();
        hostcat_unload();
    }
    ReleaseSRWLockExclusive(&client__lock);
    return WSACleanup();
}

/* ---- sockets ---- */

/* A handle the provider returned without registering it (a base provider's
 * native handle) belongs to the entry that made it. */
static SOCKET client__adopt(SOCKET s, DWORD catalog_id, int err)
{
    hostsock_t hs;
    if (s == INVALID_SOCKET) {
        WSASetLastError(err);
        return INVALID_SOCKET;
    }
    if (!hostsock_find(s, &hs) && hostsock_add(s, catalog_id, 0, 0) != 0) {
        WSASetLastError(WSAENOBUFS);
        return INVALID_SOCKET;
    }
    return s;
}

SOCKET WSAAPI client_WSASocketW(int af, int type, int protocol, LPWSAPROTOCOL_INFOW info, GROUP g,
                                DWORD flags)
{
    const hostcat_entry_t *e;
    hostprov_t *p;
    WSAPROTOCOL_INFOW entry;
    int err;

    if (client__started <= 0)
        return (SOCKET)client__fail(WSANOTINITIALISED);
    upcall_thread();
    err = hostcat_select(af, type, protocol, info, &e);
    if (!err)
        err = hostprov_get(e, &p);
    if (err)
        return (SOCKET)client__fail(err);
    entry = e->info;
    SOCKET s = p->procs.lpWSPSocket(af, type, protocol, info ? info : &entry, g, flags, &err);
    return client__adopt(s, e->info.dwCatalogEntryId, err);
}

static void client__info_a_to_w(const WSAPROTOCOL_INFOA *a, WSAPROTOCOL_INFOW *w)
{
    memcpy(w, a, offsetof(WSAPROTOCOL_INFOW, szProtocol));
    MultiByteToWideChar(CP_ACP, 0, a->szProtocol, -1, w->szProtocol, WSAPROTOCOL_LEN + 1);
}

static void client__info_w_to_a(const WSAPROTOCOL_INFOW *w, WSAPROTOCOL_INFOA *a)
{
    memcpy(a, w, offsetof(WSAPROTOCOL_INFOA, szProtocol));
    WideCharToMultiByte(CP_ACP, 0, w->szProtocol, -1, a->szProtocol, WSAPROTOCOL_LEN + 1, NULL,
                        NULL);
}

SOCKET WSAAPI client_WSASocketA(int af, int type, int protocol, LPWSAPROTOCOL_INFOA info, GROUP g,
                                DWORD flags)
{
    WSAPROTOCOL_INFOW w;
    if (info)
        client__info_a_to_w(info, &w);
    return client_WSASocketW(af, type, protocol, info ? &w : NULL, g, flags);
}

SOCKET WSAAPI client_socket(int af, int type, int protocol)
{
    return client_WSASocketW(af, type, protocol, NULL, 0, WSA_FLAG_OVERLAPPED);
}

int WSAAPI client_closesocket(SOCKET s)
{
    hostsock_t hs;
    hostprov_t *p = client__provider(s, &hs);
    int err, r;
    if (!p)
        return SOCKET_ERROR;
    r = p->procs.lpWSPCloseSocket(s, &err);
    if (r == 0)
        hostsock_remove(s, hs.gen);
    return client__result(r, &err);
}

SOCKET WSAAPI client_WSAAccept(SOCKET s, struct sockaddr *addr, LPINT addrlen, LPCONDITIONPROC cond,
                               DWORD_PTR data)
{
    hostsock_t hs;
    hostprov_t *p = client__provider(s, &hs);
    int err;
    if (!p)
        return INVALID_SOCKET;
    SOCKET r = p->procs.lpWSPAccept(s, addr, addrlen, cond, data, &err);
    return client__adopt(r, hs.catalog_id, err);
}

SOCKET WSAAPI client_accept(SOCKET s, struct sockaddr *addr, int *addrlen)
{
    return client_WSAAccept(s, addr, addrlen, NULL, 0);
}

SOCKET WSAAPI client_WSAJoinLeaf(SOCKET s, const struct sockaddr *name, int namelen,
                                 LPWSABUF caller, LPWSABUF callee, LPQOS sqos, LPQOS gqos,
                                 DWORD flags)
{
    hostsock_t hs;
    hostprov_t *p = client__provider(s, &hs);
    int err;
    if (!p)
        return INVALID_SOCKET;
    SOCKET r = p->procs.lpWSPJoinLeaf(s, name, namelen, caller, callee, sqos, gqos, flags, &err);
    return client__adopt(r, hs.catalog_id, err);
}

int WSAAPI client_bind(SOCKET s, const struct sockaddr *name, int namelen)
{
    hostprov_t *p = client__provider(s, NULL);
    int err;
    return p ? client__result(p->procs.lpWSPBind(s, name, namelen, &err), &err) : SOCKET_ERROR;
}

int WSAAPI client_listen(SOCKET s, int backlog)
{
    hostprov_t *p = client__provider(s, NULL);
    int err;
    return p ? client__result(p->procs.lpWSPListen(s, backlog, &err), &err) : SOCKET_ERROR;
}

int WSAAPI client_WSAConnect(SOCKET s, const struct sockaddr *name, int namelen, LPWSABUF caller,
                             LPWSABUF callee, LPQOS sqos, LPQOS gqos)
{
    hostprov_t *p = client__provider(s, NULL);
    int err;
    if (!p)
        return SOCKET_ERROR;
    return client__result(p->procs.lpWSPConnect(s, name, namelen, caller, callee, sqos, gqos, &err),
                          &err);
}

int WSAAPI client_connect(SOCKET s, const struct sockaddr *name, int namelen)
{
    return client_WSAConnect(s, name, namelen, NULL, NULL, NULL, NULL);
}

int WSAAPI client_shutdown(SOCKET s, int how)
{
    hostprov_t *p = client__provider(s, NULL);
    int err;
    return p ? client__result(p->procs.lpWSPShutdown(s, how, &err), &err) : SOCKET_ERROR;
}

int WSAAPI client_getsockname(SOCKET s, struct sockaddr *name, int *len)
{
    hostprov_t *p = client__provider(s, NULL);
    int err;
    return p ? client__result(p->procs.lpWSPGetSockName(s, name, len, &err), &err) : SOCKET_ERROR;
}

int WSAAPI client_getpeername(SOCKET s, struct sockaddr *name, int *len)
{
    hostprov_t *p = client__provider(s, NULL);
    int err;
    return p ? client__result(p->procs.lpWSPGetPeerName(s, name, len, &err), &err) : SOCKET_ERROR;
}

int WSAAPI client_getsockopt(SOCKET s, int level, int name, char *val, int *len)
{
    hostprov_t *p = client__provider(s, NULL);
    int err;
    if (!p)
        return SOCKET_ERROR;
    return client__result(p->procs.lpWSPGetSockOpt(s, level, name, val, len, &err), &err);
}

int WSAAPI client_setsockopt(SOCKET s, int level, int name, const char *val, int len)
{
    hostprov_t *p = client__provider(s, NULL);
    int err;
    if (!p)
        return SOCKET_ERROR;
    return client__result(p->procs.lpWSPSetSockOpt(s, level, name, val, len, &err), &err);
}

/* ---- data ---- */

int WSAAPI client_WSASend(SOCKET s, LPWSABUF bufs, DWORD n, LPDWORD sent, DWORD flags,
                          LPWSAOVERLAPPED ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr)
{
    hostprov_t *p = client__provider(s, NULL);
    int err;
    if (!p)
        return SOCKET_ERROR;
    return client__result(
        p->procs.lpWSPSend(s, bufs, n, sent, flags, ov, cr, upcall_thread(), &err), &err);
}

int WSAAPI client_WSASendTo(SOCKET s, LPWSABUF bufs, DWORD n, LPDWORD sent, DWORD flags,
                            const struct sockaddr *to, int tolen, LPWSAOVERLAPPED ov,
                            LPWSAOVERLAPPED_COMPLETION_ROUTINE cr)
{
    hostprov_t *p = client__provider(s, NULL);
    int err;
    if (!p)
        return SOCKET_ERROR;
    return client__result(
        p->procs.lpWSPSendTo(s, bufs, n, sent, flags, to, tolen, ov, cr, upcall_thread(), &err),
        &err);
}

int WSAAPI client_WSARecv(SOCKET s, LPWSABUF bufs, DWORD n, LPDWORD got, LPDWORD flags,
                          LPWSAOVERLAPPED ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr)
{
    hostprov_t *p = client__provider(s, NULL);
    int err;
    if (!p)
        return SOCKET_ERROR;
    return client__result(p->procs.lpWSPRecv(s, bufs, n, got, flags, ov, cr, upcall_thread(), &err),
                          &err);
}

int WSAAPI client_WSARecvFrom(SOCKET s, LPWSABUF bufs, DWORD n, LPDWORD got, LPDWORD flags,
                              struct sockaddr *from, LPINT fromlen, LPWSAOVERLAPPED ov,
                              LPWSAOVERLAPPED_COMPLETION_ROUTINE cr)
{
    hostprov_t *p = client__provider(s, NULL);
    int err;
    if (!p)
        return SOCKET_ERROR;
    return client__result(p->procs.lpWSPRecvFrom(s, bufs, n, got, flags, from, fromlen, ov, cr,
                                                 upcall_thread(), &err),
                          &err);
}

int WSAAPI client_send(SOCKET s, const char *buf, int len, int flags)
{
    WSABUF b = {(ULONG)len, (char *)buf};
    DWORD sent = 0;
    if (client_WSASend(s, &b, 1, &sent, (DWORD)flags, NULL, NULL) == SOCKET_ERROR)
        return SOCKET_ERROR;
    return (int)sent;
}

int WSAAPI client_sendto(SOCKET s, const char *buf, int len, int flags, const struct sockaddr *to,
                         int tolen)
{
    WSABUF b = {(ULONG)len, (char *)buf};
    DWORD sent = 0;
    if (client_WSASendTo(s, &b, 1, &sent, (DWORD)flags, to, tolen, NULL, NULL) == SOCKET_ERROR)
        return SOCKET_ERROR;
    return (int)sent;
}

int WSAAPI client_recv(SOCKET s, char *buf, int len, int flags)
{
    WSABUF b = {(ULONG)len, buf};
    DWORD got = 0, fl = (DWORD)flags;
    if (client_WSARecv(s, &b, 1, &got, &fl, NULL, NULL) == SOCKET_ERROR)
        return SOCKET_ERROR;
    return (int)got;
}

int WSAAPI client_recvfrom(SOCKET s, char *buf, int len, int flags, struct sockaddr *from,
                           int *fromlen)
{
    WSABUF b = {(ULONG)len, buf};
    DWORD got = 0, fl = (DWORD)flags;
    if (client_WSARecvFrom(s, &b, 1, &got, &fl, from, fromlen, NULL, NULL) == SOCKET_ERROR)
        return SOCKET_ERROR;
    return (int)got;
}

int WSAAPI client_WSASendDisconnect(SOCKET s, LPWSABUF data)
{
    hostprov_t *p = client__provider(s, NULL);
    int err;
    return p ? client__result(p->procs.lpWSPSendDisconnect(s, data, &err), &err) : SOCKET_ERROR;
}

int WSAAPI client_WSARecvDisconnect(SOCKET s, LPWSABUF data)
{
    hostprov_t *p = client__provider(s, NULL);
    int err;
    return p ? client__result(p->procs.lpWSPRecvDisconnect(s, data, &err), &err) : SOCKET_ERROR;
}

WINBOOL WSAAPI client_WSAGetOverlappedResult(SOCKET s, LPWSAOVERLAPPED ov, LPDWORD cb, WINBOOL wait,
                                             LPDWORD flags)
{
    hostprov_t *p = client__provider(s, NULL);
    int err;
    if (!p)
        return FALSE;
    if (p->procs.lpWSPGetOverlappedResult(s, ov, cb, wait, flags, &err))
        return TRUE;
    WSASetLastError(err);
    return FALSE;
}

/* ---- control ---- */

int WSAAPI client_WSAIoctl(SOCKET s, DWORD code, LPVOID in, DWORD inlen, LPVOID out, DWORD outlen,
                           LPDWORD bytes, LPWSAOVERLAPPED ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr)
{
    hostprov_t *p = client__provider(s, NULL);
    int err;
    if (!p)
        return SOCKET_ERROR;
    return client__result(
        p->procs.lpWSPIoctl(s, code, in, inlen, out, outlen, bytes, ov, cr, upcall_thread(), &err),
        &err);
}

int WSAAPI client_ioctlsocket(SOCKET s, __LONG32 cmd, u_long *argp)
{
    DWORD bytes = 0;
    return client_WSAIoctl(s, (DWORD)cmd, argp, sizeof(*argp), argp, sizeof(*argp), &bytes, NULL,
                           NULL);
}

int WSAAPI client_WSAEventSelect(SOCKET s, WSAEVENT ev, __LONG32 events)
{
    hostprov_t *p = client__provider(s, NULL);
    int err;
    return p ? client__result(p->procs.lpWSPEventSelect(s, ev, events, &err), &err) : SOCKET_ERROR;
}

int WSAAPI client_WSAEnumNetworkEvents(SOCKET s, WSAEVENT ev, LPWSANETWORKEVENTS out)
{
    hostprov_t *p = client__provider(s, NULL);
    int err;
    return p ? client__result(p->procs.lpWSPEnumNetworkEvents(s, ev, out, &err), &err)
             : SOCKET_ERROR;
}

int WSAAPI client_WSAAsyncSelect(SOCKET s, HWND hwnd, u_int msg, __LONG32 events)
{
    hostprov_t *p = client__provider(s, NULL);
    int err;
    return p ? client__result(p->procs.lpWSPAsyncSelect(s, hwnd, msg, events, &err), &err)
             : SOCKET_ERROR;
}

WINBOOL WSAAPI client_WSAGetQOSByName(SOCKET s, LPWSABUF name, LPQOS qos)
{
    hostprov_t *p = client__provider(s, NULL);
    int err;
    if (!p)
        return FALSE;
    if (p->procs.lpWSPGetQOSByName(s, name, qos, &err))
        return TRUE;
    WSASetLastError(err);
    return FALSE;
}

int WSAAPI client_WSADuplicateSocketW(SOCKET s, DWORD pid, LPWSAPROTOCOL_INFOW info)
{
    hostprov_t *p = client__provider(s, NULL);
    int err;
    return p ? client__result(p->procs.lpWSPDuplicateSocket(s, pid, info, &err), &err)
             : SOCKET_ERROR;
}

int WSAAPI client_WSADuplicateSocketA(SOCKET s, DWORD pid, LPWSAPROTOCOL_INFOA info)
{
    WSAPROTOCOL_INFOW w;
    if (!info)
        return client__fail(WSAEFAULT);
    if (client_WSADuplicateSocketW(s, pid, &w) == SOCKET_ERROR)
        return SOCKET_ERROR;
    client__info_w_to_a(&w, info);
    return 0;
}

/* ws2_32 hands the whole select to the provider of the first socket listed. */
int WSAAPI client_select(int nfds, fd_set *rd, fd_set *wr, fd_set *ex, const PTIMEVAL timeout)
{
    fd_set *sets[3] = {rd, wr, ex};
    hostprov_t *p = NULL;
    int i, err;

    if (client__started <= 0)
        return client__fail(WSANOTINITIALISED);
    for (i = 0; i < 3 && !p; i++)
        if (sets[i] && sets[i]->fd_count > 0 && !(p = client__provider(sets[i]->fd_array[0], NULL)))
            return SOCKET_ERROR;
    if (!p)
        return client__fail(WSAEINVAL);
    return client__result(p->procs.lpWSPSelect(nfds, rd, wr, ex, timeout, &err), &err);
}

/* ---- the catalog, as WSAEnumProtocols shows it ---- */

static int client__visible(const WSAPROTOCOL_INFOW *p, const INT *protocols)
{
    if (p->ProtocolChain.ChainLen == LAYERED_PROTOCOL || (p->dwProviderFlags & PFL_HIDDEN))
        return 0;
    if (!protocols)
        return 1;
    for (; *protocols; protocols++)
        if (*protocols >= p->iProtocol && *protocols <= p->iProtocol + p->iProtocolMaxOffset)
            return 1;
    return 0;
}

/* Writes the visible entries through `put` (which converts to W or A). */
static int client__enum(LPINT protocols, void *buf, LPDWORD len, size_t size,
                        void (*put)(const WSAPROTOCOL_INFOW *, void *, size_t))
{
    size_t i, n = 0;
    if (client__started <= 0)
        return client__fail(WSANOTINITIALISED);
    if (!len)
        return client__fail(WSAEFAULT);
    for (i = 0; i < hostcat_count(); i++)
        n += client__visible(&hostcat_at(i)->info, protocols);
    if (!buf || *len < n * size) {
        *len = (DWORD)(n * size);
        return client__fail(WSAENOBUFS);
    }
    n = 0;
    for (i = 0; i < hostcat_count(); i++)
        if (client__visible(&hostcat_at(i)->info, protocols))
            put(&hostcat_at(i)->info, buf, n++);
    return (int)n;
}

static void client__put_w(const WSAPROTOCOL_INFOW *info, void *buf, size_t i)
{
    ((WSAPROTOCOL_INFOW *)buf)[i] = *info;
}

static void client__put_a(const WSAPROTOCOL_INFOW *info, void *buf, size_t i)
{
    client__info_w_to_a(info, &((WSAPROTOCOL_INFOA *)buf)[i]);
}

int WSAAPI client_WSAEnumProtocolsW(LPINT protocols, LPWSAPROTOCOL_INFOW buf, LPDWORD len)
{
    return client__enum(protocols, buf, len, sizeof(WSAPROTOCOL_INFOW), client__put_w);
}

int WSAAPI client_WSAEnumProtocolsA(LPINT protocols, LPWSAPROTOCOL_INFOA buf, LPDWORD len)
{
    return client__enum(protocols, buf, len, sizeof(WSAPROTOCOL_INFOA), client__put_a);
}
