/* 1. Several chains, and another LSP above siotrace: siotrace.dll is
 * installed over every base entry, and a second, independent LSP (a copy of
 * it, siotrace_b.dll) over TCP and UDP IPv4, that is over the top-most entries
 * serving them, siotrace's chains; b also gets a chain straight over the
 * TCP/IP base entry, written by hand as an installer may. Sockets go through
 * [b, siotrace, base], [siotrace, base] and [b, base]: each layer finds its own place in the chain,
 * starts what is beneath it once, passes the chain's WSAPROTOCOL_INFOW to a layer and the base
 * entry's own to the base provider, and every start-up is matched by a clean-up. Data and IOCTLs go
 * through; each layer logs each IOCTL. usage: e2e_stack LOG_DIR */
#include <winsock2.h>
#include <ws2tcpip.h>

#include <string.h>
#include <wchar.h>

#include "catmodel.h"
#include "e2e.h"
#include "spitest.h"

static GUID b_guid = {0x5107a0ce, 0x7e57, 0x4e2e, {0x80, 0x00, 0x51, 0x07, 0x7a, 0xce, 0x00, 0x02}};
static GUID b_tcp_guid = {
    0x5107a0ce, 0x7e57, 0x4e2e, {0x80, 0x00, 0x51, 0x07, 0x7a, 0xce, 0x00, 0x03}};

static void install_b(void)
{
    WCHAR dll[MAX_PATH];
    DWORD layered = 0;
    int err = 0;
    e2e_beside(L"siotrace_b.dll", dll);
    WSAPROTOCOL_INFOW over[2] = {e2e_ip4(SOCK_STREAM, IPPROTO_TCP),
                                 e2e_ip4(SOCK_DGRAM, IPPROTO_UDP)};
    checkf(catmodel_WSCInstallProviderAndChains(&b_guid, dll, L"b", XP1_IFS_HANDLES, over, 2,
                                                &layered, &err) == 0,
           "installing the second LSP: error %d", err);

    /* [b, TCP/IP base]: a copy of the base entry 1001 with b's layered entry above it. */
    static WSAPROTOCOL_INFOW all[64];
    DWORD size = sizeof all;
    int count = catmodel_WSCEnumProtocols(NULL, all, &size, &err), i;
    for (i = 0; i < count && all[i].dwCatalogEntryId != 1001; i++)
        ;
    check(i < count);
    WSAPROTOCOL_INFOW chain = all[i];
    chain.ProtocolChain.ChainLen = 2;
    chain.ProtocolChain.ChainEntries[0] = layered;
    chain.ProtocolChain.ChainEntries[1] = 1001;
    wcscpy(chain.szProtocol, L"b over [MSAFD Tcpip [TCP/IP]]");
    checkf(catmodel_WSCInstallProvider(&b_tcp_guid, dll, &chain, 1, &err) == 0,
           "installing b's chain over TCP/IP: error %d", err);
}

/* The chain entry whose ChainEntries are exactly `ids`. */
static WSAPROTOCOL_INFOW chain_of(const DWORD *ids, int len)
{
    static WSAPROTOCOL_INFOW all[64];
    DWORD size = sizeof all;
    int n = WSAEnumProtocolsW(NULL, all, &size);
    check(n > 0);
    for (int i = 0; i < n; i++)
        if (all[i].ProtocolChain.ChainLen == len &&
            memcmp(all[i].ProtocolChain.ChainEntries, ids, (size_t)len * sizeof *ids) == 0)
            return all[i];
    check(!"no such chain");
    return all[0];
}

/* The layered entry ids of both LSPs, from the catalog (WSAEnumProtocols,
 * like Windows', does not list layered entries). */
static void layered_ids(DWORD *a, DWORD *b)
{
    static WSAPROTOCOL_INFOW all[64];
    DWORD size = sizeof all;
    int err = 0;
    int n = catmodel_WSCEnumProtocols(NULL, all, &size, &err);
    *a = *b = 0;
    for (int i = 0; i < n; i++) {
        if (all[i].ProtocolChain.ChainLen != LAYERED_PROTOCOL)
            continue;
        if (IsEqualGUID(&all[i].ProviderId, &b_guid))
            *b = all[i].dwCatalogEntryId;
        else
            *a = all[i].dwCatalogEntryId;
    }
    check(*a && *b);
}

static int ioctls;   /* through siotrace (a) */
static int ioctls_b; /* through the second LSP (b) */

