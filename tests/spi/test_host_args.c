/* The base provider receives each application call through the host with the
 * application's own arguments (socket, code, buffer pointers and lengths,
 * overlapped, completion routine, thread), and its error comes back to the
 * application unchanged. */
#include "check.h"
#include "spitest.h"

#include <string.h>
#include <winsock2.h>
#include <ws2tcpip.h>

#define SENTINEL 0xbeef

static spitest_log_t log_;

/* The one record a single call left. */
static baselog_call_t last(LONG mark, baselog_fn_t fn)
{
    check(log_.next() == mark + 1);
    return spitest_find(&log_, mark, fn);
}

static void connected_pair(SOCKET *c, SOCKET *a)
{
    struct sockaddr_in sa = {0};
    int len = sizeof(sa);
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    check(l != INVALID_SOCKET);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    check(bind(l, (struct sockaddr *)&sa, sizeof(sa)) == 0);
    check(getsockname(l, (struct sockaddr *)&sa, &len) == 0);
    check(listen(l, 1) == 0);
    *c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    check(*c != INVALID_SOCKET);
    check(connect(*c, (struct sockaddr *)&sa, sizeof(sa)) == 0);
    *a = accept(l, NULL, NULL);
    check(*a != INVALID_SOCKET);
    check(closesocket(l) == 0);
}

static void test_socket_bind_opts(void)
{
    struct sockaddr_in sa = {0};
    int v = 1, len = sizeof(v);
    LONG mark;
    baselog_call_t r;

    SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    check(s != INVALID_SOCKET);
    log_ = spitest_log();
    r = spitest_find(&log_, 0, BASELOG_Startup);
    check(r.code == MAKEWORD(2, 2) && r.arg == 1002); /* started for MSAFD Tcpip [UDP/IP] */
    r = spitest_find(&log_, 0, BASELOG_Socket);
    check(r.result == (INT_PTR)s && r.code == SOCK_DGRAM);
    check(r.arg == ((AF_INET << 16) | IPPROTO_UDP) && r.in_len == WSA_FLAG_OVERLAPPED &&
          r.in != NULL);
    check(r.tid == GetCurrentThreadId());

    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    mark = log_.next();
    check(bind(s, (struct sockaddr *)&sa, sizeof(sa)) == 0);
    r = last(mark, BASELOG_Bind);
    check(r.s == s && r.in == &sa && r.in_len == sizeof(sa) && r.result == 0 && r.error == 0);

    mark = log_.next();
    check(setsockopt(s, SOL_SOCKET, SO_BROADCAST, (char *)&v, sizeof(v)) == 0);
    r = last(mark, BASELOG_SetSockOpt);
    check(r.s == s && r.arg == SOL_SOCKET && r.code == SO_BROADCAST && r.in == &v &&
          r.in_len == sizeof(v));

    v = 0;
    mark = log_.next();
    check(getsockopt(s, SOL_SOCKET, SO_BROADCAST, (char *)&v, &len) == 0 && v == 1);
    r = last(mark, BASELOG_GetSockOpt);
    check(r.out == &v && r.out_len == sizeof(v) && r.count == &len && r.bytes == sizeof(v));

    /* An error is the provider's, to the letter. */
    mark = log_.next();
    WSASetLastError(SENTINEL);
    check(getsockopt(s, SOL_SOCKET, 0x7777, (char *)&v, &len) == SOCKET_ERROR);
    r = last(mark, BASELOG_GetSockOpt);
    check(r.error != 0 && WSAGetLastError() == r.error);

    mark = log_.next();
    check(closesocket(s) == 0);
    r = last(mark, BASELOG_CloseSocket);
    check(r.s == s);
}

static void test_ioctl(SOCKET c, SOCKET a)
{
    u_long n = 0;
    DWORD bytes = 0;
    LONG mark;
    baselog_call_t r;

    check(send(c, "12345", 5, 0) == 5);
    Sleep(50);
    mark = log_.next();
    check(WSAIoctl(a, FIONREAD, NULL, 0, &n, sizeof(n), &bytes, NULL, NULL) == 0);
    check(n == 5 && bytes == sizeof(n));
    r = last(mark, BASELOG_Ioctl);
    check(r.s == a && r.code == FIONREAD && r.in == NULL && r.in_len == 0);
    check(r.out == &n && r.out_len == sizeof(n) && r.count == &bytes && r.bytes == sizeof(n));
    check(r.ov == NULL && r.cr == NULL && r.thread != NULL && r.tid == GetCurrentThreadId());

    /* ioctlsocket is WSAIoctl with the one argument as input and output. */
    mark = log_.next();
    check(ioctlsocket(a, FIONREAD, &n) == 0 && n == 5);
    r = last(mark, BASELOG_Ioctl);
    check(r.in == &n && r.out == &n && r.in_len == sizeof(n) && r.out_len == sizeof(n));

    mark = log_.next();
    WSASetLastError(SENTINEL);
    check(WSAIoctl(a, FIONREAD, NULL, 0, &n, sizeof(n), NULL, NULL, NULL) == SOCKET_ERROR);
    check(WSAGetLastError() == WSAEFAULT);
    r = last(mark, BASELOG_Ioctl);
    check(r.count == NULL && r.result == SOCKET_ERROR && r.error == WSAEFAULT);
}

