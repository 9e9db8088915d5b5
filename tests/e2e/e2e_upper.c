/* 2. Another LSP above siotrace that does not start it once per chain: the
 * test LSP (siot_testlsp.dll) is installed over siotrace's IPv4 TCP and UDP
 * chains, [testlsp, siotrace, base], and, like the SDK's sample LSP for
 * chains whose next entry is one provider, starts siotrace once, for its
 * first chain, and then creates sockets of every chain through that start:
 * - first: started with the TCP chain's WSAPROTOCOL_INFOW;
 * - entry: started with siotrace's own layered entry, which holds no chain.
 * siotrace matches as the SDK sample does (the entry's id, else a chain of
 * its own with the same address family, socket type and protocol) and starts
 * what the chain needs when its first socket comes. TCP and UDP sockets
 * work, each IOCTL goes through both layers and is traced once; every start
 * is matched by a clean-up. Each mode runs in a child process, with the test
 * LSP's chains linked to siotrace's layered entry, [testlsp, siotrace-layered,
 * base], and then linked as the SDK sample's installer links them, to
 * siotrace's chains, [testlsp, siotrace-chain, base]: the test LSP hands that
 * chain down unchanged, and siotrace finds itself in it through its chain.
 * usage: e2e_upper LOG_DIR */
#include <winsock2.h>

#include <string.h>
#include <wchar.h>

#include "catmodel.h"
#include "e2e.h"
#include "spitest.h"
#include "testlsp.h"

static GUID testlsp_guid = {
    0x5107a0ce, 0x7e57, 0x4e2e, {0x80, 0x00, 0x51, 0x07, 0x7a, 0xce, 0x00, 0x04}};

/* Over siotrace's IPv4 TCP and UDP chains, or over all six in the SDK
 * sample's link style. */
static void install_testlsp(catmodel_link_t link)
{
    WSAPROTOCOL_INFOW over[2] = {e2e_ip4(SOCK_STREAM, IPPROTO_TCP),
                                 e2e_ip4(SOCK_DGRAM, IPPROTO_UDP)};
    WCHAR dll[MAX_PATH];
    DWORD layered = 0;
    int err = 0;
    if (link == CATMODEL_LINK_LAYERED) {
        e2e_install_layer(&testlsp_guid, L"siot_testlsp.dll", L"testlsp", over, 2);
        return;
    }
    e2e_beside(L"siot_testlsp.dll", dll);
    checkf(catmodel_install_lsp_over(&testlsp_guid, dll, NULL, L"testlsp", XP1_IFS_HANDLES, link,
                                     &layered, &err) == 0,
           "installing testlsp in the model catalog: error %d", err);
}

#define IOCTLS 4

static void fionread(SOCKET s, spitest_log_t *log)
{
    u_long n = 0xdeadbeef;
    DWORD bytes = 0;
    LONG mark = log->next();
    check(WSAIoctl(s, FIONREAD, NULL, 0, &n, sizeof n, &bytes, NULL, NULL) == 0 && n == 0);
    baselog_call_t r = spitest_find(log, mark, BASELOG_Ioctl);
    check(r.s == s && r.code == FIONREAD && r.out == &n);
}

static int child(void)
{
    WSADATA wsa;
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    SOCKET c, s;
    checkf(e2e_tcp_pair(AF_INET, &c, &s), "TCP through [testlsp, siotrace, base]: error %d",
           WSAGetLastError());
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    checkf(u != INVALID_SOCKET, "UDP through [testlsp, siotrace, base]: error %d",
           WSAGetLastError());
    check(send(c, "up", 2, 0) == 2);
    char buf[4];
    check(recv(s, buf, sizeof buf, 0) == 2);
    spitest_log_t log = spitest_log();
    fionread(c, &log);
    fionread(s, &log);
    fionread(u, &log);
    fionread(u, &log);

    HMODULE lsp = GetModuleHandleW(L"siot_testlsp.dll");
    check(lsp != NULL);
    testlsp_stats_fn stats = (testlsp_stats_fn)(void (*)(void))GetProcAddress(lsp, "testlsp_stats");
    check(stats != NULL);
    testlsp_stats_t st;
    stats(&st);
    checkf(st.startups == 2 && st.ioctls == IOCTLS, "%ld start-ups, %ld IOCTLs", (long)st.startups,
           (long)st.ioctls);
    check(closesocket(c) == 0 && closesocket(s) == 0 && closesocket(u) == 0);
    HMODULE keep;
    check(GetModuleHandleExW(0, L"siot_baseprov.dll", &keep));
    LONG mark = log.next(), started = spitest_count(&log, 0, BASELOG_Startup);
    check(WSACleanup() == 0);
    checkf(spitest_count(&log, mark, BASELOG_Cleanup) == started,
           "%ld base start-ups, %d clean-ups", (long)started,
           spitest_count(&log, mark, BASELOG_Cleanup));
    return 0;
}

static void run_modes(const char *dir, const char *link)
{
    const char *modes[] = {"first", "entry"};
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        check(SetEnvironmentVariableA("SIOT_TESTLSP_LOWER_START", modes[i]));
        DWORD pid = e2e_run_self("--child");
        static jdoc_t d;
        e2e_log_t log;
        check(e2e_log_read(&log, dir, pid, "jsonl"));
        checkf(log.count == IOCTLS, "mode %s, [testlsp, %s, base]: %zu lines for %d calls",
               modes[i], link, log.count, IOCTLS);
        for (size_t k = 0; k < log.count; k++) {
            check(e2e_log_json(&log, k, &d));
            check(jdoc_str_is(&d, "name", "FIONREAD"));
        }
        e2e_log_free(&log);
        printf("siotrace started once by the LSP above (%s, [testlsp, %s, base]), TCP and UDP "
               "sockets: %d calls traced\n",
               modes[i], link, IOCTLS);
    }
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--child") == 0)
        return child();
    check(argc == 2);
    static const char *const links[] = {"siotrace-layered", "siotrace-chain"};
    for (int link = CATMODEL_LINK_LAYERED; link <= CATMODEL_LINK_CHAIN; link++) {
        e2e_setup(link == CATMODEL_LINK_CHAIN ? "e2e_upper_chain" : "e2e_upper");
        install_testlsp((catmodel_link_t)link);
        run_modes(argv[1], links[link]);
    }
    return 0;
}
