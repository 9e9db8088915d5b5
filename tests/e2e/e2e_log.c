/* 17. The log says exactly what happened, one well-formed line per call:
 * a scripted sequence of IOCTLs, each line checked field by field against
 * the call as the program made it and saw it return; then 8 threads issuing
 * IOCTLs while creating and closing sockets at once: the number of lines is
 * exact, per thread too, and no line is torn.
 * usage: e2e_log LOG_DIR */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mstcpip.h>
#include <mswsock.h>

#include <string.h>

#include "e2e.h"

#define THREADS         8
#define ROUNDS          150
#define CALLS_PER_ROUND 3

/* What one scripted call did, as the program saw it. */
typedef struct call {
    const char *name;
    DWORD code;
    SOCKET s;
    const char *af, *socktype, *protocol;
    int ret, err;
    DWORD bytes;
    bool overlapped;
    void (*verify)(const struct call *, const jdoc_t *);
    char text[64]; /* a decoded value the line must show */
    long long num[3];
} call_t;

static call_t calls[32];
static int ncalls;

static const char *tcp4[3] = {"AF_INET", "SOCK_STREAM", "IPPROTO_TCP"};
static const char *udp4[3] = {"AF_INET", "SOCK_DGRAM", "IPPROTO_UDP"};

static call_t *ioctl_call(const char *name, SOCKET s, const char **kind, DWORD code, void *in,
                          DWORD in_size, void *out, DWORD out_size, WSAOVERLAPPED *ov)
{
    call_t *c = &calls[ncalls++];
    c->name = name;
    c->code = code;
    c->s = s;
    c->af = kind[0];
    c->socktype = kind[1];
    c->protocol = kind[2];
    c->bytes = 0xdeadbeef;
    c->overlapped = ov != NULL;
    WSASetLastError(0xdeadbeef);
    c->ret = WSAIoctl(s, code, in, in_size, out, out_size, &c->bytes, ov, NULL);
    c->err = c->ret ? WSAGetLastError() : 0;
    return c;
}

static const char *error_name(int err)
{
    switch (err) {
    case WSAEFAULT:
        return "WSAEFAULT";
    case WSAEINVAL:
        return "WSAEINVAL";
    case WSAEOPNOTSUPP:
        return "WSAEOPNOTSUPP";
    case WSAEWOULDBLOCK:
        return "WSAEWOULDBLOCK";
    case WSA_IO_PENDING:
        return "WSA_IO_PENDING";
    case WSAENOPROTOOPT:
        return "WSAENOPROTOOPT";
    default:
        return NULL;
    }
}

static void hex(char *out, size_t n, unsigned long long v, int digits)
{
    snprintf(out, n, "0x%0*llX", digits, v);
}

/* What every line must say of its call. */
static void check_common(const call_t *c, const jdoc_t *d)
{
    char want[64];
    long long v = 0;
    checkf(jdoc_str_is(d, "name", c->name), "%s", c->name);
    hex(want, sizeof want, c->code, 8);
    check(jdoc_str_is(d, "code", want));
    hex(want, sizeof want, (unsigned long long)c->s, (int)sizeof(void *) * 2);
    check(jdoc_str_is(d, "socket", want));
    check(jdoc_str_is(d, "af", c->af));
    check(jdoc_str_is(d, "socktype", c->socktype));
    check(jdoc_str_is(d, "protocol", c->protocol));
    check(jdoc_int(d, "pid", &v) && v == (long long)GetCurrentProcessId());
    check(jdoc_int(d, "tid", &v) && v == (long long)GetCurrentThreadId());
    check(jdoc_int(d, "ret", &v) && v == c->ret);
    if (c->ret == 0) {
        check(jdoc_is_null(d, "error"));
    } else {
        checkf(jdoc_int(d, "errno", &v) && v == c->err, "%s: logged %lld, returned %d", c->name, v,
               c->err);
        if (error_name(c->err))
            checkf(jdoc_str_is(d, "error", error_name(c->err)), "%s: %d", c->name, c->err);
    }
    check(jdoc_int(d, "bytes", &v) && v == (long long)c->bytes);
    const jnode_t *ov = jdoc_get(d, "overlapped"), *pend = jdoc_get(d, "pending");
    check(ov && ov->type == JNODE_BOOL && (ov->text[0] == 't') == c->overlapped);
    bool pending = c->ret != 0 && c->err == WSA_IO_PENDING;
    check(pend && pend->type == JNODE_BOOL && (pend->text[0] == 't') == pending);
    check(jdoc_int(d, "lower_ns", &v) && v >= 0);
    check(jdoc_get(d, "time") && jdoc_get(d, "time")->type == JNODE_STR);
}

static void check_fionbio(const call_t *c, const jdoc_t *d)
{
    long long v;
    check(jdoc_str_is(d, "in.state", "ok") && jdoc_int(d, "in.size", &v) && v == 4);
    check(jdoc_str_is(d, "in.type", "u_long") && jdoc_int(d, "in.value", &v) && v == c->num[0]);
    check(jdoc_is_null(d, "out"));
}

