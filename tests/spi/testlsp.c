/* siot_testlsp.dll: the smallest IFS layered provider, to test the host's
 * layered path before and beside siotrace. It finds its place in the chain
 * and the provider after it as an LSP must (WSCEnumProtocols,
 * WSCGetProviderPath, LoadLibrary: under the host these reach the model only
 * through the patched import table), starts it (a base provider with its own
 * entry, another layer with the chain), returns its proc table with
 * WSPSocket, WSPAccept, WSPIoctl, WSPDuplicateSocket (the duplicate names
 * its chain, as in the SDK sample) and WSPCleanup replaced, and registers each
 * socket with WPUModifyIFSHandle. On request it creates sockets inside its
 * first WSPStartup, as some LSPs (or DLLs they load) do, or starts the
 * provider after it once for all its chains, as the SDK's sample LSP does.
 *
 * Beneath another layer it plays the part of Windows for the capture codes,
 * which Wine refuses: SIO_RCVALL and kin succeed with a mode (the first 4
 * input bytes) up to RCVALL_IPLEVEL, fail with WSAEINVAL for another mode
 * and with WSAEFAULT for a short or unreadable input; with an overlapped
 * they are pending, and completed at once (WPUCompleteOverlappedRequest).
 * 0x9800000D on a stream socket is SIO_SOCKET_CLOSE_NOTIFY there and goes
 * down. */
#include "testlsp.h"

#include <mstcpip.h>

#include <stdlib.h>

#define TESTLSP_MAX 16

typedef struct testlsp_lower_t {
    GUID chain; /* the chain entry it was started for */
    DWORD chain_id;
    WSPPROC_TABLE procs;
    int started;            /* its own start of the lower provider, owed a WSPCleanup */
    WSAPROTOCOL_INFOW info; /* the chain entry, as a duplicate is to name it */
} testlsp_lower_t;

static SRWLOCK testlsp__lock = SRWLOCK_INIT;
static testlsp_lower_t testlsp__lower[TESTLSP_MAX];
static LONG testlsp__nlower;
static WSPUPCALLTABLE testlsp__upcalls;
static testlsp_stats_t testlsp__stats;

/* The lower provider started for chain `chain_id`. Every chain of this test
 * sits on the same base provider DLL, whose proc table is one: calls without a
 * chain at hand take the first. */
static testlsp_lower_t *testlsp__for(DWORD chain_id)
{
    LONG i;
    for (i = 0; i < testlsp__nlower; i++)
        if (testlsp__lower[i].chain_id == chain_id)
            return &testlsp__lower[i];
    return testlsp__nlower ? &testlsp__lower[0] : NULL;
}

static SOCKET WSPAPI testlsp__socket(int af, int type, int protocol, LPWSAPROTOCOL_INFOW info,
                                     GROUP g, DWORD flags, LPINT lpErrno)
{
    testlsp_lower_t *l = testlsp__for(info ? info->dwCatalogEntryId : 0);
    SOCKET s = l->procs.lpWSPSocket(af, type, protocol, info, g, flags, lpErrno);
    InterlockedIncrement(&testlsp__stats.sockets);
    if (s == INVALID_SOCKET)
        return s;
    return testlsp__upcalls.lpWPUModifyIFSHandle(l->chain_id, s, lpErrno);
}

static SOCKET WSPAPI testlsp__accept(SOCKET s, struct sockaddr *addr, LPINT addrlen,
                                     LPCONDITIONPROC cond, DWORD_PTR data, LPINT lpErrno)
{
    testlsp_lower_t *l = testlsp__for(0);
    SOCKET a = l->procs.lpWSPAccept(s, addr, addrlen, cond, data, lpErrno);
    if (a == INVALID_SOCKET)
        return a;
    InterlockedIncrement(&testlsp__stats.sockets);
    return testlsp__upcalls.lpWPUModifyIFSHandle(l->chain_id, a, lpErrno);
}

static int testlsp__stream(SOCKET s)
{
    int type = 0, len = sizeof type, err;
    return testlsp__for(0)->procs.lpWSPGetSockOpt(s, SOL_SOCKET, SO_TYPE, (char *)&type, &len,
                                                  &err) == 0 &&
           type == SOCK_STREAM;
}

static int testlsp__capture(SOCKET s, DWORD code)
{
    switch (code) {
    case SIO_RCVALL:
    case SIO_RCVALL_MCAST:
    case SIO_RCVALL_IGMPMCAST:
    case SIO_RCVALL_IF:
        return 1;
    case SIO_RCVALL_MCAST_IF:
        return !testlsp__stream(s);
    default:
        return 0;
    }
}

