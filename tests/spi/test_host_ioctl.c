/* WSAIoctl through the host gives what WSAIoctl gives directly on Wine's
 * ws2_32 for the same socket: return value, error, bytes returned and output
 * bytes; for codes Wine implements and codes it refuses, synchronous and
 * overlapped. */
#include "check.h"
#include "spitest.h"

#include <mstcpip.h>
#include <mswsock.h>
#include <string.h>
#include <winsock2.h>
#include <ws2tcpip.h>

#define SENTINEL 0xbeef

typedef int(WSAAPI *ioctl_fn)(SOCKET, DWORD, LPVOID, DWORD, LPVOID, DWORD, LPDWORD, LPWSAOVERLAPPED,
                              LPWSAOVERLAPPED_COMPLETION_ROUTINE);
typedef WINBOOL(WSAAPI *result_fn)(SOCKET, LPWSAOVERLAPPED, LPDWORD, WINBOOL, LPDWORD);

static ioctl_fn direct_ioctl;
static result_fn direct_result;

typedef struct outcome_t {
    int ret, err;
    DWORD bytes;
    unsigned char out[512];
} outcome_t;

typedef struct ioctl_case_t {
    const char *name;
    DWORD code;
    const void *in;
    DWORD inlen, outlen;
    int overlapped;
    int null_bytes;
} ioctl_case_t;

static outcome_t run(ioctl_fn fn, result_fn res, SOCKET s, const ioctl_case_t *c)
{
    outcome_t o;
    unsigned char in[64];
    WSAOVERLAPPED ov;
    DWORD flags = 0;

    memset(&o, 0xcc, sizeof(o));
    if (c->inlen)
        memcpy(in, c->in, c->inlen);
    memset(&ov, 0, sizeof(ov));
    ov.hEvent = WSACreateEvent();
    WSASetLastError(SENTINEL);
    o.ret = fn(s, c->code, c->inlen ? in : NULL, c->inlen, c->outlen ? o.out : NULL, c->outlen,
               c->null_bytes ? NULL : &o.bytes, c->overlapped ? &ov : NULL, NULL);
    o.err = o.ret == SOCKET_ERROR ? WSAGetLastError() : 0;
    if (o.err == WSA_IO_PENDING) {
        /* Wine completes the codes it refuses without signalling the event:
         * give it a moment, then ask. */
        WaitForSingleObject(ov.hEvent, 200);
        WSASetLastError(SENTINEL);
        o.ret = res(s, &ov, &o.bytes, FALSE, &flags) ? 0 : SOCKET_ERROR;
        o.err = o.ret == SOCKET_ERROR ? WSAGetLastError() : WSA_IO_PENDING;
    }
    WSACloseEvent(ov.hEvent);
    return o;
}

static void compare(SOCKET s, const ioctl_case_t *c, spitest_log_t *log)
{
    LONG mark = log->next();
    outcome_t host = run(WSAIoctl, WSAGetOverlappedResult, s, c);
    baselog_call_t r = spitest_find(log, mark, BASELOG_Ioctl);
    outcome_t wine = run(direct_ioctl, direct_result, s, c);

    check(r.s == s && r.code == c->code && r.in_len == c->inlen && r.out_len == c->outlen);
    check((r.count == NULL) == (c->null_bytes != 0) && (r.ov == NULL) == !c->overlapped);
    if (host.ret != wine.ret || host.err != wine.err || host.bytes != wine.bytes ||
        (host.ret == 0 && memcmp(host.out, wine.out, host.bytes) != 0)) {
        fprintf(
            stderr,
            "%s: base ret %d err %d; host ret %d err %d bytes %lu; wine ret %d err %d bytes %lu\n",
            c->name, (int)r.result, r.error, host.ret, host.err, (unsigned long)host.bytes,
            wine.ret, wine.err, (unsigned long)wine.bytes);
        exit(1);
    }
    printf("%-40s ret %2d  err %5d  bytes %lu\n", c->name, host.ret, host.err,
           (unsigned long)host.bytes);
}