static void fionread(SOCKET s, bool a, bool b, spitest_log_t *log)
{
    u_long n = 0xdeadbeef;
    DWORD bytes = 0;
    LONG mark = log->next();
    check(WSAIoctl(s, FIONREAD, NULL, 0, &n, sizeof n, &bytes, NULL, NULL) == 0 && n == 0);
    /* One call reached the base provider, with the application's arguments. */
    check(log->next() - mark == 1);
    baselog_call_t r = spitest_find(log, mark, BASELOG_Ioctl);
    check(r.s == s && r.code == FIONREAD && r.out == &n && r.count == &bytes);
    ioctls += a;
    ioctls_b += b;
}

static void echo(SOCKET c, SOCKET s)
{
    char buf[8];
    check(send(c, "stack", 5, 0) == 5 && recv(s, buf, sizeof buf, 0) == 5);
    check(memcmp(buf, "stack", 5) == 0);
}

int main(int argc, char **argv)
{
    check(argc == 2);
    e2e_setup("e2e_stack");
    install_b();
    WSADATA wsa;
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    DWORD a, b;
    layered_ids(&a, &b);

    /* socket() takes the first chain: [b, siotrace, base]. */
    SOCKET c, s;
    check(e2e_tcp_pair(AF_INET, &c, &s));
    echo(c, s);
    spitest_log_t log = spitest_log();
    LONG start = 0;
    fionread(c, true, true, &log);

    const DWORD tcp_ba[] = {b, a, 1001}, tcp_b[] = {b, 1001}, udp_ba[] = {b, a, 1002};
    WSAPROTOCOL_INFOW info = chain_of(tcp_b, 2);
    SOCKET only_b = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &info, 0,
                               WSA_FLAG_OVERLAPPED);
    check(only_b != INVALID_SOCKET);
    fionread(only_b, false, true, &log);
    info = chain_of(udp_ba, 3);
    SOCKET u = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &info, 0,
                          WSA_FLAG_OVERLAPPED);
    check(u != INVALID_SOCKET);
    fionread(u, true, true, &log);
    info = chain_of(tcp_ba, 3);
    check(info.dwCatalogEntryId != 0);
    /* IPv6 has siotrace alone: [siotrace, base]. */
    SOCKET c6, s6;
    if (e2e_tcp_pair(AF_INET6, &c6, &s6)) {
        echo(c6, s6);
        fionread(c6, true, false, &log);
        check(closesocket(c6) == 0 && closesocket(s6) == 0);
    }

    /* The base provider was only ever started for its own entries. */
    int startups = 0;
    for (LONG i = start; i < log.next(); i++) {
        baselog_call_t r;
        if (log.get(i, &r) && r.fn == BASELOG_Startup) {
            checkf(r.arg >= 1001 && r.arg <= 1006, "base provider started for entry %ld",
                   (long)r.arg);
            startups++;
        }
    }
    check(startups >= 3);

    check(closesocket(c) == 0 && closesocket(s) == 0 && closesocket(only_b) == 0 &&
          closesocket(u) == 0);
    HMODULE keep;
    check(GetModuleHandleExW(0, L"siot_baseprov.dll", &keep));
    LONG mark = log.next();
    check(WSACleanup() == 0);
    checkf(spitest_count(&log, mark, BASELOG_Cleanup) == startups,
           "%d start-ups of the base provider, %d clean-ups", startups,
           spitest_count(&log, mark, BASELOG_Cleanup));

    /* Each layer logs each of its calls once, into a file of its own (loads 1
     * and 2 of this process's names: the two DLLs never share a file). */
    static jdoc_t d;
    size_t lines = 0;
    for (unsigned load = 1; load <= 2; load++) {
        e2e_log_t elog;
        checkf(e2e_log_read_load(&elog, argv[1], GetCurrentProcessId(), load, "jsonl"), "no log %u",
               load);
        for (size_t i = 0; i < elog.count; i++) {
            checkf(e2e_log_json(&elog, i, &d), "line %zu: %.*s", i, (int)elog.lens[i],
                   elog.lines[i]);
            check(jdoc_str_is(&d, "name", "FIONREAD"));
        }
        lines += elog.count;
        e2e_log_free(&elog);
    }
    checkf(lines == (size_t)(ioctls + ioctls_b), "%zu lines for %d + %d calls", lines, ioctls,
           ioctls_b);
    printf("stacked and single chains: %d base start-ups and clean-ups, %d + %d lines\n", startups,
           ioctls, ioctls_b);
    return 0;
}
