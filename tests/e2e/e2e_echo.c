/* 14. TCP and UDP loopback echo through siotrace, over IPv4 and IPv6 (where
 * the system has IPv6 loopback): the data comes back intact, and the log
 * shows each socket's FIONREAD with the address family, type and protocol
 * the socket was created with.
 * usage: e2e_echo LOG_DIR */
#include <winsock2.h>
#include <ws2tcpip.h>

#include <string.h>

#include "e2e.h"

static const char message[] = "siotrace echo: the quick brown fox";

typedef struct e2e_echo_expect {
    int af, type;
    int fionread_calls;
} e2e_echo_expect_t;

static e2e_echo_expect_t expect[4];
static int nexpect;

/* Waits until s has n bytes to read, asking with FIONREAD as a program would. */
static void wait_readable(SOCKET s, u_long n, e2e_echo_expect_t *e)
{
    for (int i = 0; i < 500; i++) {
        u_long avail = 0xdeadbeef;
        WSASetLastError(0xdeadbeef);
        check(ioctlsocket(s, FIONREAD, &avail) == 0);
        e->fionread_calls++;
        if (avail >= n)
            return;
        Sleep(10);
    }
    check(!"data never arrived");
}

static void tcp_echo(int af)
{
    SOCKET c, s;
    char buf[sizeof message];
    e2e_echo_expect_t *e = &expect[nexpect++];
    e->af = af;
    e->type = SOCK_STREAM;
    check(e2e_tcp_pair(af, &c, &s));
    check(send(c, message, sizeof message, 0) == sizeof message);
    wait_readable(s, sizeof message, e);
    check(recv(s, buf, sizeof buf, 0) == sizeof message);
    check(send(s, buf, sizeof message, 0) == sizeof message);
    wait_readable(c, sizeof message, e);
    memset(buf, 0, sizeof buf);
    check(recv(c, buf, sizeof buf, 0) == sizeof message);
    check(memcmp(buf, message, sizeof message) == 0);
    check(closesocket(c) == 0);
    check(closesocket(s) == 0);
}

static SOCKET udp_bound(int af, struct sockaddr_storage *addr, int *len)
{
    SOCKET s = socket(af, SOCK_DGRAM, IPPROTO_UDP);
    check(s != INVALID_SOCKET);
    memset(addr, 0, sizeof *addr);
    addr->ss_family = (short)af;
    if (af == AF_INET)
        ((struct sockaddr_in *)addr)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    else
        ((struct sockaddr_in6 *)addr)->sin6_addr = in6addr_loopback;
    *len = af == AF_INET ? (int)sizeof(struct sockaddr_in) : (int)sizeof(struct sockaddr_in6);
    check(bind(s, (struct sockaddr *)addr, *len) == 0);
    check(getsockname(s, (struct sockaddr *)addr, len) == 0);
    return s;
}

static void udp_echo(int af)
{
    struct sockaddr_storage aa, ba, from;
    int al, bl, fl = sizeof from;
    char buf[sizeof message];
    e2e_echo_expect_t *e = &expect[nexpect++];
    e->af = af;
    e->type = SOCK_DGRAM;
    SOCKET a = udp_bound(af, &aa, &al), b = udp_bound(af, &ba, &bl);
    check(sendto(a, message, sizeof message, 0, (struct sockaddr *)&ba, bl) == sizeof message);
    wait_readable(b, sizeof message, e);
    check(recvfrom(b, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl) == sizeof message);
    check(sendto(b, buf, sizeof message, 0, (struct sockaddr *)&from, fl) == sizeof message);
    wait_readable(a, sizeof message, e);
    memset(buf, 0, sizeof buf);
    check(recv(a, buf, sizeof buf, 0) == sizeof message);
    check(memcmp(buf, message, sizeof message) == 0);
    check(closesocket(a) == 0);
    check(closesocket(b) == 0);
}

static bool ipv6_loopback(void)
{
    struct sockaddr_storage addr;
    int len;
    SOCKET s = e2e_listener(AF_INET6, &addr, &len);
    if (s == INVALID_SOCKET)
        return false;
    closesocket(s);
    return true;
}

/* Every FIONREAD above left one line naming the socket's family and type. */
static void check_log(const char *dir)
{
    e2e_log_t log;
    static jdoc_t d;
    int seen[4] = {0};
    check(e2e_log_read(&log, dir, GetCurrentProcessId(), "jsonl"));
    check(log.ends_with_newline);
    for (size_t i = 0; i < log.count; i++) {
        checkf(e2e_log_json(&log, i, &d), "line %zu: %.*s", i, (int)log.lens[i], log.lines[i]);
        check(jdoc_str_is(&d, "name", "FIONREAD"));
        for (int k = 0; k < nexpect; k++) {
            bool tcp = expect[k].type == SOCK_STREAM;
            if (jdoc_str_is(&d, "af", expect[k].af == AF_INET ? "AF_INET" : "AF_INET6") &&
                jdoc_str_is(&d, "socktype", tcp ? "SOCK_STREAM" : "SOCK_DGRAM") &&
                jdoc_str_is(&d, "protocol", tcp ? "IPPROTO_TCP" : "IPPROTO_UDP"))
                seen[k]++;
        }
    }
    int total = 0;
    for (int k = 0; k < nexpect; k++) {
        checkf(seen[k] == expect[k].fionread_calls, "af %d type %d: %d lines for %d calls",
               expect[k].af, expect[k].type, seen[k], expect[k].fionread_calls);
        total += seen[k];
    }
    check((size_t)total == log.count);
    e2e_log_free(&log);
}

int main(int argc, char **argv)
{
    WSADATA wsa;
    check(argc == 2);
    e2e_setup("e2e_echo");
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    tcp_echo(AF_INET);
    udp_echo(AF_INET);
    if (ipv6_loopback()) {
        tcp_echo(AF_INET6);
        udp_echo(AF_INET6);
    } else {
        printf("IPv6 loopback unavailable here: IPv4 only\n");
    }
    check(WSACleanup() == 0);
    check_log(argv[1]);
    printf("echo through siotrace: %d socket pairs, log checked\n", nexpect);
    return 0;
}
