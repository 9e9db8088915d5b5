/* rcvall: a plain Winsock program that asks for promiscuous capture, as a
 * packet sniffer does: a datagram socket bound to loopback, then SIO_RCVALL
 * with RCVALL_ON, then RCVALL_OFF. Windows needs a raw socket and an
 * administrator for it; Wine refuses it outright. Either way siotrace
 * audits each call, in the audit file and in the Event Log. Exit status 0
 * when both calls returned (whatever their result).
 *
 *   tools/dev.sh try tests/e2e/samples/rcvall.c */
#include <winsock2.h>
#include <mstcpip.h>
#include <stdio.h>

static void rcvall(SOCKET s, DWORD mode, const char *name)
{
    DWORD bytes = 0;
    int r = WSAIoctl(s, SIO_RCVALL, &mode, sizeof mode, NULL, 0, &bytes, NULL, NULL);
    printf("rcvall: SIO_RCVALL %s: %s (%d)\n", name, r == 0 ? "on" : "refused",
           r == 0 ? 0 : WSAGetLastError());
}

int main(void)
{
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 1;
    SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (s == INVALID_SOCKET || bind(s, (struct sockaddr *)&a, sizeof a) != 0)
        return 1;
    rcvall(s, RCVALL_ON, "RCVALL_ON");
    rcvall(s, RCVALL_OFF, "RCVALL_OFF");
    closesocket(s);
    WSACleanup();
    return 0;
}