static void check_fionread(const call_t *c, const jdoc_t *d)
{
    long long v;
    check(jdoc_is_null(d, "in"));
    check(jdoc_str_is(d, "out.state", "ok") && jdoc_int(d, "out.len", &v) && v == 4);
    check(jdoc_int(d, "out.value", &v) && v == c->num[0]);
}

static void check_keepalive(const call_t *c, const jdoc_t *d)
{
    long long v;
    check(jdoc_str_is(d, "in.type", "tcp_keepalive"));
    check(jdoc_int(d, "in.value.onoff", &v) && v == c->num[0]);
    check(jdoc_int(d, "in.value.keepalivetime", &v) && v == c->num[1]);
    check(jdoc_int(d, "in.value.keepaliveinterval", &v) && v == c->num[2]);
}

static void check_extension(const call_t *c, const jdoc_t *d)
{
    char want[32];
    check(jdoc_str_is(d, "in.type", "GUID"));
    check(jdoc_str_is(d, "in.value", "WSAID_CONNECTEX"));
    hex(want, sizeof want, (unsigned long long)c->num[0], (int)sizeof(void *) * 2);
    check(jdoc_str_is(d, "out.value", want));
}

static void check_routing(const call_t *c, const jdoc_t *d)
{
    check(jdoc_str_is(d, "in.value.sin_addr", "127.0.0.1"));
    check(c->ret != 0 || jdoc_str_is(d, "out.value.sin_addr", c->text));
}

static void check_unreadable(const call_t *c, const jdoc_t *d)
{
    long long v;
    (void)c;
    check(jdoc_str_is(d, "in.state", "unreadable"));
    check(jdoc_int(d, "in.size", &v) && v == 100);
    check(jdoc_str_is(d, "in.addr", sizeof(void *) == 8 ? "0x0000000000000001" : "0x00000001"));
    check(!jdoc_get(d, "in.value"));
}

static void check_no_output(const call_t *c, const jdoc_t *d)
{
    long long v;
    bool pending = c->ret != 0 && c->err == WSA_IO_PENDING;
    check(jdoc_str_is(d, "out.state", pending ? "pending" : "none"));
    check(jdoc_int(d, "out.size", &v) && v == c->num[0]);
    check(!jdoc_get(d, "out.value"));
}

static void check_base_handle(const call_t *c, const jdoc_t *d)
{
    char want[32];
    check(jdoc_str_is(d, "out.type", "SOCKET"));
    hex(want, sizeof want, (unsigned long long)c->num[0], (int)sizeof(void *) * 2);
    check(jdoc_str_is(d, "out.value", want));
}

static void scripted(void)
{
    SOCKET c, s;
    check(e2e_tcp_pair(AF_INET, &c, &s));
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    check(u != INVALID_SOCKET);
    call_t *k;

    u_long on = 1;
    k = ioctl_call("FIONBIO", c, tcp4, FIONBIO, &on, sizeof on, NULL, 0, NULL);
    check(k->ret == 0);
    k->verify = check_fionbio;
    k->num[0] = 1;

    check(send(s, "12345", 5, 0) == 5);
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(c, &rd);
    struct timeval tv = {5, 0};
    check(select(0, &rd, NULL, NULL, &tv) == 1);
    u_long avail = 0;
    k = ioctl_call("FIONREAD", c, tcp4, FIONREAD, NULL, 0, &avail, sizeof avail, NULL);
    check(k->ret == 0 && avail == 5);
    k->verify = check_fionread;
    k->num[0] = (long long)avail;

    struct tcp_keepalive ka = {1, 60000, 1000};
    k = ioctl_call("SIO_KEEPALIVE_VALS", c, tcp4, SIO_KEEPALIVE_VALS, &ka, sizeof ka, NULL, 0,
                   NULL);
    check(k->ret == 0);
    k->verify = check_keepalive;
    k->num[0] = 1;
    k->num[1] = 60000;
    k->num[2] = 1000;

    GUID connectex = WSAID_CONNECTEX;
    void *fn = NULL;
    k = ioctl_call("SIO_GET_EXTENSION_FUNCTION_POINTER", c, tcp4,
                   SIO_GET_EXTENSION_FUNCTION_POINTER, &connectex, sizeof connectex, &fn, sizeof fn,
                   NULL);
    check(k->ret == 0 && fn != NULL);
    k->verify = check_extension;
    k->num[0] = (long long)(uintptr_t)fn;

    struct sockaddr_in dst = {0}, via = {0};
    dst.sin_family = AF_INET;
    dst.sin_port = htons(9);
    dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    k = ioctl_call("SIO_ROUTING_INTERFACE_QUERY", u, udp4, SIO_ROUTING_INTERFACE_QUERY, &dst,
                   sizeof dst, &via, sizeof via, NULL);
    k->verify = check_routing;
    inet_ntop(AF_INET, &via.sin_addr, k->text, sizeof k->text);

    unsigned int rcvall = RCVALL_ON;
    k = ioctl_call("SIO_RCVALL", c, tcp4, SIO_RCVALL, &rcvall, sizeof rcvall, NULL, 0, NULL);
    check(k->ret == SOCKET_ERROR);

    k = ioctl_call("FIONBIO", c, tcp4, FIONBIO, (void *)1, 100, NULL, 0, NULL);
    k->verify = check_unreadable;

    /* Room for the list's head but not its addresses: an error, no output. */
    SOCKET_ADDRESS_LIST small;
    k = ioctl_call("SIO_ADDRESS_LIST_QUERY", u, udp4, SIO_ADDRESS_LIST_QUERY, NULL, 0, &small,
                   sizeof small, NULL);
    check(k->ret == SOCKET_ERROR);
    k->verify = check_no_output;
    k->num[0] = sizeof small;

    SOCKET base = INVALID_SOCKET;
    k = ioctl_call("SIO_BASE_HANDLE", c, tcp4, SIO_BASE_HANDLE, NULL, 0, &base, sizeof base, NULL);
    check(k->ret == 0);
    k->verify = check_base_handle;
    k->num[0] = (long long)base;

    WSAOVERLAPPED ov = {0};
    ov.hEvent = WSACreateEvent();
    SOCKET base2 = INVALID_SOCKET;
    k = ioctl_call("SIO_BASE_HANDLE", c, tcp4, SIO_BASE_HANDLE, NULL, 0, &base2, sizeof base2, &ov);
    k->verify = check_no_output;
    k->num[0] = sizeof base2;
    if (k->ret == 0) {
        k->verify = check_base_handle;
        k->num[0] = (long long)base2;
    } else if (k->err == WSA_IO_PENDING) {
        DWORD n, flags;
        WSAGetOverlappedResult(c, &ov, &n, TRUE, &flags);
    }
    WSACloseEvent(ov.hEvent);

    check(closesocket(c) == 0 && closesocket(s) == 0 && closesocket(u) == 0);
}

