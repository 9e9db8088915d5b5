/* The layer's own cost per WSPIoctl: the same WSAIoctl(FIONREAD) on a socket
 * of the base entry (no layer) and on one of siotrace's chain over it, where
 * the base provider (bench_base.dll) answers in process. Calls are timed in
 * batches small enough for the queue to take every record, with a pause
 * between batches for the writer, so the figure is that of the recording
 * path, not of a drop. Then the layered socket again with the test host's
 * ETW session recording every siotrace event: the difference is the Call
 * event's encoding on the calling thread plus the call into the host's
 * recorder (a real session's cost can only be measured on Windows). Prints
 * the medians and their ratio; then checks that the log holds one line per
 * traced call. Not a test: the figures vary with the machine.
 * usage: bench_ioctl LOG_DIR [BATCHES [CALLS_PER_BATCH]] */
#include <winsock2.h>

#include <stdlib.h>
#include <string.h>

#include "e2e.h"
#include "hostetw.h"

static int bench__cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double bench__median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, bench__cmp);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The base TCP/IPv4 entry and the chain whose last link is it. */
static void bench__entries(WSAPROTOCOL_INFOW *base, WSAPROTOCOL_INFOW *chain)
{
    DWORD len = 0;
    check(WSAEnumProtocolsW(NULL, NULL, &len) == SOCKET_ERROR && WSAGetLastError() == WSAENOBUFS);
    WSAPROTOCOL_INFOW *all = malloc(len);
    check(all);
    int n = WSAEnumProtocolsW(NULL, all, &len);
    check(n > 0);
    bool have_base = false, have_chain = false;
    for (int i = 0; i < n && !have_base; i++)
        if (all[i].ProtocolChain.ChainLen == BASE_PROTOCOL && all[i].iAddressFamily == AF_INET &&
            all[i].iSocketType == SOCK_STREAM) {
            *base = all[i];
            have_base = true;
        }
    check(have_base);
    for (int i = 0; i < n && !have_chain; i++) {
        const WSAPROTOCOLCHAIN *pc = &all[i].ProtocolChain;
        if (pc->ChainLen == 2 && pc->ChainEntries[1] == base->dwCatalogEntryId) {
            *chain = all[i];
            have_chain = true;
        }
    }
    checkf(have_chain, "no protocol chain over the base TCP/IPv4 entry");
    free(all);
}

static double bench__batch(SOCKET s, int calls, double tick_ns)
{
    LARGE_INTEGER a, b;
    u_long v;
    DWORD n;
    QueryPerformanceCounter(&a);
    for (int i = 0; i < calls; i++)
        WSAIoctl(s, FIONREAD, NULL, 0, &v, sizeof v, &n, NULL, NULL);
    QueryPerformanceCounter(&b);
    return (double)(b.QuadPart - a.QuadPart) * tick_ns / calls;
}

int main(int argc, char **argv)
{
    check(argc >= 2);
    int batches = argc > 2 ? atoi(argv[2]) : 61;
    int calls = argc > 3 ? atoi(argv[3]) : 400;
    check(batches > 0 && calls > 0 && calls <= 1500);
    char path[MAX_PATH * 2];
    e2e_log_path(path, sizeof path, argv[1], GetCurrentProcessId(), "jsonl");
    DeleteFileA(path); /* a file of an earlier process with this pid */
    e2e_setup_over("bench_ioctl", L"bench_base.dll");
    WSADATA wsa;
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    WSAPROTOCOL_INFOW base, chain;
    bench__entries(&base, &chain);
    const int from = FROM_PROTOCOL_INFO;
    SOCKET sb = WSASocketW(from, from, from, &base, 0, 0);
    SOCKET sl = WSASocketW(from, from, from, &chain, 0, 0);
    check(sb != INVALID_SOCKET && sl != INVALID_SOCKET);
    u_long v;
    DWORD n;
    check(WSAIoctl(sb, FIONREAD, NULL, 0, &v, sizeof v, &n, NULL, NULL) == 0);
    check(WSAIoctl(sl, FIONREAD, NULL, 0, &v, sizeof v, &n, NULL, NULL) == 0);
    Sleep(100);

    LARGE_INTEGER f;
    QueryPerformanceFrequency(&f);
    double tick_ns = 1e9 / (double)f.QuadPart;
    double *tb = calloc((size_t)batches, sizeof *tb), *tl = calloc((size_t)batches, sizeof *tl);
    double *te = calloc((size_t)batches, sizeof *te);
    check(tb && tl && te);
    for (int i = 0; i < batches; i++) {
        tb[i] = bench__batch(sb, calls, tick_ns);
        tl[i] = bench__batch(sl, calls, tick_ns);
        Sleep(60); /* the writer empties the queue between batches */
    }
    hostetw_session_start(5, 0xFFFFFFFFFFFFull, 0);
    for (int i = 0; i < batches; i++) {
        te[i] = bench__batch(sl, calls, tick_ns);
        Sleep(60);
    }
    hostetw_session_stop();
    hostetw_stats_t st;
    hostetw_stats(&st);
    double mb = bench__median(tb, batches), ml = bench__median(tl, batches);
    double me = bench__median(te, batches);
    printf("WSAIoctl(FIONREAD), base provider answering in process, %d batches of %d calls\n",
           batches, calls);
    printf("  base entry directly:   median %8.1f ns/call\n", mb);
    printf("  through siotrace:      median %8.1f ns/call (no ETW session)\n", ml);
    printf("  siotrace's own cost:          %8.1f ns/call (ratio %.2f)\n", ml - mb, ml / mb);
    printf("  through siotrace, ETW session recording (test host's recorder):\n");
    printf("                         median %8.1f ns/call (+%.1f: Call event encoded and handed"
           " to the recorder)\n", me, me - ml);
    printf("  events recorded: %ld (Call and Decoded, ProcessStart), unwanted writes: %ld\n",
           st.recorded, st.unwanted);
    check(closesocket(sb) == 0 && closesocket(sl) == 0);
    check(WSACleanup() == 0);

    e2e_log_t log;
    check(e2e_log_read(&log, argv[1], GetCurrentProcessId(), "jsonl"));
    size_t traced = 1 + 2 * (size_t)batches * (size_t)calls;
    printf("  log lines: %zu for %zu traced calls%s\n", log.count, traced,
           log.count == traced ? "" : " (some records were dropped: figures are too low)");
    e2e_log_free(&log);
    free(tb);
    free(tl);
    free(te);
    return 0;
}
