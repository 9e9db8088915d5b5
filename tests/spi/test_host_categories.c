/* The host loads an LSP into a program only when the program's application
 * categories permit it, reading them at the process's first WSAStartup and
 * keeping them for the process's life, as Windows does (hostperm.h): the test
 * layer (LSP_INSPECTOR) is kept out of this program (LSP_FIREWALL), whose
 * sockets then go to the base provider and work; permitting LSP_INSPECTOR as
 * well changes nothing for this process, even after a WSACleanup, and the
 * next instance of the program loads the layer. */
#include "catmodel.h"
#include "check.h"
#include "spitest.h"

#include <string.h>
#include <wchar.h>
#include <winsock2.h>

static GUID lsp_guid = {
    0x5c0a7e11, 0x0b1d, 0x4e2f, {0x8a, 0x3c, 0x6d, 0x7e, 0x8f, 0x90, 0xa1, 0xb2}};

static int visible_chains(void)
{
    WSAPROTOCOL_INFOW infos[32];
    DWORD len = sizeof infos;
    int n = WSAEnumProtocolsW(NULL, infos, &len), chains = 0;
    check(n != SOCKET_ERROR, " error %d", WSAGetLastError());
    for (int i = 0; i < n; i++)
        chains += infos[i].ProtocolChain.ChainLen > BASE_PROTOCOL;
    return chains;
}

static int layer_loaded(void)
{
    return GetModuleHandleW(L"siot_testlsp.dll") != NULL;
}

/* A TCP connection over loopback carries bytes both ways. */
static void check_sockets_work(void)
{
    struct sockaddr_in sa = {0};
    int len = sizeof sa;
    char buf[8];
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), c, a;

    check(l != INVALID_SOCKET);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    check(bind(l, (struct sockaddr *)&sa, sizeof sa) == 0 && listen(l, 1) == 0);
    check(getsockname(l, (struct sockaddr *)&sa, &len) == 0);
    c = socket(AF_INET, SOCK_STREAM, 0);
    check(c != INVALID_SOCKET && connect(c, (struct sockaddr *)&sa, sizeof sa) == 0);
    a = accept(l, NULL, NULL);
    check(a != INVALID_SOCKET);
    check(send(c, "ping", 4, 0) == 4 && recv(a, buf, sizeof buf, 0) == 4);
    check(send(a, "pong", 4, 0) == 4 && recv(c, buf, sizeof buf, 0) == 4);
    check(memcmp(buf, "pong", 4) == 0);
    check(closesocket(a) == 0 && closesocket(c) == 0 && closesocket(l) == 0);
}

static void permit(DWORD categories)
{
    WCHAR self[MAX_PATH];
    DWORD n = GetModuleFileNameW(NULL, self, MAX_PATH), prev;
    int err;
    check(n > 0 && n < MAX_PATH);
    check(catmodel_WSCSetApplicationCategory(self, n, NULL, 0, categories, &prev, &err) == 0);
}

/* This program once more, as a new process (it inherits SIOT_CATALOG). */
static DWORD run_next_instance(void)
{
    WCHAR self[MAX_PATH], cmd[MAX_PATH + 16];
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    DWORD code = 1;
    DWORD n = GetModuleFileNameW(NULL, self, MAX_PATH);

    check(n > 0 && n < MAX_PATH);
    ZeroMemory(&si, sizeof si);
    si.cb = sizeof si;
    check(_snwprintf(cmd, MAX_PATH + 16, L"\"%ls\" next", self) > 0);
    check(CreateProcessW(self, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
    check(WaitForSingleObject(pi.hProcess, 30000) == WAIT_OBJECT_0);
    check(GetExitCodeProcess(pi.hProcess, &code));
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return code;
}

static int next_instance(void)
{
    WSADATA wsa;
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    check(visible_chains() > 0);
    check_sockets_work();
    check(layer_loaded());
    check(WSACleanup() == 0);
    return 0;
}

int main(int argc, char **argv)
{
    WSADATA wsa;
    DWORD inspector = LSP_INSPECTOR;
    int err;

    if (argc == 2 && strcmp(argv[1], "next") == 0)
        return next_instance();
    spitest_catalog("host_categories");
    spitest_install_testlsp(&lsp_guid);
    check(catmodel_WSCSetProviderInfo(&lsp_guid, ProviderInfoLspCategories, (PBYTE)&inspector,
                                      sizeof inspector, 0, &err) == 0);
    permit(LSP_FIREWALL);

    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    check(visible_chains() == 0);
    check_sockets_work();
    check(!layer_loaded());
    check(WSACleanup() == 0);

    /* LSP_FIREWALL | LSP_INSPECTOR permits the layer, from the next instance on. */
    permit(LSP_INSPECTOR);
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    check(visible_chains() == 0);
    check_sockets_work();
    check(!layer_loaded());
    check(WSACleanup() == 0);
    check(run_next_instance() == 0);
    printf("categories through the host: ok\n");
    return 0;
}
