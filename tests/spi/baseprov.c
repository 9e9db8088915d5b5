/* siot_baseprov.dll: a base Winsock provider for tests. Every WSPPROC_TABLE
 * entry is served by Wine's own ws2_32 (WSASocketW, WSAIoctl, ...), so its
 * sockets are real AFD handles (ReadFile, IOCP and SIO_BASE_HANDLE work), and
 * every call is first written to the call log (baselog.h) with its arguments
 * as received. Like MSAFD it hands out native handles and registers nothing
 * with the upcall table. Errors reach the caller through *lpErrno, exactly the
 * WSAGetLastError() value ws2_32 left. */
#include "baselog.h"

static LONG baseprov__started;

static baselog_call_t baseprov__begin(baselog_fn_t fn, SOCKET s)
{
    baselog_call_t c = {0};
    c.fn = fn;
    c.s = s;
    c.tid = GetCurrentThreadId();
    return c;
}

/* Logs the call and gives its error to the caller. Reads the error first:
 * nothing may run between the ws2_32 call and here. */
static INT_PTR baseprov__end(baselog_call_t *c, INT_PTR result, BOOL failed, LPINT lpErrno)
{
    if (failed) {
        c->error = WSAGetLastError();
        *lpErrno = c->error;
    } else if (c->count) {
        c->bytes = *(const DWORD *)c->count;
    }
    c->result = result;
    baselog_add(c);
    return result;
}

static SOCKET WSPAPI baseprov__accept(SOCKET s, struct sockaddr *addr, LPINT addrlen,
                                      LPCONDITIONPROC cond, DWORD_PTR data, LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_Accept, s);
    c.out = addr;
    c.out_len = addrlen ? (DWORD)*addrlen : 0;
    c.arg = (INT_PTR)data;
    c.count = addrlen;
    SOCKET r = WSAAccept(s, addr, addrlen, cond, data);
    return (SOCKET)baseprov__end(&c, (INT_PTR)r, r == INVALID_SOCKET, lpErrno);
}

static INT WSPAPI baseprov__address_to_string(LPSOCKADDR addr, DWORD len, LPWSAPROTOCOL_INFOW info,
                                              LPWSTR out, LPDWORD outlen, LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_AddressToString, INVALID_SOCKET);
    c.in = addr;
    c.in_len = len;
    c.out = out;
    c.out_len = outlen ? *outlen : 0;
    c.count = outlen;
    INT r = WSAAddressToStringW(addr, len, info, out, outlen);
    return (INT)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static int WSPAPI baseprov__async_select(SOCKET s, HWND hwnd, unsigned int msg, __LONG32 events,
                                         LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_AsyncSelect, s);
    c.code = (DWORD)events;
    c.arg = (INT_PTR)msg;
    int r = WSAAsyncSelect(s, hwnd, msg, events);
    return (int)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static int WSPAPI baseprov__bind(SOCKET s, const struct sockaddr *name, int namelen, LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_Bind, s);
    c.in = name;
    c.in_len = (DWORD)namelen;
    int r = bind(s, name, namelen);
    return (int)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static int WSPAPI baseprov__cancel_blocking_call(LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_CancelBlockingCall, INVALID_SOCKET);
    int r = WSACancelBlockingCall();
    return (int)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static int WSPAPI baseprov__cleanup(LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_Cleanup, INVALID_SOCKET);
    int r;
    /* Each WSPStartup owes one WSPCleanup; an extra one is the caller's bug. */
    if (InterlockedDecrement(&baseprov__started) < 0) {
        InterlockedIncrement(&baseprov__started);
        WSASetLastError(WSANOTINITIALISED);
        r = SOCKET_ERROR;
    } else {
        r = WSACleanup();
    }
    return (int)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static int WSPAPI baseprov__close_socket(SOCKET s, LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_CloseSocket, s);
    int r = closesocket(s);
    return (int)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static int WSPAPI baseprov__connect(SOCKET s, const struct sockaddr *name, int namelen,
                                    LPWSABUF caller, LPWSABUF callee, LPQOS sqos, LPQOS gqos,
                                    LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_Connect, s);
    c.in = name;
    c.in_len = (DWORD)namelen;
    int r = WSAConnect(s, name, namelen, caller, callee, sqos, gqos);
    return (int)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static int WSPAPI baseprov__duplicate_socket(SOCKET s, DWORD pid, LPWSAPROTOCOL_INFOW info,
                                             LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_DuplicateSocket, s);
    c.arg = (INT_PTR)pid;
    c.out = info;
    int r = WSADuplicateSocketW(s, pid, info);
    return (int)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static int WSPAPI baseprov__enum_network_events(SOCKET s, WSAEVENT ev, LPWSANETWORKEVENTS out,
                                                LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_EnumNetworkEvents, s);
    c.arg = (INT_PTR)ev;
    c.out = out;
    int r = WSAEnumNetworkEvents(s, ev, out);
    return (int)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static int WSPAPI baseprov__event_select(SOCKET s, WSAEVENT ev, __LONG32 events, LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_EventSelect, s);
    c.code = (DWORD)events;
    c.arg = (INT_PTR)ev;
    int r = WSAEventSelect(s, ev, events);
    return (int)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static WINBOOL WSPAPI baseprov__get_overlapped_result(SOCKET s, LPWSAOVERLAPPED ov, LPDWORD cb,
                                                      WINBOOL wait, LPDWORD flags, LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_GetOverlappedResult, s);
    c.ov = ov;
    c.count = cb;
    c.arg = wait;
    WINBOOL r = WSAGetOverlappedResult(s, ov, cb, wait, flags);
    return (WINBOOL)baseprov__end(&c, r, !r, lpErrno);
}

