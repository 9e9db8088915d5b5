/* keepalive: a plain Winsock program. It connects a TCP socket over loopback,
 * turns on keep-alive probes with SIO_KEEPALIVE_VALS, reads the bytes waiting
 * with FIONREAD and asks for the base handle with SIO_BASE_HANDLE, printing
 * each result. Exit status 0 when every call did what Winsock promises.
 *
 *   tools/dev.sh try tests/e2e/samples/keepalive.c */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mstcpip.h>
#include <mswsock.h>
#include <stdio.h>

static int failures;

static void report(const char *what, int ok)
{
    printf("%-44s %s\n", what, ok ? "ok" : "FAILED");
    if (!ok) {
        printf("    WSAGetLastError() = %d\n", WSAGetLastError());
        failures++;
    }
}

int main(void)
{
    WSADATA wsa;
    struct sockaddr_in addr = {0};
    int len = sizeof(addr);
    SOCKET listener, client, server;
    struct tcp_keepalive ka = {1, 30000, 1000};
    DWORD bytes = 0;
    u_long pending = 0;
    SOCKET base = INVALID_SOCKET;

    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) {
        fprintf(stderr, "WSAStartup failed\n");
        return 1;
    }

    listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    report(
        "socket, bind, listen on 127.0.0.1",
        listener != INVALID_SOCKET && bind(listener, (struct sockaddr *)&addr, sizeof(addr)) == 0 &&
            getsockname(listener, (struct sockaddr *)&addr, &len) == 0 && listen(listener, 1) == 0);
    printf("    listening on port %u\n", ntohs(addr.sin_port));

    client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    report("connect", client != INVALID_SOCKET &&
                          connect(client, (struct sockaddr *)&addr, sizeof(addr)) == 0);
    server = accept(listener, NULL, NULL);
    report("accept", server != INVALID_SOCKET);

    report("WSAIoctl(SIO_KEEPALIVE_VALS, on, 30 s, 1 s)",
           WSAIoctl(client, SIO_KEEPALIVE_VALS, &ka, sizeof(ka), NULL, 0, &bytes, NULL, NULL) == 0);

    report("send 11 bytes", send(server, "hello world", 11, 0) == 11);
    Sleep(100);
    report("WSAIoctl(FIONREAD)", WSAIoctl(client, FIONREAD, NULL, 0, &pending, sizeof(pending),
                                          &bytes, NULL, NULL) == 0 &&
                                     pending == 11 && bytes == sizeof(pending));
    printf("    %lu bytes waiting, %lu bytes returned\n", (unsigned long)pending,
           (unsigned long)bytes);

    report("WSAIoctl(SIO_BASE_HANDLE)", WSAIoctl(client, SIO_BASE_HANDLE, NULL, 0, &base,
                                                 sizeof(base), &bytes, NULL, NULL) == 0 &&
                                            base != INVALID_SOCKET);
    printf("    socket %#llx, base handle %#llx\n", (unsigned long long)client,
           (unsigned long long)base);

    closesocket(server);
    closesocket(client);
    closesocket(listener);
    WSACleanup();
    printf("%s\n", failures ? "keepalive: some calls failed" : "keepalive: all calls succeeded");
    return failures ? 1 : 0;
}
