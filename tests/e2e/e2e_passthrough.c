/* 16. The codes that reach below every layer pass through siotrace
 * untouched: SIO_BASE_HANDLE returns the base provider's own handle;
 * SIO_BSP_HANDLE, SIO_BSP_HANDLE_SELECT, SIO_BSP_HANDLE_POLL and
 * SIO_GET_EXTENSION_FUNCTION_POINTER reach the base provider with exactly the
 * application's arguments and come back with its result; and the ConnectEx
 * pointer obtained through siotrace connects. Each of these calls is in the
 * log like any other.
 * usage: e2e_passthrough LOG_DIR */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>

#include <string.h>

#include "e2e.h"
#include "twin.h"

static spitest_log_t base_log;
static const char *traced[32]; /* the codes called, in order */
static int ntraced;

/* One call through siotrace; the base provider must have received exactly it. */
static int through(SOCKET s, const char *name, DWORD code, void *in, DWORD in_len, void *out,
                   DWORD out_len, DWORD *bytes, baselog_call_t *rec)
{
    LONG mark = base_log.next();
    *bytes = 0xdeadbeef;
    WSASetLastError(0xdeadbeef);
    int ret = WSAIoctl(s, code, in, in_len, out, out_len, bytes, NULL, NULL);
    int err = ret ? WSAGetLastError() : 0;
    checkf(base_log.next() - mark == 1 && base_log.get(mark, rec) && rec->fn == BASELOG_Ioctl,
           "%s: not one call to the base provider", name);
    checkf(rec->s == s && rec->code == code && rec->in == in && rec->in_len == in_len &&
               rec->out == out && rec->out_len == out_len && rec->count == bytes &&
               rec->ov == NULL && rec->cr == NULL,
           "%s: the base provider received other arguments", name);
    checkf(rec->result == ret && rec->error == err && (ret != 0 || rec->bytes == *bytes),
           "%s: the base provider returned %d/%d, the application saw %d/%d", name,
           (int)rec->result, rec->error, ret, err);
    printf("%-36s ret %d err %d bytes %lu\n", name, ret, err, (unsigned long)*bytes);
    check(ntraced < 32);
    traced[ntraced++] =
        code == SIO_GET_EXTENSION_FUNCTION_POINTER ? "SIO_GET_EXTENSION_FUNCTION_POINTER" : name;
    return ret;
}

static void base_handle(SOCKET s, SOCKET created)
{
    SOCKET base = INVALID_SOCKET;
    DWORD bytes;
    baselog_call_t rec;
    check(through(s, "SIO_BASE_HANDLE", SIO_BASE_HANDLE, NULL, 0, &base, sizeof base, &bytes,
                  &rec) == 0);
    check(bytes == sizeof base && base == created && base == s);
}

static void bsp_handles(SOCKET s)
{
    static const struct {
        const char *name;
        DWORD code;
    } codes[] = {{"SIO_BSP_HANDLE", SIO_BSP_HANDLE},
                 {"SIO_BSP_HANDLE_SELECT", SIO_BSP_HANDLE_SELECT},
                 {"SIO_BSP_HANDLE_POLL", SIO_BSP_HANDLE_POLL}};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        SOCKET h = INVALID_SOCKET;
        DWORD bytes;
        baselog_call_t rec;
        if (through(s, codes[i].name, codes[i].code, NULL, 0, &h, sizeof h, &bytes, &rec) == 0)
            check(h == s);
    }
}

/* Each extension function through siotrace is the one the base entry gives. */
static LPFN_CONNECTEX extensions(SOCKET s, SOCKET direct)
{
    static const struct {
        const char *name;
        GUID id;
    } ids[] = {
        {"ConnectEx", WSAID_CONNECTEX},       {"DisconnectEx", WSAID_DISCONNECTEX},
        {"AcceptEx", WSAID_ACCEPTEX},         {"GetAcceptExSockaddrs", WSAID_GETACCEPTEXSOCKADDRS},
        {"TransmitFile", WSAID_TRANSMITFILE}, {"WSARecvMsg", WSAID_WSARECVMSG},
        {"WSASendMsg", WSAID_WSASENDMSG}};
    void *connectex = NULL;
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        GUID id = ids[i].id;
        void *fn = NULL, *want = NULL;
        DWORD bytes;
        baselog_call_t rec;
        char name[64];
        snprintf(name, sizeof name, "SIO_GET_EXTENSION_FUNCTION_POINTER %s", ids[i].name);
        check(through(s, name, SIO_GET_EXTENSION_FUNCTION_POINTER, &id, sizeof id, &fn, sizeof fn,
                      &bytes, &rec) == 0);
        check(WSAIoctl(direct, SIO_GET_EXTENSION_FUNCTION_POINTER, &id, sizeof id, &want,
                       sizeof want, &bytes, NULL, NULL) == 0);
        checkf(fn != NULL && fn == want, "%s: %p through siotrace, %p on the base entry",
               ids[i].name, fn, want);
        if (i == 0)
            connectex = fn;
    }
    return (LPFN_CONNECTEX)(void (*)(void))connectex;
}

