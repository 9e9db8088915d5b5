/* 5. Re-entry: a layer beneath siotrace (siot_testlsp.dll, in chains
 * [siotrace, testlsp, base] for IPv4 TCP and UDP) creates a TCP and a UDP
 * socket through Winsock inside its own WSPStartup. ws2_32 (and the host)
 * let that thread in again, so siotrace's WSPStartup is entered again on the
 * same thread while its first one is still running: for the UDP chain,
 * which starts; and for the TCP chain it is in the middle of starting, which
 * cannot serve a socket yet and fails with WSAEPROVIDERFAILEDINIT. Nothing
 * deadlocks; the program's own sockets work and are traced; every start-up
 * is matched by one clean-up.
 * usage: e2e_reenter LOG_DIR */
#include <winsock2.h>

#include <string.h>
#include <wchar.h>

#include "catmodel.h"
#include "e2e.h"
#include "spitest.h"
#include "testlsp.h"

#define DEADLOCK_MS 20000

static GUID testlsp_guid = {
    0x5107a0ce, 0x7e57, 0x4e2e, {0x80, 0x00, 0x51, 0x07, 0x7a, 0xce, 0x00, 0x03}};

static void install_testlsp(void)
{
    WSAPROTOCOL_INFOW over[2] = {e2e_ip4(SOCK_STREAM, IPPROTO_TCP),
                                 e2e_ip4(SOCK_DGRAM, IPPROTO_UDP)};
    e2e_install_layer(&testlsp_guid, L"siot_testlsp.dll", L"testlsp", over, 2);
}

static int ioctls;

static void fionread(SOCKET s)
{
    u_long n = 0xdeadbeef;
    DWORD bytes = 0;
    check(WSAIoctl(s, FIONREAD, NULL, 0, &n, sizeof n, &bytes, NULL, NULL) == 0 && n == 0);
    ioctls++;
}

/* The program's part, on a thread of its own so that a deadlock is seen. */
static DWORD WINAPI run(void *arg)
{
    (void)arg;
    SOCKET c, s;
    check(e2e_tcp_pair(AF_INET, &c, &s));
    fionread(c);
    fionread(s);
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    check(u != INVALID_SOCKET);
    fionread(u);
    check(closesocket(c) == 0 && closesocket(s) == 0 && closesocket(u) == 0);
    return 0;
}

int main(int argc, char **argv)
{
    check(argc == 2);
    spitest_catalog("e2e_reenter");
    install_testlsp();
    WSAPROTOCOL_INFOW over[2] = {e2e_ip4(SOCK_STREAM, IPPROTO_TCP),
                                 e2e_ip4(SOCK_DGRAM, IPPROTO_UDP)};
    e2e_install(over, 2);
    check(SetEnvironmentVariableW(L"SIOT_TESTLSP_STARTUP_SOCKETS", L"1"));
    WSADATA wsa;
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);

    HANDLE t = CreateThread(NULL, 0, run, NULL, 0, NULL);
    check(t != NULL);
    checkf(WaitForSingleObject(t, DEADLOCK_MS) == WAIT_OBJECT_0,
           "no socket after %d ms: WSPStartup re-entered on one thread deadlocked", DEADLOCK_MS);
    CloseHandle(t);

    HMODULE lsp = GetModuleHandleW(L"siot_testlsp.dll");
    check(lsp != NULL);
    testlsp_stats_fn stats = (testlsp_stats_fn)(void (*)(void))GetProcAddress(lsp, "testlsp_stats");
    check(stats != NULL);
    testlsp_stats_t st;
    stats(&st);
    check(st.startup_sockets == 1);
    checkf(st.startup_udp_err == 0, "UDP socket inside WSPStartup: error %d", st.startup_udp_err);
    checkf(st.startup_tcp_err == WSAEPROVIDERFAILEDINIT,
           "TCP socket inside the TCP chain's own WSPStartup: error %d", st.startup_tcp_err);
    check(st.startups == 2);

    spitest_log_t log = spitest_log();
    LONG mark = log.next();
    HMODULE keep;
    check(GetModuleHandleExW(0, L"siot_testlsp.dll", &keep));
    check(WSACleanup() == 0);
    stats(&st);
    checkf(st.cleanups == st.startups, "%ld start-ups of the layer beneath, %ld clean-ups",
           (long)st.startups, (long)st.cleanups);
    check(spitest_count(&log, mark, BASELOG_Cleanup) == 2);

    static jdoc_t d;
    e2e_log_t elog;
    check(e2e_log_read(&elog, argv[1], GetCurrentProcessId(), "jsonl"));
    checkf(elog.count == (size_t)ioctls, "%zu lines for %d calls", elog.count, ioctls);
    for (size_t i = 0; i < elog.count; i++) {
        checkf(e2e_log_json(&elog, i, &d), "line %zu", i);
        check(jdoc_str_is(&d, "name", "FIONREAD"));
    }
    e2e_log_free(&elog);
    printf("WSPStartup re-entered from the layer beneath: UDP chain started, TCP chain refused "
           "while starting, %d calls traced\n",
           ioctls);
    return 0;
}
