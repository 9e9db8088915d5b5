/* bench_base.dll: a base provider that answers WSPIoctl(FIONREAD) in
 * process, without a system call, so that a layer's own cost per call can be
 * measured against it (a Wine socket call costs 80-95 us, which would bury
 * it). Sockets are event handles registered as IFS handles; every other SPI
 * entry fails with WSAEOPNOTSUPP. For the benchmark only. */
#include <winsock2.h>
#include <ws2spi.h>

#include <string.h>

static WSPUPCALLTABLE bench_base__up;
static DWORD bench_base__entry;

#define BENCH_BASE__FAIL(ret)                                                                      \
    do {                                                                                           \
        *err = WSAEOPNOTSUPP;                                                                      \
        return ret;                                                                                \
    } while (0)

static SOCKET WSPAPI bench_base__socket(int af, int type, int protocol, LPWSAPROTOCOL_INFOW pi,
                                        GROUP g, DWORD flags, LPINT err)
{
    (void)af, (void)type, (void)protocol, (void)g, (void)flags;
    HANDLE h = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!h) {
        *err = WSAENOBUFS;
        return INVALID_SOCKET;
    }
    DWORD entry = pi ? pi->dwCatalogEntryId : bench_base__entry;
    SOCKET s = bench_base__up.lpWPUModifyIFSHandle(entry, (SOCKET)h, err);
    if (s == INVALID_SOCKET)
        CloseHandle(h);
    return s;
}

static int WSPAPI bench_base__close(SOCKET s, LPINT err)
{
    if (!CloseHandle((HANDLE)s)) {
        *err = WSAENOTSOCK;
        return SOCKET_ERROR;
    }
    return 0;
}

static int WSPAPI bench_base__ioctl(SOCKET s, DWORD code, LPVOID in, DWORD in_size, LPVOID out,
                                    DWORD out_size, LPDWORD bytes, LPWSAOVERLAPPED ov,
                                    LPWSAOVERLAPPED_COMPLETION_ROUTINE cr, LPWSATHREADID tid,
                                    LPINT err)
{
    (void)s, (void)in, (void)in_size, (void)ov, (void)cr, (void)tid;
    if (code != FIONREAD)
        BENCH_BASE__FAIL(SOCKET_ERROR);
    if (!out || out_size < sizeof(u_long) || !bytes) {
        *err = WSAEFAULT;
        return SOCKET_ERROR;
    }
    *(u_long *)out = 0;
    *bytes = sizeof(u_long);
    return 0;
}

static int WSPAPI bench_base__cleanup(LPINT err)
{
    (void)err;
    return 0;
}