static int WSPAPI baseprov__get_peer_name(SOCKET s, struct sockaddr *name, LPINT len, LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_GetPeerName, s);
    c.out = name;
    c.out_len = len ? (DWORD)*len : 0;
    c.count = len;
    int r = getpeername(s, name, len);
    return (int)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static int WSPAPI baseprov__get_sock_name(SOCKET s, struct sockaddr *name, LPINT len, LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_GetSockName, s);
    c.out = name;
    c.out_len = len ? (DWORD)*len : 0;
    c.count = len;
    int r = getsockname(s, name, len);
    return (int)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static int WSPAPI baseprov__get_sock_opt(SOCKET s, int level, int name, char *val, LPINT len,
                                         LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_GetSockOpt, s);
    c.code = (DWORD)name;
    c.arg = level;
    c.out = val;
    c.out_len = len ? (DWORD)*len : 0;
    c.count = len;
    int r = getsockopt(s, level, name, val, len);
    return (int)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static WINBOOL WSPAPI baseprov__get_qos_by_name(SOCKET s, LPWSABUF name, LPQOS qos, LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_GetQOSByName, s);
    c.in = name;
    c.out = qos;
    WINBOOL r = WSAGetQOSByName(s, name, qos);
    return (WINBOOL)baseprov__end(&c, r, !r, lpErrno);
}

static int WSPAPI baseprov__ioctl(SOCKET s, DWORD code, LPVOID in, DWORD inlen, LPVOID out,
                                  DWORD outlen, LPDWORD bytes, LPWSAOVERLAPPED ov,
                                  LPWSAOVERLAPPED_COMPLETION_ROUTINE cr, LPWSATHREADID thread,
                                  LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_Ioctl, s);
    c.code = code;
    c.in = in;
    c.in_len = inlen;
    c.out = out;
    c.out_len = outlen;
    c.count = bytes;
    c.ov = ov;
    c.cr = cr;
    c.thread = thread;
    int r = WSAIoctl(s, code, in, inlen, out, outlen, bytes, ov, cr);
    return (int)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static SOCKET WSPAPI baseprov__join_leaf(SOCKET s, const struct sockaddr *name, int namelen,
                                         LPWSABUF caller, LPWSABUF callee, LPQOS sqos, LPQOS gqos,
                                         DWORD flags, LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_JoinLeaf, s);
    c.in = name;
    c.in_len = (DWORD)namelen;
    c.code = flags;
    SOCKET r = WSAJoinLeaf(s, name, namelen, caller, callee, sqos, gqos, flags);
    return (SOCKET)baseprov__end(&c, (INT_PTR)r, r == INVALID_SOCKET, lpErrno);
}

