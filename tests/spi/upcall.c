#include "upcall.h"
#include "catmodel.h"
#include "hostcat.h"
#include "hostsock.h"

static WINBOOL WSPAPI upcall__close_event(WSAEVENT ev, LPINT lpErrno)
{
    if (CloseHandle(ev))
        return TRUE;
    *lpErrno = WSA_INVALID_HANDLE;
    return FALSE;
}

static WSAEVENT WSPAPI upcall__create_event(LPINT lpErrno)
{
    WSAEVENT ev = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!ev)
        *lpErrno = WSA_NOT_ENOUGH_MEMORY;
    return ev;
}

static WINBOOL WSPAPI upcall__set_event(WSAEVENT ev, LPINT lpErrno)
{
    if (SetEvent(ev))
        return TRUE;
    *lpErrno = WSA_INVALID_HANDLE;
    return FALSE;
}

static WINBOOL WSPAPI upcall__reset_event(WSAEVENT ev, LPINT lpErrno)
{
    if (ResetEvent(ev))
        return TRUE;
    *lpErrno = WSA_INVALID_HANDLE;
    return FALSE;
}

/* A non-IFS provider's socket: the host makes a handle of its own that
 * nothing but the host can use, and remembers the provider's context. */
static SOCKET WSPAPI upcall__create_socket_handle(DWORD id, DWORD_PTR context, LPINT lpErrno)
{
    HANDLE h;
    if (!hostcat_by_id(id)) {
        *lpErrno = WSAEINVALIDPROVIDER;
        return INVALID_SOCKET;
    }
    h = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!h || hostsock_add((SOCKET)h, id, context, 1) != 0) {
        if (h)
            CloseHandle(h);
        *lpErrno = WSAENOBUFS;
        return INVALID_SOCKET;
    }
    return (SOCKET)h;
}

static int WSPAPI upcall__query_socket_handle_context(SOCKET s, PDWORD_PTR context, LPINT lpErrno)
{
    hostsock_t hs;
    if (!hostsock_find(s, &hs) || !hs.created) {
        *lpErrno = WSAENOTSOCK;
        return SOCKET_ERROR;
    }
    *context = hs.context;
    return 0;
}

static int WSPAPI upcall__close_socket_handle(SOCKET s, LPINT lpErrno)
{
    hostsock_t hs;
    if (!hostsock_find(s, &hs) || !hs.created) {
        *lpErrno = WSAENOTSOCK;
        return SOCKET_ERROR;
    }
    hostsock_remove(s, hs.gen);
    CloseHandle((HANDLE)s);
    return 0;
}

/* An IFS provider's socket: the handle is its own; the host records that the
 * catalog entry `id` owns it, so the application's calls go to that entry. */
static SOCKET WSPAPI upcall__modify_ifs_handle(DWORD id, SOCKET proposed, LPINT lpErrno)
{
    if (!hostcat_by_id(id)) {
        *lpErrno = WSAEINVALIDPROVIDER;
        return INVALID_SOCKET;
    }
    if (proposed == INVALID_SOCKET || proposed == 0) {
        *lpErrno = WSAEINVAL;
        return INVALID_SOCKET;
    }
    if (hostsock_add(proposed, id, 0, 0) != 0) {
        *lpErrno = WSAENOBUFS;
        return INVALID_SOCKET;
    }
    return proposed;
}

static int WSPAPI upcall__fd_is_set(SOCKET s, fd_set *set)
{
    return __WSAFDIsSet(s, set);
}

static int WSPAPI upcall__get_provider_path(LPGUID guid, WCHAR *path, LPINT len, LPINT lpErrno)
{
    return catmodel_WSCGetProviderPath(guid, path, len, lpErrno);
}

static WINBOOL WSPAPI upcall__post_message(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    return PostMessageW(hwnd, msg, wp, lp);
}

/* Winsock 2.2 has no blocking hooks: no callback. */
static int WSPAPI upcall__query_blocking_callback(DWORD id, LPBLOCKINGCALLBACK *cb, PDWORD_PTR ctx,
                                                  LPINT lpErrno)
{
    if (!hostcat_by_id(id)) {
        *lpErrno = WSAEINVALIDPROVIDER;
        return SOCKET_ERROR;
    }
    *cb = NULL;
    *ctx = 0;
    return 0;
}

static int WSPAPI upcall__queue_apc(LPWSATHREADID thread, LPWSAUSERAPC apc, DWORD_PTR ctx,
                                    LPINT lpErrno)
{
    if (!thread || !QueueUserAPC((PAPCFUNC)apc, thread->ThreadHandle, ctx)) {
        *lpErrno = WSAEINVAL;
        return SOCKET_ERROR;
    }
    return 0;
}

static int WSPAPI upcall__open_current_thread(LPWSATHREADID thread, LPINT lpErrno)
{
    HANDLE self = GetCurrentProcess();
    if (!DuplicateHandle(self, GetCurrentThread(), self, &thread->ThreadHandle, 0, FALSE,
                         DUPLICATE_SAME_ACCESS)) {
        *lpErrno = WSASYSCALLFAILURE;
        return SOCKET_ERROR;
    }
    thread->Reserved = 0;
    return 0;
}

static int WSPAPI upcall__close_thread(LPWSATHREADID thread, LPINT lpErrno)
{
    if (!CloseHandle(thread->ThreadHandle)) {
        *lpErrno = WSAEINVAL;
        return SOCKET_ERROR;
    }
    return 0;
}

WSPUPCALLTABLE upcall_table(void)
{
    WSPUPCALLTABLE t = {
        upcall__close_event,
        upcall__close_socket_handle,
        upcall__create_event,
        upcall__create_socket_handle,
        upcall__fd_is_set,
        upcall__get_provider_path,
        upcall__modify_ifs_handle,
        upcall__post_message,
        upcall__query_blocking_callback,
        upcall__query_socket_handle_context,
        upcall__queue_apc,
        upcall__reset_event,
        upcall__set_event,
        upcall__open_current_thread,
        upcall__close_thread,
    };
    return t;
}

int WSPAPI upcall_complete_overlapped(SOCKET s, LPWSAOVERLAPPED ov, DWORD error, DWORD bytes,
                                      LPINT lpErrno)
{
    hostsock_t hs;
    if (!hostsock_find(s, &hs)) {
        *lpErrno = WSAENOTSOCK;
        return SOCKET_ERROR;
    }
    if (!ov) {
        *lpErrno = WSAEINVAL;
        return SOCKET_ERROR;
    }
    ov->Internal = error;
    ov->InternalHigh = bytes;
    /* The low bit of hEvent only asks that no completion packet be queued. */
    if (ov->hEvent)
        SetEvent((HANDLE)((ULONG_PTR)ov->hEvent & ~(ULONG_PTR)1));
    return 0;
}

LPWSATHREADID upcall_thread(void)
{
    static _Thread_local WSATHREADID id;
    static _Thread_local int opened;
    int err;
    if (!opened && upcall__open_current_thread(&id, &err) == 0)
        opened = 1;
    return &id;
}