static DWORD WINAPI worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        SOCKET s = socket(AF_INET, i % 2 ? SOCK_DGRAM : SOCK_STREAM, 0);
        check(s != INVALID_SOCKET);
        u_long v = 1;
        DWORD n;
        check(WSAIoctl(s, FIONBIO, &v, sizeof v, NULL, 0, &n, NULL, NULL) == 0);
        check(WSAIoctl(s, FIONREAD, NULL, 0, &v, sizeof v, &n, NULL, NULL) == 0);
        SOCKET base;
        check(WSAIoctl(s, SIO_BASE_HANDLE, NULL, 0, &base, sizeof base, &n, NULL, NULL) == 0);
        check(closesocket(s) == 0);
    }
    return 0;
}

static void threaded(DWORD tids[THREADS])
{
    HANDLE h[THREADS];
    for (int i = 0; i < THREADS; i++) {
        h[i] = CreateThread(NULL, 0, worker, NULL, CREATE_SUSPENDED, &tids[i]);
        check(h[i]);
    }
    for (int i = 0; i < THREADS; i++)
        ResumeThread(h[i]);
    check(WaitForMultipleObjects(THREADS, h, TRUE, 120000) == WAIT_OBJECT_0);
    for (int i = 0; i < THREADS; i++)
        CloseHandle(h[i]);
}

int main(int argc, char **argv)
{
    static jdoc_t d;
    WSADATA wsa;
    DWORD tids[THREADS];
    check(argc == 2);
    e2e_setup("e2e_log");
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    scripted();
    threaded(tids);
    check(WSACleanup() == 0);

    e2e_log_t log;
    check(e2e_log_read(&log, argv[1], GetCurrentProcessId(), "jsonl"));
    check(log.ends_with_newline);
    checkf(log.count == (size_t)ncalls + THREADS * ROUNDS * CALLS_PER_ROUND,
           "%zu lines for %d calls", log.count, ncalls + THREADS * ROUNDS * CALLS_PER_ROUND);
    for (int i = 0; i < ncalls; i++) {
        checkf(e2e_log_json(&log, (size_t)i, &d), "line %d: %.*s", i, (int)log.lens[i],
               log.lines[i]);
        check_common(&calls[i], &d);
        if (calls[i].verify)
            calls[i].verify(&calls[i], &d);
    }
    size_t per_thread[THREADS] = {0};
    for (size_t i = (size_t)ncalls; i < log.count; i++) {
        long long tid;
        checkf(e2e_log_json(&log, i, &d), "line %zu torn: %.*s", i, (int)log.lens[i], log.lines[i]);
        check(jdoc_int(&d, "tid", &tid) && jdoc_int(&d, "ret", &(long long){0}));
        check(!jdoc_get(&d, "event"));
        for (int t = 0; t < THREADS; t++)
            if ((DWORD)tid == tids[t])
                per_thread[t]++;
    }
    for (int t = 0; t < THREADS; t++)
        checkf(per_thread[t] == ROUNDS * CALLS_PER_ROUND, "thread %d: %zu lines", t, per_thread[t]);
    e2e_log_free(&log);
    printf("%d scripted calls and %d threaded calls: one well-formed line each\n", ncalls,
           THREADS * ROUNDS * CALLS_PER_ROUND);
    return 0;
}