static DWORD routine_bytes, routine_error;
static int routine_calls;
static void CALLBACK on_recv(DWORD error, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags)
{
    (void)ov;
    (void)flags;
    routine_error = error;
    routine_bytes = bytes;
    routine_calls++;
}

static void test_data(SOCKET c, SOCKET a)
{
    char one[3] = "ab", two[4] = "cde", in[16];
    WSABUF out[2] = {{2, one}, {3, two}}, rb = {sizeof(in), in};
    WSAOVERLAPPED ov;
    DWORD sent = 0, got = 0, flags = 0;
    LONG mark;
    baselog_call_t r;
    char drain[16];

    check(recv(a, drain, sizeof(drain), 0) == 5); /* what test_ioctl left */

    /* An overlapped receive with a completion routine, completed by an APC. */
    memset(&ov, 0, sizeof(ov));
    mark = log_.next();
    int rr = WSARecv(a, &rb, 1, &got, &flags, &ov, on_recv);
    check(rr == 0 || WSAGetLastError() == WSA_IO_PENDING);
    r = last(mark, BASELOG_Recv);
    check(r.s == a && r.out == &rb && r.out_len == 1 && r.ov == &ov && r.cr == on_recv);
    check(r.count == &got && r.thread != NULL);

    mark = log_.next();
    check(WSASend(c, out, 2, &sent, 0, NULL, NULL) == 0 && sent == 5);
    r = last(mark, BASELOG_Send);
    check(r.s == c && r.in == out && r.in_len == 2 && r.code == 0 && r.count == &sent &&
          r.bytes == 5);
    check(r.ov == NULL && r.cr == NULL);

    check(SleepEx(2000, TRUE) == WAIT_IO_COMPLETION);
    check(routine_calls == 1 && routine_error == 0 && routine_bytes == 5);
    check(memcmp(in, "abcde", 5) == 0);
}

static DWORD WINAPI other_thread(LPVOID arg)
{
    u_long n;
    DWORD bytes;
    return WSAIoctl(*(SOCKET *)arg, FIONREAD, NULL, 0, &n, sizeof(n), &bytes, NULL, NULL) == 0 ? 0
                                                                                               : 1;
}

static void test_thread(SOCKET a)
{
    DWORD tid, code = 9;
    LONG mark = log_.next();
    HANDLE t = CreateThread(NULL, 0, other_thread, &a, 0, &tid);
    baselog_call_t mine, theirs;
    u_long n;
    DWORD bytes;

    check(t != NULL);
    check(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0 && GetExitCodeThread(t, &code) &&
          code == 0);
    CloseHandle(t);
    theirs = last(mark, BASELOG_Ioctl);
    check(theirs.tid == tid);
    mark = log_.next();
    check(WSAIoctl(a, FIONREAD, NULL, 0, &n, sizeof(n), &bytes, NULL, NULL) == 0);
    mine = last(mark, BASELOG_Ioctl);
    /* Each thread passes its own WSATHREADID. */
    check(mine.thread != theirs.thread && mine.tid == GetCurrentThreadId());
}

int main(void)
{
    WSADATA wsa;
    SOCKET c, a;

    spitest_catalog("host_args");
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    test_socket_bind_opts();
    connected_pair(&c, &a);
    test_ioctl(c, a);
    test_data(c, a);
    test_thread(a);
    check(closesocket(c) == 0 && closesocket(a) == 0);

    /* One WSPCleanup per WSPStartup, at the last WSACleanup only. */
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    LONG mark = log_.next();
    check(WSACleanup() == 0 && spitest_count(&log_, mark, BASELOG_Cleanup) == 0);
    check(WSACleanup() == 0);
    check(spitest_count(&log_, mark, BASELOG_Cleanup) == spitest_count(&log_, 0, BASELOG_Startup));
    printf("host arguments: ok\n");
    return 0;
}
