/* The layer's own cost per WSPIoctl: the same WSAIoctl(FIONREAD) on a socket
 * of the base entry (no layer) and on one of siotrace's chain over it, where
 * the base provider (bench_base.dll) answers in process. Batches on the two
 * sockets alternate, so both medians come from the same minutes of a noisy
 * machine. Calls are timed in batches small enough for the queue to take
 * every record, with a pause between batches for the writer, so the figure
 * is that of the recording path, not of a drop. A second Winsock start-up
 * with `Enabled` = 0 measures the layer when it records nothing. In the
 * first, a third batch each round runs with the test host's ETW session
 * recording every siotrace event: the difference is the Call event's
 * encoding on the calling thread plus the call into the host's recorder (a
 * real session's cost can only be measured on Windows). Then the clocks a
 * traced call reads, timed alone, to show their share. Prints one row per
 * figure (the table of `tools/dev.sh bench`); then checks that the log holds
 * one line per traced call. Not a test: the figures vary with the machine.
 * usage: bench_ioctl LOG_DIR [BATCHES [CALLS_PER_BATCH]] */
#include <winsock2.h>

#include <stdlib.h>
#include <string.h>

#include "e2e.h"
#include "hostetw.h"

#define BENCH_KEY L"SOFTWARE\\siotrace"

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

/* Medians of alternating batches on the base socket and on the chain's; with
 * etw, a third on the chain's with the host's ETW session recording. */
static void bench__pair(int batches, int calls, double *base, double *layer, double *etw)
{
    WSADATA wsa;
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    WSAPROTOCOL_INFOW pb, pl;
    bench__entries(&pb, &pl);
    const int from = FROM_PROTOCOL_INFO;
    SOCKET sb = WSASocketW(from, from, from, &pb, 0, 0);
    SOCKET sl = WSASocketW(from, from, from, &pl, 0, 0);
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
        if (!etw)
            continue;
        hostetw_session_start(5, 0xFFFFFFFFFFFFull, 0);
        te[i] = bench__batch(sl, calls, tick_ns);
        hostetw_session_stop();
        Sleep(60);
    }
    *base = bench__median(tb, batches);
    *layer = bench__median(tl, batches);
    if (etw)
        *etw = bench__median(te, batches);
    free(tb);
    free(tl);
    free(te);
    check(closesocket(sb) == 0 && closesocket(sl) == 0);
    check(WSACleanup() == 0);
}

typedef VOID(WINAPI *bench_time_fn)(LPFILETIME);

/* The clocks a traced call reads (the calling thread reads the precise time
 * once and the performance counter twice): the median of batches of calls
 * reads of one, with time (GetSystemTimePreciseAsFileTime) or without (the
 * counter). */
static double bench__clock(int batches, int calls, bench_time_fn time)
{
    LARGE_INTEGER f, a, b, c;
    FILETIME ft;
    double *t = calloc((size_t)batches, sizeof *t), median;
    check(t && QueryPerformanceFrequency(&f));
    for (int i = 0; i < batches; i++) {
        QueryPerformanceCounter(&a);
        for (int k = 0; k < calls; k++)
            if (time)
                time(&ft);
            else
                QueryPerformanceCounter(&c);
        QueryPerformanceCounter(&b);
        t[i] = (double)(b.QuadPart - a.QuadPart) * 1e9 / (double)f.QuadPart / calls;
    }
    median = bench__median(t, batches);
    free(t);
    return median;
}

static void bench__enabled(DWORD on)
{
    check(RegSetKeyValueW(HKEY_LOCAL_MACHINE, BENCH_KEY, L"Enabled", REG_DWORD, &on, sizeof on) ==
          ERROR_SUCCESS);
}

static void bench__row(const char *what, double ns, const char *ratio)
{
    printf("%-46s %9.1f ns  %s\n", what, ns, ratio);
}

int main(int argc, char **argv)
{
    check(argc >= 2);
    int batches = argc > 2 ? atoi(argv[2]) : 61;
    int calls = argc > 3 ? atoi(argv[3]) : 400;
    check(batches > 0 && calls > 0 && calls <= 1500);
    e2e_setup_over("bench_ioctl", L"bench_base.dll");

    double base, traced, etw, base_off, off;
    bench__enabled(1);
    bench__pair(batches, calls, &base, &traced, &etw);
    bench__enabled(0);
    bench__pair(batches, calls, &base_off, &off, NULL);
    check(RegDeleteKeyValueW(HKEY_LOCAL_MACHINE, BENCH_KEY, L"Enabled") == ERROR_SUCCESS);

    char ratio[96];
    bench__row("WSAIoctl(FIONREAD): base entry directly", base, "1.00 x base");
    snprintf(ratio, sizeof ratio, "%.2f x base, +%.1f ns of its own", traced / base, traced - base);
    bench__row("WSAIoctl(FIONREAD): through siotrace, tracing", traced, ratio);
    snprintf(ratio, sizeof ratio, "%.2f x base, +%.1f ns for the Call event (host recorder)",
             etw / base, etw - traced);
    bench__row("WSAIoctl(FIONREAD): tracing, ETW session on", etw, ratio);
    snprintf(ratio, sizeof ratio, "%.2f x base (%.1f ns in that run), +%.1f ns", off / base_off,
             base_off, off - base_off);
    bench__row("WSAIoctl(FIONREAD): through siotrace, Enabled=0", off, ratio);
    bench_time_fn precise = (bench_time_fn)(void (*)(void))GetProcAddress(
        GetModuleHandleW(L"kernel32.dll"), "GetSystemTimePreciseAsFileTime");
    check(precise != NULL);
    double qpc = bench__clock(batches, calls, NULL), now = bench__clock(batches, calls, precise);
    bench__row("clock: QueryPerformanceCounter", qpc, "read twice by each traced call");
    snprintf(ratio, sizeof ratio, "read once; with the two above %.1f ns, %.0f%% of the +%.1f ns",
             2 * qpc + now, 100 * (2 * qpc + now) / (traced - base), traced - base);
    bench__row("clock: GetSystemTimePreciseAsFileTime", now, ratio);

    e2e_log_t log; /* the first start-up's, the one that traced */
    check(e2e_log_read(&log, argv[1], GetCurrentProcessId(), "jsonl"));
    size_t want = 1 + 2 * (size_t)batches * (size_t)calls;
    if (log.count != want)
        fprintf(stderr,
                "bench_ioctl: %zu log lines for %zu traced calls: records were dropped, "
                "the tracing figure is too low\n",
                log.count, want);
    e2e_log_free(&log);
    printf("(%d alternating batches of %d calls per pair; medians)\n", batches, calls);
    return 0;
}
