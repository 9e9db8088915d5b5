#include "twin.h"

#include <ws2tcpip.h>

#include <stdlib.h>
#include <string.h>

#include "e2e.h"

/* Overlapped calls that stay pending (notifications) keep their OVERLAPPED
 * and buffers until the socket closes: each gets its own, never reused. */
#define TWIN__POOL 2048

typedef struct twin__io {
    WSAOVERLAPPED ov;
    uint8_t out[TWIN_OUT_MAX];
} twin__io_t;

static twin__io_t twin__pool[TWIN__POOL];
static int twin__used;

static void twin__base_info(int type, WSAPROTOCOL_INFOW *base)
{
    static WSAPROTOCOL_INFOW all[64];
    DWORD len = sizeof all;
    int n = WSAEnumProtocolsW(NULL, all, &len);
    check(n > 0);
    for (int i = 0; i < n; i++)
        if (all[i].ProtocolChain.ChainLen == BASE_PROTOCOL && all[i].iAddressFamily == AF_INET &&
            all[i].iSocketType == type) {
            *base = all[i];
            return;
        }
    check(!"no base entry");
}

static SOCKET twin__base_socket(int type)
{
    WSAPROTOCOL_INFOW info;
    twin__base_info(type, &info);
    /* As socket() makes them: overlapped. */
    SOCKET s = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &info, 0,
                          WSA_FLAG_OVERLAPPED);
    check(s != INVALID_SOCKET);
    return s;
}

static void twin__nonblocking(SOCKET s)
{
    u_long on = 1;
    check(ioctlsocket(s, FIONBIO, &on) == 0);
}

static void twin__connect(SOCKET s, const struct sockaddr_in *to)
{
    u_long off = 0;
    check(ioctlsocket(s, FIONBIO, &off) == 0);
    check(connect(s, (const struct sockaddr *)to, sizeof *to) == 0);
}

static void twin__bind(SOCKET s)
{
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    check(bind(s, (struct sockaddr *)&a, sizeof a) == 0);
}

void twin_open(twin_t *tcp, twin_t *udp)
{
    struct sockaddr_storage ls;
    int len = 0;
    SOCKET l = e2e_listener(AF_INET, &ls, &len);
    check(l != INVALID_SOCKET);
    tcp->kind = "tcp";
    tcp->lsp = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    tcp->base = twin__base_socket(SOCK_STREAM);
    check(tcp->lsp != INVALID_SOCKET);
    twin__connect(tcp->lsp, (struct sockaddr_in *)&ls);
    twin__connect(tcp->base, (struct sockaddr_in *)&ls);
    SOCKET a1 = accept(l, NULL, NULL), a2 = accept(l, NULL, NULL);
    check(a1 != INVALID_SOCKET && a2 != INVALID_SOCKET);
    /* The peers stay open (a closed peer changes what some codes say). */
    (void)a1;
    (void)a2;
    udp->kind = "udp";
    udp->lsp = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    udp->base = twin__base_socket(SOCK_DGRAM);
    check(udp->lsp != INVALID_SOCKET);
    twin__bind(udp->lsp);
    twin__bind(udp->base);
    twin__nonblocking(tcp->lsp);
    twin__nonblocking(tcp->base);
    twin__nonblocking(udp->lsp);
    twin__nonblocking(udp->base);
}

void twin_close(twin_t *t)
{
    check(closesocket(t->lsp) == 0 && closesocket(t->base) == 0);
}

/* The pointers a call passed, to compare with what the base provider got. */
typedef struct twin__ptrs {
    const void *out, *count, *ov;
} twin__ptrs_t;

static twin__ptrs_t twin__run(SOCKET s, DWORD code, const twin_args_t *a, twin_outcome_t *o)
{
    check(twin__used < TWIN__POOL);
    twin__io_t *io = &twin__pool[twin__used++];
    memset(o, 0, sizeof *o);
    memset(io->out, 0xcc, sizeof io->out);
    void *out = a->bad_out ? a->out : (a->out_len ? io->out : NULL);
    if (a->overlapped)
        io->ov.hEvent = WSACreateEvent();
    o->bytes = 0xdeadbeef;
    WSASetLastError(0xdeadbeef);
    o->ret = WSAIoctl(s, code, (void *)a->in, a->in_len, out, a->out_len, &o->bytes,
                      a->overlapped ? &io->ov : NULL, NULL);
    o->err = o->ret ? WSAGetLastError() : 0;
    if (o->ret && o->err == WSA_IO_PENDING) {
        /* Wine completes the codes it refuses without signalling the event:
         * watch the status for a moment, then ask without waiting. */
        DWORD flags = 0;
        o->pending = true;
        for (int i = 0; i < 100 && !HasOverlappedIoCompleted(&io->ov); i++)
            Sleep(1);
        WSASetLastError(0xdeadbeef);
        o->ret = WSAGetOverlappedResult(s, &io->ov, &o->bytes, FALSE, &flags) ? 0 : SOCKET_ERROR;
        o->err = o->ret ? WSAGetLastError() : 0;
    }
    o->out_addr = (uintptr_t)out;
    if (!a->bad_out && o->ret == 0)
        memcpy(o->out, io->out, a->out_len < TWIN_OUT_MAX ? a->out_len : TWIN_OUT_MAX);
    twin__ptrs_t p = {out, &o->bytes, a->overlapped ? &io->ov : NULL};
    return p;
}