static int WSPAPI baseprov__listen(SOCKET s, int backlog, LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_Listen, s);
    c.code = (DWORD)backlog;
    int r = listen(s, backlog);
    return (int)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static int WSPAPI baseprov__recv(SOCKET s, LPWSABUF bufs, DWORD n, LPDWORD got, LPDWORD flags,
                                 LPWSAOVERLAPPED ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr,
                                 LPWSATHREADID thread, LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_Recv, s);
    c.out = bufs;
    c.out_len = n;
    c.code = flags ? *flags : 0;
    c.count = got;
    c.ov = ov;
    c.cr = cr;
    c.thread = thread;
    int r = WSARecv(s, bufs, n, got, flags, ov, cr);
    return (int)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static int WSPAPI baseprov__recv_disconnect(SOCKET s, LPWSABUF data, LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_RecvDisconnect, s);
    c.out = data;
    int r = WSARecvDisconnect(s, data);
    return (int)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static int WSPAPI baseprov__recv_from(SOCKET s, LPWSABUF bufs, DWORD n, LPDWORD got, LPDWORD flags,
                                      struct sockaddr *from, LPINT fromlen, LPWSAOVERLAPPED ov,
                                      LPWSAOVERLAPPED_COMPLETION_ROUTINE cr, LPWSATHREADID thread,
                                      LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_RecvFrom, s);
    c.out = bufs;
    c.out_len = n;
    c.code = flags ? *flags : 0;
    c.in = from;
    c.in_len = fromlen ? (DWORD)*fromlen : 0;
    c.count = got;
    c.ov = ov;
    c.cr = cr;
    c.thread = thread;
    int r = WSARecvFrom(s, bufs, n, got, flags, from, fromlen, ov, cr);
    return (int)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static int WSPAPI baseprov__select(int nfds, fd_set *rd, fd_set *wr, fd_set *ex,
                                   const PTIMEVAL timeout, LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_Select, (SOCKET)nfds);
    c.in = timeout;
    c.out = rd;
    int r = select(nfds, rd, wr, ex, timeout);
    return (int)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static int WSPAPI baseprov__send(SOCKET s, LPWSABUF bufs, DWORD n, LPDWORD sent, DWORD flags,
                                 LPWSAOVERLAPPED ov, LPWSAOVERLAPPED_COMPLETION_ROUTINE cr,
                                 LPWSATHREADID thread, LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_Send, s);
    c.in = bufs;
    c.in_len = n;
    c.code = flags;
    c.count = sent;
    c.ov = ov;
    c.cr = cr;
    c.thread = thread;
    int r = WSASend(s, bufs, n, sent, flags, ov, cr);
    return (int)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static int WSPAPI baseprov__send_disconnect(SOCKET s, LPWSABUF data, LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_SendDisconnect, s);
    c.in = data;
    int r = WSASendDisconnect(s, data);
    return (int)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static int WSPAPI baseprov__send_to(SOCKET s, LPWSABUF bufs, DWORD n, LPDWORD sent, DWORD flags,
                                    const struct sockaddr *to, int tolen, LPWSAOVERLAPPED ov,
                                    LPWSAOVERLAPPED_COMPLETION_ROUTINE cr, LPWSATHREADID thread,
                                    LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_SendTo, s);
    c.in = to;
    c.in_len = (DWORD)tolen;
    c.out = bufs; /* the buffers are the input here; `in` holds the address */
    c.out_len = n;
    c.code = flags;
    c.count = sent;
    c.ov = ov;
    c.cr = cr;
    c.thread = thread;
    int r = WSASendTo(s, bufs, n, sent, flags, to, tolen, ov, cr);
    return (int)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static int WSPAPI baseprov__set_sock_opt(SOCKET s, int level, int name, const char *val, int len,
                                         LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_SetSockOpt, s);
    c.code = (DWORD)name;
    c.arg = level;
    c.in = val;
    c.in_len = (DWORD)len;
    int r = setsockopt(s, level, name, val, len);
    return (int)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static int WSPAPI baseprov__shutdown(SOCKET s, int how, LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_Shutdown, s);
    c.code = (DWORD)how;
    int r = shutdown(s, how);
    return (int)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static SOCKET WSPAPI baseprov__socket(int af, int type, int protocol, LPWSAPROTOCOL_INFOW info,
                                      GROUP g, DWORD flags, LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_Socket, INVALID_SOCKET);
    c.code = (DWORD)type;
    c.arg = (INT_PTR)((af << 16) | (protocol & 0xffff));
    c.in = info;
    c.in_len = flags;
    /* The catalog's WSAPROTOCOL_INFOW describes this provider, not a socket to
     * re-create: only a duplicated socket's (FROM_PROTOCOL_INFO) goes on. */
    SOCKET r = WSASocketW(af, type, protocol, af == FROM_PROTOCOL_INFO ? info : NULL, g, flags);
    c.s = r;
    return (SOCKET)baseprov__end(&c, (INT_PTR)r, r == INVALID_SOCKET, lpErrno);
}