static int testlsp__rcvall(SOCKET s, LPVOID in, DWORD inlen, LPDWORD bytes, LPWSAOVERLAPPED ov,
                           LPINT lpErrno)
{
    DWORD mode = 0;
    /* Wine's ReadProcessMemory reads a PAGE_NOACCESS page of its own process. */
    if (inlen < sizeof mode || !in || IsBadReadPtr(in, sizeof mode))
        *lpErrno = WSAEFAULT;
    else if ((mode = *(const DWORD *)in) > RCVALL_IPLEVEL)
        *lpErrno = WSAEINVAL;
    else
        *lpErrno = 0;
    if (bytes)
        *bytes = 0;
    if (ov) {
        int ignored;
        WPUCompleteOverlappedRequest(s, ov, (DWORD)*lpErrno, 0, &ignored);
        *lpErrno = WSA_IO_PENDING;
    }
    return *lpErrno ? SOCKET_ERROR : 0;
}

static int WSPAPI testlsp__ioctl(SOCKET s, DWORD code, LPVOID in, DWORD inlen, LPVOID out,
                                 DWORD outlen, LPDWORD bytes, LPWSAOVERLAPPED ov,
                                 LPWSAOVERLAPPED_COMPLETION_ROUTINE cr, LPWSATHREADID thread,
                                 LPINT lpErrno)
{
    InterlockedIncrement(&testlsp__stats.ioctls);
    if (testlsp__stats.chain_len > 2 && testlsp__capture(s, code))
        return testlsp__rcvall(s, in, inlen, bytes, ov, lpErrno);
    return testlsp__for(0)->procs.lpWSPIoctl(s, code, in, inlen, out, outlen, bytes, ov, cr, thread,
                                             lpErrno);
}

/* As the SDK sample: the duplicate names this layer's chain (the first
 * one: the tests duplicate sockets of that chain only). */
static int WSPAPI testlsp__duplicate(SOCKET s, DWORD pid, LPWSAPROTOCOL_INFOW info, LPINT lpErrno)
{
    testlsp_lower_t *l = testlsp__for(0);
    int r = l->procs.lpWSPDuplicateSocket(s, pid, info, lpErrno);
    if (r == 0) {
        info->dwCatalogEntryId = l->info.dwCatalogEntryId;
        info->ProviderId = l->info.ProviderId;
        info->ProtocolChain = l->info.ProtocolChain;
    }
    return r;
}

static int WSPAPI testlsp__cleanup(LPINT lpErrno)
{
    int r = 0;
    AcquireSRWLockExclusive(&testlsp__lock);
    testlsp__stats.cleanups++;
    /* Each start started one lower provider: the last cleanup ends them all. */
    if (testlsp__stats.cleanups == testlsp__stats.startups) {
        for (LONG i = 0; i < testlsp__nlower; i++)
            if (testlsp__lower[i].started && testlsp__lower[i].procs.lpWSPCleanup(lpErrno) != 0)
                r = SOCKET_ERROR;
        testlsp__nlower = 0;
    }
    ReleaseSRWLockExclusive(&testlsp__lock);
    return r;
}

/* The catalog, through whatever WSCEnumProtocols this module's imports reach. */
static WSAPROTOCOL_INFOW *testlsp__catalog(int *n)
{
    DWORD len = 0;
    int err;
    WSAPROTOCOL_INFOW *all;
    if (WSCEnumProtocols(NULL, NULL, &len, &err) != SOCKET_ERROR || err != WSAENOBUFS)
        return NULL;
    all = malloc(len);
    if (all && (*n = WSCEnumProtocols(NULL, all, &len, &err)) == SOCKET_ERROR) {
        free(all);
        return NULL;
    }
    return all;
}

/* SIOT_TESTLSP_LOWER_START: unset, each chain starts the provider after
 * this layer; "first", only the first chain does, and every chain then uses
 * that start (as the SDK sample does for chains whose next entry is one
 * provider); "entry", the same, started with that provider's own entry. */
static int testlsp__lower_mode(const char *mode)
{
    char v[16];
    DWORD n = GetEnvironmentVariableA("SIOT_TESTLSP_LOWER_START", v, sizeof v);
    return n > 0 && n < sizeof v && lstrcmpA(v, mode) == 0;
}

static WSAPROTOCOL_INFOW *testlsp__entry(WSAPROTOCOL_INFOW *all, int n, DWORD id)
{
    for (int i = 0; all && i < n; i++)
        if (all[i].dwCatalogEntryId == id)
            return &all[i];
    return NULL;
}

/* The expanded DLL path of entry e in out (MAX_PATH). */
static int testlsp__path(const WSAPROTOCOL_INFOW *e, WCHAR *out)
{
    WCHAR path[MAX_PATH];
    int len = MAX_PATH, err;
    GUID id = e->ProviderId;
    DWORD k;
    if (WSCGetProviderPath(&id, path, &len, &err) != 0)
        return 0;
    k = ExpandEnvironmentStringsW(path, out, MAX_PATH);
    return k > 0 && k <= MAX_PATH;
}

/* This layer's index in the chain: the first layered entry whose DLL is
 * this one. -1 if none. */