/* ConnectEx, from the pointer siotrace passed up, connects and sends. */
static void connect_ex(LPFN_CONNECTEX connectex)
{
    struct sockaddr_storage to;
    int to_len = 0;
    SOCKET l = e2e_listener(AF_INET, &to, &to_len);
    SOCKET c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    check(l != INVALID_SOCKET && c != INVALID_SOCKET);
    struct sockaddr_in any = {0};
    any.sin_family = AF_INET;
    any.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    check(bind(c, (struct sockaddr *)&any, sizeof any) == 0);

    WSAOVERLAPPED ov = {0};
    ov.hEvent = WSACreateEvent();
    DWORD sent = 0, flags = 0;
    static char hello[] = "hello over ConnectEx";
    BOOL done = connectex(c, (struct sockaddr *)&to, to_len, hello, sizeof hello, &sent, &ov);
    check(done || WSAGetLastError() == ERROR_IO_PENDING);
    SOCKET a = accept(l, NULL, NULL);
    check(a != INVALID_SOCKET);
    check(WaitForSingleObject(ov.hEvent, 10000) == WAIT_OBJECT_0);
    check(WSAGetOverlappedResult(c, &ov, &sent, FALSE, &flags) && sent == sizeof hello);
    check(setsockopt(c, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, NULL, 0) == 0);
    char buf[64] = {0};
    check(recv(a, buf, sizeof buf, 0) == sizeof hello && memcmp(buf, hello, sizeof hello) == 0);
    check(send(a, "back", 4, 0) == 4);
    memset(buf, 0, sizeof buf);
    check(recv(c, buf, sizeof buf, 0) == 4 && memcmp(buf, "back", 4) == 0);
    WSACloseEvent(ov.hEvent);
    check(closesocket(a) == 0 && closesocket(c) == 0 && closesocket(l) == 0);
    printf("ConnectEx through siotrace: connected, sent %lu bytes, echo received\n",
           (unsigned long)sent);
}

static void check_log(const char *dir)
{
    static jdoc_t d;
    e2e_log_t log;
    check(e2e_log_read(&log, dir, GetCurrentProcessId(), "jsonl"));
    checkf(log.count == (size_t)ntraced + TWIN_OPEN_LSP_IOCTLS, "%zu lines for %d calls", log.count,
           ntraced + TWIN_OPEN_LSP_IOCTLS);
    for (int i = 0; i < ntraced; i++) {
        size_t line = (size_t)i + TWIN_OPEN_LSP_IOCTLS;
        check(e2e_log_json(&log, line, &d));
        checkf(jdoc_str_is(&d, "name", traced[i]), "line %zu: %.*s", line, (int)log.lens[line],
               log.lines[line]);
    }
    e2e_log_free(&log);
}

int main(int argc, char **argv)
{
    check(argc == 2);
    e2e_setup("e2e_passthrough");
    WSADATA wsa;
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    twin_t tcp, udp;
    twin_open(&tcp, &udp); /* the base provider is loaded with the first socket */
    base_log = spitest_log();

    LONG mark = base_log.next();
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    check(s != INVALID_SOCKET);
    baselog_call_t created = spitest_find(&base_log, mark, BASELOG_Socket);
    check(created.result != (INT_PTR)INVALID_SOCKET);
    base_handle(s, (SOCKET)created.result);
    base_handle(tcp.lsp, tcp.lsp);
    bsp_handles(s);
    bsp_handles(tcp.lsp);
    LPFN_CONNECTEX connectex = extensions(s, tcp.base);
    connect_ex(connectex);

    twin_close(&tcp);
    twin_close(&udp);
    check(closesocket(s) == 0);
    check(WSACleanup() == 0);
    check_log(argv[1]);
    return 0;
}