/* The first record at or after mark, which must be the Ioctl of `name`. */
static baselog_call_t twin__base_record(const spitest_log_t *log, LONG mark, const char *name,
                                        const char *kind)
{
    baselog_call_t r;
    checkf(log->get(mark, &r) && r.fn == BASELOG_Ioctl, "%s on %s: no Ioctl in the base log", name,
           kind);
    return r;
}

void twin_call(const twin_t *t, const char *name, DWORD code, const twin_args_t *a,
               twin_outcome_t *lsp, twin_outcome_t *base)
{
    spitest_log_t log = spitest_log();
    LONG mark = log.next();
    twin__ptrs_t p = twin__run(t->lsp, code, a, lsp);
    LONG end = log.next();
    baselog_call_t r = twin__base_record(&log, mark, name, t->kind);
    /* Nothing else reached the base provider (a pending call's result is
     * asked for once more). */
    checkf(end - mark == (lsp->pending ? 2 : 1), "%s on %s: %ld calls reached the base provider",
           name, t->kind, (long)(end - mark));
    /* Exactly the application's arguments... */
    checkf(r.s == t->lsp && r.code == code && r.in == a->in && r.in_len == a->in_len &&
               r.out == p.out && r.out_len == a->out_len && r.count == p.count &&
               (const void *)r.ov == p.ov && r.cr == NULL,
           "%s on %s: the base provider received other arguments", name, t->kind);
    /* ...and the application got exactly what the base provider returned. */
    if (lsp->pending)
        check(r.result == SOCKET_ERROR && r.error == WSA_IO_PENDING);
    else
        checkf(r.result == lsp->ret && r.error == lsp->err &&
                   (lsp->ret != 0 || r.bytes == lsp->bytes),
               "%s on %s: base returned %d/%d/%lu, the application saw %d/%d/%lu", name, t->kind,
               (int)r.result, r.error, (unsigned long)r.bytes, lsp->ret, lsp->err,
               (unsigned long)lsp->bytes);
    mark = log.next();
    twin__run(t->base, code, a, base);
    baselog_call_t rb = twin__base_record(&log, mark, name, t->kind);
    check(rb.s == t->base && rb.thread == r.thread);
}

static bool twin__names_self(const twin_outcome_t *o, SOCKET s)
{
    return o->ret == 0 && o->bytes == sizeof(SOCKET) && memcmp(o->out, &s, sizeof s) == 0;
}

/* Pointer-sized words may differ when each points into its own buffer at
 * the same offset; every other byte must be equal. */
static bool twin__same_output(const twin_outcome_t *x, const twin_outcome_t *y, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uintptr_t wx, wy;
        if (i % sizeof wx == 0 && i + sizeof wx <= n) {
            memcpy(&wx, x->out + i, sizeof wx);
            memcpy(&wy, y->out + i, sizeof wy);
            bool relative = wx - x->out_addr == wy - y->out_addr && wx - x->out_addr < n;
            if (wx != wy && !relative)
                return false;
            i += sizeof wx;
        } else {
            if (x->out[i] != y->out[i])
                return false;
            i++;
        }
    }
    return true;
}

bool twin_equal(const twin_t *t, const twin_outcome_t *lsp, const twin_outcome_t *base)
{
    if (lsp->ret != base->ret || lsp->err != base->err || lsp->bytes != base->bytes ||
        lsp->pending != base->pending)
        return false;
    if (lsp->ret != 0)
        return true;
    if (twin__names_self(lsp, t->lsp) && twin__names_self(base, t->base))
        return true;
    return twin__same_output(lsp, base, lsp->bytes < TWIN_OUT_MAX ? lsp->bytes : TWIN_OUT_MAX);
}
