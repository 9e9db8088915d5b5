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
    check(memcmp(buf, msg, sizeof(msg)) == 0 && flen == alen && memcmp(&from, &sa, (size_t)alen) == 0);
    check(sendto(b, buf, sizeof(msg), 0, (struct sockaddr *)&from, flen) == sizeof(msg));
    check(recv(a, buf, sizeof(buf), 0) == sizeof(msg));
    check(closesocket(a) == 0 && closesocket(b) == 0);
    printf("UDP/%s echo: ok\n", af == AF_INET ? "IPv4" : "IPv6");
}

/* Wine gives IPv6 only where the machine has it: ask Wine itself. */
static int wine_has_ipv6(void)
{
    HMODULE ws2 = LoadLibraryW(L"ws2_32.dll");
    SOCKET(WSAAPI * real_socket)(int, int, int) =
        (SOCKET(WSAAPI *)(int, int, int))(void (*)(void))GetProcAddress(ws2, "socket");
    int(WSAAPI * real_close)(SOCKET) =
        (int(WSAAPI *)(SOCKET))(void (*)(void))GetProcAddress(ws2, "closesocket");
    int(WSAAPI * real_bind)(SOCKET, const struct sockaddr *, int) =
        (int(WSAAPI *)(SOCKET, const struct sockaddr *, int))(void (*)(void))GetProcAddress(ws2, "bind");
    struct sockaddr_storage ss;
    int len = loopback(AF_INET6, &ss), ok;
    check(real_socket && real_close && real_bind);
    SOCKET s = real_socket(AF_INET6, SOCK_DGRAM, 0);
    ok = s != INVALID_SOCKET && real_bind(s, (struct sockaddr *)&ss, len) == 0;
    if (s != INVALID_SOCKET)
        real_close(s);
    return ok;
}

int main(void)
{
    WSADATA wsa;
    spitest_catalog("host_echo");

    WSASetLastError(SENTINEL);
    check(socket(AF_INET, SOCK_STREAM, 0) == INVALID_SOCKET && WSAGetLastError() == WSANOTINITIALISED);
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    check(wsa.wVersion == MAKEWORD(2, 2));

    /* The catalog chooses: no entry for this triple. */
    WSASetLastError(SENTINEL);
    check(socket(AF_INET, SOCK_STREAM, IPPROTO_UDP) == INVALID_SOCKET);
    check(WSAGetLastError() == WSAEPROTONOSUPPORT);
    WSASetLastError(SENTINEL);
    check(socket(AF_INET, SOCK_SEQPACKET, 0) == INVALID_SOCKET && WSAGetLastError() == WSAESOCKTNOSUPPORT);
    WSASetLastError(SENTINEL);
    check(socket(AF_IRDA, SOCK_STREAM, 0) == INVALID_SOCKET && WSAGetLastError() == WSAEAFNOSUPPORT);

    tcp_echo(AF_INET);
    udp_echo(AF_INET);
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