static int testlsp__locate(WSAPROTOCOL_INFOW *all, int n, const WSAPROTOCOL_INFOW *chain)
{
    WCHAR self[MAX_PATH], path[MAX_PATH];
    HMODULE me = NULL;
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                                GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                            (LPCWSTR)(void *)testlsp__locate, &me) ||
        GetModuleFileNameW(me, self, MAX_PATH) == 0)
        return -1;
    for (int i = 0; i + 1 < chain->ProtocolChain.ChainLen; i++) {
        const WSAPROTOCOL_INFOW *e = testlsp__entry(all, n, chain->ProtocolChain.ChainEntries[i]);
        if (e && e->ProtocolChain.ChainLen == LAYERED_PROTOCOL && testlsp__path(e, path) &&
            lstrcmpiW(path, self) == 0)
            return i;
    }
    return -1;
}

/* Starts the provider after this layer in `chain`. */
static int testlsp__start_lower(const WSAPROTOCOL_INFOW *chain, testlsp_lower_t *l)
{
    WCHAR path[MAX_PATH];
    int n = 0, at, err = WSAEPROVIDERFAILEDINIT;
    WSAPROTOCOL_INFOW *all = testlsp__catalog(&n), *next = NULL;
    WSAPROTOCOL_INFOW info = *chain;
    LPWSPSTARTUP startup;
    HMODULE m;
    WSPDATA data;

    at = all ? testlsp__locate(all, n, chain) : -1;
    if (at >= 0) {
        testlsp__stats.layered_found = 1;
        next = testlsp__entry(all, n, chain->ProtocolChain.ChainEntries[at + 1]);
    }
    /* A base provider gets its own entry; another layer the chain, or with
     * SIOT_TESTLSP_LOWER_START=entry its own catalog entry, which holds no
     * chain at all. */
    if (next && (next->ProtocolChain.ChainLen == BASE_PROTOCOL || testlsp__lower_mode("entry")))
        info = *next;
    if (next && testlsp__path(next, path) && (m = LoadLibraryW(path)) &&
        (startup = (LPWSPSTARTUP)(void (*)(void))GetProcAddress(m, "WSPStartup")))
        err = startup(MAKEWORD(2, 2), &data, &info, testlsp__upcalls, &l->procs);
    free(all);
    return err;
}

static int testlsp__startup_socket(int type, int protocol)
{
    SOCKET s = socket(AF_INET, type, protocol);
    if (s == INVALID_SOCKET)
        return WSAGetLastError();
    closesocket(s);
    return 0;
}

/* Once, outside the lock: the sockets re-enter Winsock, and through it this
 * layer's own WSPStartup for the chains they need. */
static void testlsp__startup_sockets(void)
{
    static LONG done;
    if (!GetEnvironmentVariableW(L"SIOT_TESTLSP_STARTUP_SOCKETS", NULL, 0) ||
        InterlockedExchange(&done, 1))
        return;
    int tcp = testlsp__startup_socket(SOCK_STREAM, IPPROTO_TCP);
    int udp = testlsp__startup_socket(SOCK_DGRAM, IPPROTO_UDP);
    AcquireSRWLockExclusive(&testlsp__lock);
    testlsp__stats.startup_tcp_err = tcp;
    testlsp__stats.startup_udp_err = udp;
    testlsp__stats.startup_sockets = 1;
    ReleaseSRWLockExclusive(&testlsp__lock);
}

int WSPAPI WSPStartup(WORD version, LPWSPDATA data, LPWSAPROTOCOL_INFOW info,
                      WSPUPCALLTABLE upcalls, LPWSPPROC_TABLE procs)
{
    testlsp_lower_t *l;
    int err;

    AcquireSRWLockExclusive(&testlsp__lock);
    testlsp__stats.chain_len = info->ProtocolChain.ChainLen;
    testlsp__upcalls = upcalls;
    err = testlsp__nlower == TESTLSP_MAX ? WSAENOBUFS : 0;
    if (!err) {
        l = &testlsp__lower[testlsp__nlower];
        l->chain = info->ProviderId;
        l->chain_id = info->dwCatalogEntryId;
        l->info = *info;
        l->started = !(testlsp__nlower > 0 &&
                       (testlsp__lower_mode("first") || testlsp__lower_mode("entry")));
        if (l->started)
            err = testlsp__start_lower(info, l);
        else
            l->procs = testlsp__lower[0].procs;
    }
    if (!err) {
        testlsp__stats.startups++;
        testlsp__nlower++;
        *procs = l->procs;
        procs->lpWSPSocket = testlsp__socket;
        procs->lpWSPAccept = testlsp__accept;
        procs->lpWSPIoctl = testlsp__ioctl;
        procs->lpWSPCleanup = testlsp__cleanup;
        procs->lpWSPDuplicateSocket = testlsp__duplicate;
        data->wVersion = data->wHighVersion = MAKEWORD(2, 2);
        lstrcpynW(data->szDescription, L"siotrace test layered provider", WSPDESCRIPTION_LEN + 1);
    }
    (void)version;
    ReleaseSRWLockExclusive(&testlsp__lock);
    if (!err)
        testlsp__startup_sockets();
    return err;
}

void WINAPI testlsp_stats(testlsp_stats_t *out)
{
    AcquireSRWLockShared(&testlsp__lock);
    *out = testlsp__stats;
    ReleaseSRWLockShared(&testlsp__lock);
}