static INT WSPAPI baseprov__string_to_address(LPWSTR str, INT af, LPWSAPROTOCOL_INFOW info,
                                              LPSOCKADDR addr, LPINT len, LPINT lpErrno)
{
    baselog_call_t c = baseprov__begin(BASELOG_StringToAddress, INVALID_SOCKET);
    c.in = str;
    c.arg = af;
    c.out = addr;
    c.out_len = len ? (DWORD)*len : 0;
    c.count = len;
    INT r = WSAStringToAddressW(str, af, info, addr, len);
    return (INT)baseprov__end(&c, r, r == SOCKET_ERROR, lpErrno);
}

static const WSPPROC_TABLE baseprov__procs = {
    baseprov__accept,
    baseprov__address_to_string,
    baseprov__async_select,
    baseprov__bind,
    baseprov__cancel_blocking_call,
    baseprov__cleanup,
    baseprov__close_socket,
    baseprov__connect,
    baseprov__duplicate_socket,
    baseprov__enum_network_events,
    baseprov__event_select,
    baseprov__get_overlapped_result,
    baseprov__get_peer_name,
    baseprov__get_sock_name,
    baseprov__get_sock_opt,
    baseprov__get_qos_by_name,
    baseprov__ioctl,
    baseprov__join_leaf,
    baseprov__listen,
    baseprov__recv,
    baseprov__recv_disconnect,
    baseprov__recv_from,
    baseprov__select,
    baseprov__send,
    baseprov__send_disconnect,
    baseprov__send_to,
    baseprov__set_sock_opt,
    baseprov__shutdown,
    baseprov__socket,
    baseprov__string_to_address,
};

int WSPAPI WSPStartup(WORD version, LPWSPDATA data, LPWSAPROTOCOL_INFOW info,
                      WSPUPCALLTABLE upcalls, LPWSPPROC_TABLE procs)
{
    baselog_call_t c = baseprov__begin(BASELOG_Startup, INVALID_SOCKET);
    WSADATA wsa;
    int err;

    (void)upcalls; /* native handles: nothing to register */
    c.code = version;
    c.in = info;
    c.arg = info ? (INT_PTR)info->dwCatalogEntryId : 0;
    c.out = procs;
    if (LOBYTE(version) < 2)
        err = WSAVERNOTSUPPORTED;
    else if (!data || !procs)
        err = WSAEFAULT;
    else
        err = WSAStartup(MAKEWORD(2, 2), &wsa);
    if (!err) {
        InterlockedIncrement(&baseprov__started);
        data->wVersion = MAKEWORD(2, 2);
        data->wHighVersion = MAKEWORD(2, 2);
        lstrcpynW(data->szDescription, L"siotrace test base provider over Wine's ws2_32",
                  WSPDESCRIPTION_LEN + 1);
        *procs = baseprov__procs;
    }
    c.result = err;
    c.error = err;
    baselog_add(&c);
    return err;
}