static SOCKET WSPAPI bench_base__accept(SOCKET s, struct sockaddr *a, LPINT al, LPCONDITIONPROC c,
                                        DWORD_PTR d, LPINT err)
{
    (void)s, (void)a, (void)al, (void)c, (void)d;
    BENCH_BASE__FAIL(INVALID_SOCKET);
}
static INT WSPAPI bench_base__addr2str(LPSOCKADDR a, DWORD al, LPWSAPROTOCOL_INFOW pi, LPWSTR s,
                                       LPDWORD sl, LPINT err)
{
    (void)a, (void)al, (void)pi, (void)s, (void)sl;
    BENCH_BASE__FAIL(SOCKET_ERROR);
}
static int WSPAPI bench_base__asyncselect(SOCKET s, HWND w, unsigned m, LONG e, LPINT err)
{
    (void)s, (void)w, (void)m, (void)e;
    BENCH_BASE__FAIL(SOCKET_ERROR);
}
static int WSPAPI bench_base__bind(SOCKET s, const struct sockaddr *n, int nl, LPINT err)
{
    (void)s, (void)n, (void)nl;
    BENCH_BASE__FAIL(SOCKET_ERROR);
}
static int WSPAPI bench_base__cancel(LPINT err)
{
    BENCH_BASE__FAIL(SOCKET_ERROR);
}
static int WSPAPI bench_base__connect(SOCKET s, const struct sockaddr *n, int nl, LPWSABUF cd,
                                      LPWSABUF ce, LPQOS sq, LPQOS gq, LPINT err)
{
    (void)s, (void)n, (void)nl, (void)cd, (void)ce, (void)sq, (void)gq;
    BENCH_BASE__FAIL(SOCKET_ERROR);
}
static int WSPAPI bench_base__dup(SOCKET s, DWORD pid, LPWSAPROTOCOL_INFOW pi, LPINT err)
{
    (void)s, (void)pid, (void)pi;
    BENCH_BASE__FAIL(SOCKET_ERROR);
}
static int WSPAPI bench_base__enumevents(SOCKET s, WSAEVENT e, LPWSANETWORKEVENTS ne, LPINT err)
{
    (void)s, (void)e, (void)ne;
    BENCH_BASE__FAIL(SOCKET_ERROR);
}
static int WSPAPI bench_base__eventselect(SOCKET s, WSAEVENT e, LONG ne, LPINT err)
{
    (void)s, (void)e, (void)ne;
    BENCH_BASE__FAIL(SOCKET_ERROR);
}
static BOOL WSPAPI bench_base__ovresult(SOCKET s, LPWSAOVERLAPPED o, LPDWORD n, BOOL w, LPDWORD f,
                                        LPINT err)
{
    (void)s, (void)o, (void)n, (void)w, (void)f;
    BENCH_BASE__FAIL(FALSE);
}
static int WSPAPI bench_base__name(SOCKET s, struct sockaddr *n, LPINT nl, LPINT err)
{
    (void)s, (void)n, (void)nl;
    BENCH_BASE__FAIL(SOCKET_ERROR);
}
static int WSPAPI bench_base__getopt(SOCKET s, int l, int o, char *v, LPINT vl, LPINT err)
{
    (void)s, (void)l, (void)o, (void)v, (void)vl;
    BENCH_BASE__FAIL(SOCKET_ERROR);
}
static BOOL WSPAPI bench_base__qos(SOCKET s, LPWSABUF n, LPQOS q, LPINT err)
{
    (void)s, (void)n, (void)q;
    BENCH_BASE__FAIL(FALSE);
}
static SOCKET WSPAPI bench_base__join(SOCKET s, const struct sockaddr *n, int nl, LPWSABUF cd,
                                      LPWSABUF ce, LPQOS sq, LPQOS gq, DWORD f, LPINT err)
{
    (void)s, (void)n, (void)nl, (void)cd, (void)ce, (void)sq, (void)gq, (void)f;
    BENCH_BASE__FAIL(INVALID_SOCKET);
}
static int WSPAPI bench_base__listen(SOCKET s, int b, LPINT err)
{
    (void)s, (void)b;
    BENCH_BASE__FAIL(SOCKET_ERROR);
}
static int WSPAPI bench_base__recv(SOCKET s, LPWSABUF b, DWORD n, LPDWORD r, LPDWORD f,
                                   LPWSAOVERLAPPED o, LPWSAOVERLAPPED_COMPLETION_ROUTINE c,
                                   LPWSATHREADID t, LPINT err)
{
    (void)s, (void)b, (void)n, (void)r, (void)f, (void)o, (void)c, (void)t;
    BENCH_BASE__FAIL(SOCKET_ERROR);
}
static int WSPAPI bench_base__disc(SOCKET s, LPWSABUF d, LPINT err)
{
    (void)s, (void)d;
    BENCH_BASE__FAIL(SOCKET_ERROR);
}
static int WSPAPI bench_base__recvfrom(SOCKET s, LPWSABUF b, DWORD n, LPDWORD r, LPDWORD f,
                                       struct sockaddr *fr, LPINT fl, LPWSAOVERLAPPED o,
                                       LPWSAOVERLAPPED_COMPLETION_ROUTINE c, LPWSATHREADID t,
                                       LPINT err)
{
    (void)s, (void)b, (void)n, (void)r, (void)f, (void)fr, (void)fl, (void)o, (void)c, (void)t;
    BENCH_BASE__FAIL(SOCKET_ERROR);
}
static int WSPAPI bench_base__select(int n, fd_set *r, fd_set *w, fd_set *e, const PTIMEVAL t,
                                     LPINT err)
{
    (void)n, (void)r, (void)w, (void)e, (void)t;
    BENCH_BASE__FAIL(SOCKET_ERROR);
}
static int WSPAPI bench_base__send(SOCKET s, LPWSABUF b, DWORD n, LPDWORD r, DWORD f,
                                   LPWSAOVERLAPPED o, LPWSAOVERLAPPED_COMPLETION_ROUTINE c,
                                   LPWSATHREADID t, LPINT err)
{
    (void)s, (void)b, (void)n, (void)r, (void)f, (void)o, (void)c, (void)t;
    BENCH_BASE__FAIL(SOCKET_ERROR);
}
static int WSPAPI bench_base__sendto(SOCKET s, LPWSABUF b, DWORD n, LPDWORD r, DWORD f,
                                     const struct sockaddr *to, int tl, LPWSAOVERLAPPED o,
                                     LPWSAOVERLAPPED_COMPLETION_ROUTINE c, LPWSATHREADID t,
                                     LPINT err)
{
    (void)s, (void)b, (void)n, (void)r, (void)f, (void)to, (void)tl, (void)o, (void)c, (void)t;
    BENCH_BASE__FAIL(SOCKET_ERROR);
}
static int WSPAPI bench_base__setopt(SOCKET s, int l, int o, const char *v, int vl, LPINT err)
{
    (void)s, (void)l, (void)o, (void)v, (void)vl;
    BENCH_BASE__FAIL(SOCKET_ERROR);
}
static int WSPAPI bench_base__shutdown(SOCKET s, int h, LPINT err)
{
    (void)s, (void)h;
    BENCH_BASE__FAIL(SOCKET_ERROR);
}
static INT WSPAPI bench_base__str2addr(LPWSTR s, INT af, LPWSAPROTOCOL_INFOW pi, LPSOCKADDR a,
                                       LPINT al, LPINT err)
{
    (void)s, (void)af, (void)pi, (void)a, (void)al;
    BENCH_BASE__FAIL(SOCKET_ERROR);
}

