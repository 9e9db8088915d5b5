/* A plain Winsock program for the installer's end-to-end tests: a few IOCTLs
 * on a TCP socket, then whether siotrace.dll was loaded into it (the host
 * loads it only when it is in the socket's chain). Prints "pid N",
 * "protocol chains: N" (the entries WSAEnumProtocols shows that are chains
 * of LSPs) and "siotrace.dll loaded: yes|no"; exits 0 when every call did
 * what Winsock says. Built twice, as e2e_traced.exe and e2e_bypassed.exe:
 * two programs, two image paths. */
#include <winsock2.h>
#include <mswsock.h>
#include <stdio.h>

/* -1 when WSAEnumProtocols fails. */
static int count_chains(void)
{
    WSAPROTOCOL_INFOW infos[64];
    DWORD len = sizeof infos;
    int n = WSAEnumProtocolsW(NULL, infos, &len), chains = 0, i;

    if (n == SOCKET_ERROR)
        return -1;
    for (i = 0; i < n; i++)
        chains += infos[i].ProtocolChain.ChainLen > BASE_PROTOCOL;
    return chains;
}

int main(void)
{
    WSADATA wsa;
    SOCKET s;
    u_long on = 1, n = 0;
    DWORD bytes = 0;
    GUID connectex = WSAID_CONNECTEX;
    LPFN_CONNECTEX fn = NULL;
    int ok;

    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 1;
    s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET)
        return 2;
    ok = WSAIoctl(s, FIONBIO, &on, sizeof on, NULL, 0, &bytes, NULL, NULL) == 0 &&
         WSAIoctl(s, FIONREAD, NULL, 0, &n, sizeof n, &bytes, NULL, NULL) == 0 &&
         WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &connectex, sizeof connectex, &fn,
                  sizeof fn, &bytes, NULL, NULL) == 0 &&
         fn != NULL;
    printf("pid %lu\nprotocol chains: %d\nsiotrace.dll loaded: %s\n",
           (unsigned long)GetCurrentProcessId(), count_chains(),
           GetModuleHandleW(L"siotrace.dll") ? "yes" : "no");
    closesocket(s);
    WSACleanup();
    return ok ? 0 : 3;
}
