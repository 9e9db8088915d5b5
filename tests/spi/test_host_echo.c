/* Loopback traffic through the host with only the base provider in the chain:
 * TCP and UDP echo over IPv4, and over IPv6 where Wine has it. The program is
 * plain Winsock; it links libsiotws2.a instead of ws2_32. */
#include "check.h"
#include "spitest.h"

#include <string.h>
#include <winsock2.h>
#include <ws2tcpip.h>

#define SENTINEL 0xbeef

static int loopback(int af, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof(*ss));
    if (af == AF_INET) {
        struct sockaddr_in *a = (struct sockaddr_in *)ss;
        a->sin_family = AF_INET;
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return sizeof(*a);
    }
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
    a6->sin6_family = AF_INET6;
    a6->sin6_addr = in6addr_loopback;
    return sizeof(*a6);
}

/* Binds to an ephemeral loopback port and returns the bound address. */
static int bind_any(SOCKET s, int af, struct sockaddr_storage *ss)
{
    int len = loopback(af, ss);
    check(bind(s, (struct sockaddr *)ss, len) == 0);
    check(getsockname(s, (struct sockaddr *)ss, &len) == 0);
    return len;
}

/* select() goes to the provider of the first socket listed. */
static void wait_readable(SOCKET s)
{
    fd_set rd;
    struct timeval tv = {5, 0};
    FD_ZERO(&rd);
    FD_SET(s, &rd);
    check(select(0, &rd, NULL, NULL, &tv) == 1 && FD_ISSET(s, &rd));
}

static void tcp_echo(int af)
{
    struct sockaddr_storage ss, peer;
    SOCKET l, c, a;
    char buf[64];
    int len, plen = sizeof(peer);
    const char msg[] = "hello through the chain";

    l = socket(af, SOCK_STREAM, IPPROTO_TCP);
    check(l != INVALID_SOCKET);
    len = bind_any(l, af, &ss);
    check(listen(l, 4) == 0);
    c = socket(af, SOCK_STREAM, 0);
    check(c != INVALID_SOCKET);
    check(connect(c, (struct sockaddr *)&ss, len) == 0);
    a = accept(l, (struct sockaddr *)&peer, &plen);
    check(a != INVALID_SOCKET);
    check(peer.ss_family == af);

    check(send(c, msg, sizeof(msg), 0) == sizeof(msg));
    wait_readable(a);
    check(recv(a, buf, sizeof(buf), 0) == sizeof(msg) && memcmp(buf, msg, sizeof(msg)) == 0);
    check(send(a, buf, sizeof(msg), 0) == sizeof(msg));
    memset(buf, 0, sizeof(buf));
    check(recv(c, buf, sizeof(buf), 0) == sizeof(msg) && memcmp(buf, msg, sizeof(msg)) == 0);

    /* An orderly close reads as 0 bytes, as from ws2_32. */
    check(shutdown(c, SD_SEND) == 0);
    check(recv(a, buf, sizeof(buf), 0) == 0);
    check(closesocket(a) == 0 && closesocket(c) == 0 && closesocket(l) == 0);

    /* A closed handle is no longer a socket the host knows. */
    WSASetLastError(SENTINEL);
    check(send(c, msg, 1, 0) == SOCKET_ERROR && WSAGetLastError() == WSAENOTSOCK);
    printf("TCP/%s echo: ok\n", af == AF_INET ? "IPv4" : "IPv6");
}

static void udp_echo(int af)
{
    struct sockaddr_storage sa, sb, from;
    SOCKET a = socket(af, SOCK_DGRAM, IPPROTO_UDP), b = socket(af, SOCK_DGRAM, 0);
    char buf[64];
    int alen, blen, flen = sizeof(from);
    const char msg[] = "datagram";

    check(a != INVALID_SOCKET && b != INVALID_SOCKET);
    alen = bind_any(a, af, &sa);
    blen = bind_any(b, af, &sb);
    check(sendto(a, msg, sizeof(msg), 0, (struct sockaddr *)&sb, blen) == sizeof(msg));
    check(recvfrom(b, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen) == sizeof(msg));
    check(memcmp(buf, msg, sizeof(msg)) == 0 && flen == alen &&
          memcmp(&from, &sa, (size_t)alen) == 0);
    check(sendto(b, buf, sizeof(msg), 0, (struct sockaddr *)&from, flen) == sizeof(msg));
    check(recv(a, buf, sizeof(buf), 0) == sizeof(msg));
    check(closesocket(a) == 0 && closesocket(b) == 0);
    printf("UDP/%s echo: ok\n", af == AF_INET ? "IPv4" : "IPv6");
}

