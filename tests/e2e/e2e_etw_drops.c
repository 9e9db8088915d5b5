/* Overload seen through ETW: a session taking only the health keyword,
 * and a burst far larger than the queue over a base provider that answers
 * in process (bench_base.dll). Each "dropped" line of the log has its
 * Dropped event with the same counts, in the same order, and the session
 * gets nothing else.
 * usage: e2e_etw_drops LOG_DIR */
#include <winsock2.h>

#include "e2e.h"
#include "etwdec.h"
#include "etwrec.h"
#include "etwsink.h"
#include "hostetw.h"

#define BURST     60000
#define MAX_DROPS 4096

static uint8_t raw[1 << 22];
static char json[16384];

int main(int argc, char **argv)
{
    check(argc == 2);
    e2e_setup_over("e2e_etw_drops", L"bench_base.dll");
    hostetw_session_start(5, ETWSINK_KW_HEALTH, 0);
    WSADATA wsa;
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    check(s != INVALID_SOCKET);
    for (int i = 0; i < BURST; i++) {
        u_long n;
        DWORD bytes;
        check(WSAIoctl(s, FIONREAD, NULL, 0, &n, sizeof n, &bytes, NULL, NULL) == 0);
    }
    check(closesocket(s) == 0);
    check(WSACleanup() == 0);

    /* The log's "dropped" lines, in order. */
    static long long want[MAX_DROPS][2];
    size_t lines = 0;
    static jdoc_t d;
    e2e_log_t log;
    check(e2e_log_read(&log, argv[1], GetCurrentProcessId(), "jsonl"));
    for (size_t i = 0; i < log.count; i++) {
        checkf(e2e_log_json(&log, i, &d), "line %zu", i);
        if (!jdoc_str_is(&d, "event", "dropped"))
            continue;
        check(lines < MAX_DROPS);
        check(jdoc_int(&d, "dropped", &want[lines][0]) &&
              jdoc_int(&d, "total_dropped", &want[lines][1]));
        lines++;
    }
    e2e_log_free(&log);
    checkf(lines > 0, "the burst dropped nothing: no overload to see");

    size_t n = hostetw_events(raw, sizeof raw), events = 0;
    check(n <= sizeof raw);
    for (size_t at = 0; at < n; events++) {
        etwrec_t r;
        size_t size = etwrec_get(raw + at, n - at, &r);
        check(size > 0);
        at += size;
        size_t len = etwdec_json(json, sizeof json, &r);
        check(len < sizeof json && jdoc_parse(&d, json, len));
        checkf(jdoc_str_is(&d, "event", "Dropped") &&
                   jdoc_str_is(&d, "keywords", "0x0000000000000010"),
               "the health session got %s", json);
        long long dropped, total;
        check(jdoc_int(&d, "level", &dropped) && dropped == 3);
        check(jdoc_int(&d, "fields.dropped", &dropped) &&
              jdoc_int(&d, "fields.total_dropped", &total));
        checkf(events < lines && dropped == want[events][0] && total == want[events][1],
               "Dropped event %zu: %lld (total %lld)", events, dropped, total);
    }
    checkf(events == lines, "%zu Dropped events for %zu dropped lines", events, lines);
    hostetw_stats_t st;
    hostetw_stats(&st);
    check(st.unwanted == 0 && st.invalid == 0);
    printf("e2e_etw_drops: %zu Dropped events, as many as dropped lines\n", events);
    return 0;
}
