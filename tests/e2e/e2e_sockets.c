/* The socket lines: a TCP listener, a connection accepted from it and a
 * bound UDP socket each get their creation (how, af, type, protocol), their
 * local address once bound and their close, in order, among their calls;
 * a handle value used again after a close belongs to the new socket.
 * usage: e2e_sockets LOG_DIR */
#include <winsock2.h>
#include <ws2tcpip.h>

#include <string.h>

#include "e2e.h"

typedef struct story {
    SOCKET s;
    const char *how, *socktype, *protocol;
    char local[64]; /* "" when never bound */
    int calls;
} story_t;

static story_t stories[8];
static int nstory;

static story_t *track(SOCKET s, const char *how, const char *type, const char *proto)
{
    story_t *t = &stories[nstory++];
    *t = (story_t){s, how, type, proto, "", 0};
    return t;
}

/* The record holds the address given to bind: port 0 lets the system choose. */
static void bound_to(story_t *t, const char *local)
{
    snprintf(t->local, sizeof t->local, "%s", local);
}

static void fionread(story_t *t)
{
    u_long n = 0xdeadbeef;
    check(ioctlsocket(t->s, FIONREAD, &n) == 0);
    t->calls++;
}

static void run(void)
{
    struct sockaddr_in any = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int len = sizeof any;
    story_t *l =
        track(socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), "socket", "SOCK_STREAM", "IPPROTO_TCP");
    check(bind(l->s, (struct sockaddr *)&any, sizeof any) == 0 && listen(l->s, 4) == 0);
    bound_to(l, "127.0.0.1:0");
    check(getsockname(l->s, (struct sockaddr *)&any, &len) == 0);
    story_t *c =
        track(socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), "socket", "SOCK_STREAM", "IPPROTO_TCP");
    check(connect(c->s, (struct sockaddr *)&any, sizeof any) == 0);
    story_t *a = track(accept(l->s, NULL, NULL), "accept", "SOCK_STREAM", "IPPROTO_TCP");
    check(a->s != INVALID_SOCKET);
    fionread(a);
    fionread(c);
    fionread(c);
    check(closesocket(c->s) == 0 && closesocket(a->s) == 0);
    /* The lowest free handle again: a new socket, a new story. */
    struct sockaddr_in udp = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    story_t *u =
        track(socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP), "socket", "SOCK_DGRAM", "IPPROTO_UDP");
    check(bind(u->s, (struct sockaddr *)&udp, sizeof udp) == 0);
    bound_to(u, "127.0.0.1:0");
    fionread(u);
    check(closesocket(u->s) == 0 && closesocket(l->s) == 0);
}

/* The lines of story t, in order: socket, [bind], calls, close. */
static void check_story(const e2e_log_t *log, const story_t *t)
{
    static jdoc_t d;
    char want[24];
    snprintf(want, sizeof want, "0x%016llX", (unsigned long long)t->s);
    int step = 0, calls = 0;
    bool bound = t->local[0] != '\0';
    for (size_t i = 0; i < log->count && step < 3; i++) {
        check(e2e_log_json(log, i, &d));
        if (!jdoc_str_is(&d, "socket", want))
            continue;
        if (step == 0 && jdoc_str_is(&d, "event", "socket") && jdoc_str_is(&d, "how", t->how) &&
            jdoc_str_is(&d, "socktype", t->socktype)) {
            check(jdoc_str_is(&d, "af", "AF_INET") && jdoc_str_is(&d, "protocol", t->protocol));
            step = bound ? 1 : 2;
        } else if (step == 1 && jdoc_str_is(&d, "event", "bind")) {
            checkf(jdoc_str_is(&d, "local", t->local), "%s: %.*s", t->local, (int)log->lens[i],
                   log->lines[i]);
            step = 2;
        } else if (step == 2 && !jdoc_get(&d, "event")) {
            calls++;
        } else if (step == 2 && jdoc_str_is(&d, "event", "close")) {
            long long ret;
            check(jdoc_int(&d, "ret", &ret) && ret == 0 && jdoc_is_null(&d, "error"));
            step = 3;
        }
    }
    checkf(step == 3 && calls == t->calls, "socket %s (%s): step %d, %d calls of %d", want, t->how,
           step, calls, t->calls);
}

static void check_log(const char *dir)
{
    e2e_log_t all, calls;
    check(e2e_log_read_all(&all, dir, GetCurrentProcessId(), "jsonl"));
    for (int i = 0; i < nstory; i++)
        check_story(&all, &stories[i]);
    /* 4 sockets created, 2 bound, 4 closed: 10 lines beside the 4 calls. */
    check(e2e_log_read(&calls, dir, GetCurrentProcessId(), "jsonl"));
    checkf(all.count == 14 && calls.count == 4 && calls.set_aside == 10,
           "%zu lines, %zu calls, %zu set aside", all.count, calls.count, calls.set_aside);
    e2e_log_free(&all);
    e2e_log_free(&calls);
}

int main(int argc, char **argv)
{
    WSADATA wsa;
    check(argc == 2);
    e2e_setup("e2e_sockets");
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    run();
    check(WSACleanup() == 0);
    check_log(argv[1]);
    printf("e2e_sockets: %d socket stories checked\n", nstory);
    return 0;
}