/* Wine gives IPv6 only where the machine has it: ask Wine itself. */
static int wine_has_ipv6(void)
{
    HMODULE ws2 = LoadLibraryW(L"ws2_32.dll");
    SOCKET(WSAAPI * real_socket)
    (int, int, int) =
        (SOCKET(WSAAPI *)(int, int, int))(void (*)(void))GetProcAddress(ws2, "socket");
    int(WSAAPI * real_close)(SOCKET) =
        (int(WSAAPI *)(SOCKET))(void (*)(void))GetProcAddress(ws2, "closesocket");
    int(WSAAPI * real_bind)(SOCKET, const struct sockaddr *, int) =
        (int(WSAAPI *)(SOCKET, const struct sockaddr *, int))(void (*)(void))GetProcAddress(ws2,
                                                                                            "bind");
    struct sockaddr_storage ss;
    int len = loopback(AF_INET6, &ss), ok;
    check(real_socket && real_close && real_bind);
    SOCKET s = real_socket(AF_INET6, SOCK_DGRAM, 0);
    ok = s != INVALID_SOCKET && real_bind(s, (struct sockaddr *)&ss, len) == 0;
    if (s != INVALID_SOCKET)
        real_close(s);
    return ok;
}

/* Event selection, name resolution and a socket duplicated through its
 * WSAPROTOCOL_INFOW, as small programs use them. */
static void events_names_duplicates(void)
{
    struct addrinfo hints = {0}, *ai = NULL;
    struct sockaddr_in sa;
    char text[INET_ADDRSTRLEN], port[8];
    WSAPROTOCOL_INFOW info;
    WSANETWORKEVENTS ne;
    int len = sizeof(sa);

    SOCKET l = socket(AF_INET, SOCK_STREAM, 0);
    check(l != INVALID_SOCKET);
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    check(inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr) == 1);
    check(bind(l, (struct sockaddr *)&sa, sizeof(sa)) == 0 && listen(l, 1) == 0);
    check(getsockname(l, (struct sockaddr *)&sa, &len) == 0);
    check(strcmp(inet_ntop(AF_INET, &sa.sin_addr, text, sizeof(text)), "127.0.0.1") == 0);
    WSAEVENT ev = WSACreateEvent();
    check(ev != WSA_INVALID_EVENT && WSAEventSelect(l, ev, FD_ACCEPT) == 0);

    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    snprintf(port, sizeof(port), "%u", ntohs(sa.sin_port));
    check(getaddrinfo("127.0.0.1", port, &hints, &ai) == 0 && ai != NULL);
    SOCKET c = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    check(c != INVALID_SOCKET && connect(c, ai->ai_addr, (int)ai->ai_addrlen) == 0);
    freeaddrinfo(ai);

    check(WSAWaitForMultipleEvents(1, &ev, FALSE, 5000, FALSE) == WSA_WAIT_EVENT_0);
    check(WSAEnumNetworkEvents(l, ev, &ne) == 0 && (ne.lNetworkEvents & FD_ACCEPT));
    check(ne.iErrorCode[FD_ACCEPT_BIT] == 0);
    SOCKET a = accept(l, NULL, NULL);
    check(a != INVALID_SOCKET);

    /* The duplicate is a socket of its own, served by the same catalog entry. */
    check(WSADuplicateSocketW(c, GetCurrentProcessId(), &info) == 0);
    SOCKET d = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &info, 0, 0);
    check(d != INVALID_SOCKET && d != c);
    check(send(d, "dup", 3, 0) == 3);
    char buf[8];
    wait_readable(a);
    check(recv(a, buf, sizeof(buf), 0) == 3 && memcmp(buf, "dup", 3) == 0);

    check(closesocket(d) == 0 && closesocket(a) == 0 && closesocket(c) == 0 && closesocket(l) == 0);
    check(WSACloseEvent(ev));
    printf("events, names, duplicates: ok\n");
}

int main(void)
{
    WSADATA wsa;
    spitest_catalog("host_echo");

    WSASetLastError(SENTINEL);
    check(socket(AF_INET, SOCK_STREAM, 0) == INVALID_SOCKET &&
          WSAGetLastError() == WSANOTINITIALISED);
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    check(wsa.wVersion == MAKEWORD(2, 2));

    /* The catalog chooses: no entry for this triple. */
    WSASetLastError(SENTINEL);
    check(socket(AF_INET, SOCK_STREAM, IPPROTO_UDP) == INVALID_SOCKET);
    check(WSAGetLastError() == WSAEPROTONOSUPPORT);
    WSASetLastError(SENTINEL);
    check(socket(AF_INET, SOCK_SEQPACKET, 0) == INVALID_SOCKET &&
          WSAGetLastError() == WSAESOCKTNOSUPPORT);
    WSASetLastError(SENTINEL);
    check(socket(AF_IRDA, SOCK_STREAM, 0) == INVALID_SOCKET &&
          WSAGetLastError() == WSAEAFNOSUPPORT);

    tcp_echo(AF_INET);
    udp_echo(AF_INET);
    events_names_duplicates();
    if (wine_has_ipv6()) {
        tcp_echo(AF_INET6);
        udp_echo(AF_INET6);
    } else {
        printf("IPv6: skipped, Wine has no IPv6 loopback here\n");
    }

    /* The host started the base provider once per provider GUID: IPv4, IPv6. */
    spitest_log_t log = spitest_log();
    LONG before = log.next();
    check(WSACleanup() == 0);
    check(spitest_count(&log, 0, BASELOG_Startup) == spitest_count(&log, before, BASELOG_Cleanup));
    WSASetLastError(SENTINEL);
    check(WSACleanup() == SOCKET_ERROR && WSAGetLastError() == WSANOTINITIALISED);
    return 0;
}
