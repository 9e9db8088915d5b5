/* A layered provider in the catalog: the host starts it once per chain GUID
 * with the chain's protocol info, its own catalog look-ups reach the model
 * through the patched import table, the sockets it registers with
 * WPUModifyIFSHandle are dispatched to it, and it reaches the base provider. */
#include "catmodel.h"
#include "check.h"
#include "spitest.h"
#include "testlsp.h"

#include <string.h>
#include <wchar.h>
#include <winsock2.h>

static GUID lsp_guid = {
    0x3b8a3a8e, 0x51d4, 0x4d36, {0x9a, 0x1c, 0x5e, 0x6f, 0x70, 0x81, 0x92, 0xa3}};

int main(void)
{
    WSADATA wsa;
    struct sockaddr_in sa = {0};
    int len = sizeof(sa);
    u_long n = 0;
    DWORD bytes = 0;
    char buf[16];
    testlsp_stats_t st;

    spitest_catalog("host_lsp");
    spitest_install_testlsp(&lsp_guid);
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);

    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    check(l != INVALID_SOCKET);
    HMODULE lsp = GetModuleHandleW(L"siot_testlsp.dll");
    check(lsp != NULL);
    testlsp_stats_fn stats = (testlsp_stats_fn)(void (*)(void))GetProcAddress(lsp, "testlsp_stats");
    check(stats != NULL);
    stats(&st);
    check(st.startups == 1 && st.chain_len == 2 && st.layered_found);

    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    check(bind(l, (struct sockaddr *)&sa, sizeof(sa)) == 0);
    check(getsockname(l, (struct sockaddr *)&sa, &len) == 0 && listen(l, 1) == 0);
    SOCKET c = socket(AF_INET, SOCK_STREAM, 0);
    check(connect(c, (struct sockaddr *)&sa, sizeof(sa)) == 0);
    SOCKET a = accept(l, NULL, NULL);
    check(a != INVALID_SOCKET);
    check(send(c, "abc", 3, 0) == 3 && recv(a, buf, sizeof(buf), 0) == 3);

    /* The ioctl goes to the layer, which hands the base the same arguments. */
    spitest_log_t log = spitest_log();
    check(send(a, "xy", 2, 0) == 2);
    Sleep(50);
    LONG mark = log.next();
    check(WSAIoctl(c, FIONREAD, NULL, 0, &n, sizeof(n), &bytes, NULL, NULL) == 0 && n == 2);
    baselog_call_t r = spitest_find(&log, mark, BASELOG_Ioctl);
    check(r.s == c && r.out == &n && r.count == &bytes && r.code == FIONREAD);
    stats(&st);
    check(st.ioctls == 1 && st.sockets == 3);

    /* The base provider was started by the layer, with the base entry. */
    r = spitest_find(&log, 0, BASELOG_Startup);
    check(r.arg == 1001);

    /* UDP is another chain, under another GUID: a second start. */
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
    check(u != INVALID_SOCKET);
    stats(&st);
    check(st.startups == 2);

    check(closesocket(u) == 0 && closesocket(a) == 0 && closesocket(c) == 0 && closesocket(l) == 0);
    mark = log.next();
    /* Hold the layer: the host unloads it at the last WSACleanup. */
    check(GetModuleHandleExW(0, L"siot_testlsp.dll", &lsp));
    check(WSACleanup() == 0);
    stats(&st);
    check(st.cleanups == 2);
    check(spitest_count(&log, mark, BASELOG_Cleanup) == 2);
    printf("layered provider through the host: ok\n");
    return 0;
}