int WSPAPI WSPStartup(WORD version, LPWSPDATA data, LPWSAPROTOCOL_INFOW pi, WSPUPCALLTABLE upcalls,
                      LPWSPPROC_TABLE t)
{
    static const WSPPROC_TABLE table = {
        bench_base__accept, bench_base__addr2str,   bench_base__asyncselect, bench_base__bind,
        bench_base__cancel, bench_base__cleanup,    bench_base__close,       bench_base__connect,
        bench_base__dup,    bench_base__enumevents, bench_base__eventselect, bench_base__ovresult,
        bench_base__name,   bench_base__name,       bench_base__getopt,      bench_base__qos,
        bench_base__ioctl,  bench_base__join,       bench_base__listen,      bench_base__recv,
        bench_base__disc,   bench_base__recvfrom,   bench_base__select,      bench_base__send,
        bench_base__disc,   bench_base__sendto,     bench_base__setopt,      bench_base__shutdown,
        bench_base__socket, bench_base__str2addr,
    };
    bench_base__up = upcalls;
    bench_base__entry = pi ? pi->dwCatalogEntryId : 0;
    memset(data, 0, sizeof *data);
    data->wVersion = version;
    data->wHighVersion = MAKEWORD(2, 2);
    wcscpy(data->szDescription, L"siotrace benchmark base provider");
    *t = table;
    return 0;
}