int main(void)
{
    WSADATA wsa;
    struct sockaddr_in sa = {0};
    int len = sizeof(sa);
    HMODULE ws2 = LoadLibraryW(L"ws2_32.dll");
    GUID connectex = WSAID_CONNECTEX, bogus = {1, 2, 3, {4}};
    struct tcp_keepalive ka = {1, 7200000, 1000};
    u_long zero = 0;
    struct sockaddr_in dest = {0};

    direct_ioctl = (ioctl_fn)(void (*)(void))GetProcAddress(ws2, "WSAIoctl");
    direct_result = (result_fn)(void (*)(void))GetProcAddress(ws2, "WSAGetOverlappedResult");
    check(direct_ioctl && direct_result);

    spitest_catalog("host_ioctl");
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), c, a, u;
    check(l != INVALID_SOCKET);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    check(bind(l, (struct sockaddr *)&sa, sizeof(sa)) == 0);
    check(getsockname(l, (struct sockaddr *)&sa, &len) == 0 && listen(l, 1) == 0);
    c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    check(connect(c, (struct sockaddr *)&sa, sizeof(sa)) == 0);
    a = accept(l, NULL, NULL);
    check(a != INVALID_SOCKET);
    check(send(c, "pending", 7, 0) == 7);
    Sleep(50);
    u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    check(u != INVALID_SOCKET);
    dest.sin_family = AF_INET;
    dest.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    const ioctl_case_t stream[] = {
        {"FIONREAD", FIONREAD, NULL, 0, 4, 0, 0},
        {"FIONREAD, lpcbBytesReturned NULL", FIONREAD, NULL, 0, 4, 0, 1},
        {"FIONREAD, output too short", FIONREAD, NULL, 0, 2, 0, 0},
        {"FIONBIO", FIONBIO, &zero, 4, 0, 0, 0},
        {"SIOCATMARK", SIOCATMARK, NULL, 0, 4, 0, 0},
        {"SIO_BASE_HANDLE", SIO_BASE_HANDLE, NULL, 0, sizeof(SOCKET), 0, 0},
        {"SIO_BASE_HANDLE, output too short", SIO_BASE_HANDLE, NULL, 0, 4, 0, 0},
        {"SIO_BASE_HANDLE, overlapped", SIO_BASE_HANDLE, NULL, 0, sizeof(SOCKET), 1, 0},
        {"SIO_BSP_HANDLE", SIO_BSP_HANDLE, NULL, 0, sizeof(SOCKET), 0, 0},
        {"SIO_BSP_HANDLE_SELECT", SIO_BSP_HANDLE_SELECT, NULL, 0, sizeof(SOCKET), 0, 0},
        {"SIO_BSP_HANDLE_POLL", SIO_BSP_HANDLE_POLL, NULL, 0, sizeof(SOCKET), 0, 0},
        {"SIO_BSP_HANDLE, overlapped", SIO_BSP_HANDLE, NULL, 0, sizeof(SOCKET), 1, 0},
        {"SIO_KEEPALIVE_VALS", SIO_KEEPALIVE_VALS, &ka, sizeof(ka), 0, 0, 0},
        {"SIO_GET_EXTENSION_FUNCTION_POINTER ConnectEx", SIO_GET_EXTENSION_FUNCTION_POINTER,
         &connectex, sizeof(connectex), sizeof(void *), 0, 0},
        {"SIO_GET_EXTENSION_FUNCTION_POINTER unknown", SIO_GET_EXTENSION_FUNCTION_POINTER, &bogus,
         sizeof(bogus), sizeof(void *), 0, 0},
        {"SIO_ADDRESS_LIST_QUERY", SIO_ADDRESS_LIST_QUERY, NULL, 0, 512, 0, 0},
        {"SIO_ADDRESS_LIST_QUERY, output too short", SIO_ADDRESS_LIST_QUERY, NULL, 0, 4, 0, 0},
        {"SIO_GET_INTERFACE_LIST", SIO_GET_INTERFACE_LIST, NULL, 0, 512, 0, 0},
        {"SIO_ROUTING_INTERFACE_QUERY", SIO_ROUTING_INTERFACE_QUERY, &dest, sizeof(dest), 64, 0, 0},
        {"SIO_RCVALL", SIO_RCVALL, &zero, 4, 0, 0, 0},
        {"SIO_RCVALL, overlapped", SIO_RCVALL, &zero, 4, 0, 1, 0},
        {"0xdeadbeef", 0xdeadbeef, NULL, 0, 0, 0, 0},
    };
    const ioctl_case_t dgram[] = {
        {"SIO_UDP_CONNRESET", SIO_UDP_CONNRESET, &zero, 4, 0, 0, 0},
        {"FIONREAD (UDP)", FIONREAD, NULL, 0, 4, 0, 0},
    };

    spitest_log_t log = spitest_log();
    for (size_t i = 0; i < sizeof(stream) / sizeof(stream[0]); i++)
        compare(a, &stream[i], &log);
    for (size_t i = 0; i < sizeof(dgram) / sizeof(dgram[0]); i++)
        compare(u, &dgram[i], &log);

    /* SIO_BASE_HANDLE names the very socket the application holds: the base
     * provider's own AFD handle. */
    SOCKET base = INVALID_SOCKET;
    DWORD bytes = 0;
    check(WSAIoctl(a, SIO_BASE_HANDLE, NULL, 0, &base, sizeof(base), &bytes, NULL, NULL) == 0);
    check(base == a && bytes == sizeof(base));

    check(closesocket(u) == 0 && closesocket(a) == 0 && closesocket(c) == 0 && closesocket(l) == 0);
    check(WSACleanup() == 0);
    printf("host ioctls equal Wine's: ok\n");
    return 0;
}
