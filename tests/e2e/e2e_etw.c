/* siotrace's ETW events, recorded by the test host's session (hostetw.h)
 * and read back with the consumer-side decoder (tests/etw/etwdec.h):
 * - no session: the provider is registered once for the process (several
 *   chains), its traits set, and not one event is written;
 * - a session taking everything: every Call event, rebuilt into a call
 *   record from its decoded fields alone, renders exactly the JSON line
 *   siotrace wrote for that call (so every field and the raw bytes agree);
 *   each was written on the thread that made the call; each Decoded event
 *   has the Call of its sequence number and carries the JSON line's in and
 *   out members; a session enabled after registration gets ProcessStart;
 * - sessions taking one keyword, one level or a MatchAll get exactly those
 *   events, and siotrace never writes one a session did not ask for;
 * - the provider is unregistered at the last WSACleanup;
 * - a log directory that cannot exist gives WriteFailed events naming the
 *   file and counting every line lost;
 * - with tracing off (Enabled = 0), ProcessStart says so and no call event
 *   is written.
 * usage: e2e_etw LOG_DIR */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mstcpip.h>
#include <mswsock.h>

#include <string.h>

#include "e2e.h"
#include "etwdec.h"
#include "etwrec.h"
#include "etwcall.h"
#include "etwsink.h"
#include "hostetw.h"
#include "rec.h"

#define ALL_KEYWORDS 0xFFFFFFFFFFFFull
#define MAX_EVENTS   256

/* The events recorded so far, decoded. */
typedef struct events {
    uint8_t raw[1 << 20];
    char json[MAX_EVENTS][16384];
    jdoc_t doc[MAX_EVENTS];
    size_t count;
} events_t;

static events_t ev;

static void events_read(void)
{
    size_t n = hostetw_events(ev.raw, sizeof ev.raw);
    checkf(n <= sizeof ev.raw, "%zu bytes of events", n);
    ev.count = 0;
    for (size_t at = 0; at < n;) {
        etwrec_t r;
        size_t size = etwrec_get(ev.raw + at, n - at, &r);
        checkf(size > 0, "damaged record at %zu", at);
        checkf(ev.count < MAX_EVENTS, "more than %d events", MAX_EVENTS);
        size_t len = etwdec_json(ev.json[ev.count], sizeof ev.json[0], &r);
        checkf(len < sizeof ev.json[0], "event %zu: %zu bytes of JSON", ev.count, len);
        checkf(jdoc_parse(&ev.doc[ev.count], ev.json[ev.count], len), "%s", ev.json[ev.count]);
        checkf(!jdoc_get(&ev.doc[ev.count], "error"), "%s", ev.json[ev.count]);
        ev.count++;
        at += size;
    }
}

static size_t events_named(const char *name)
{
    size_t n = 0;
    for (size_t i = 0; i < ev.count; i++)
        n += jdoc_str_is(&ev.doc[i], "event", name);
    return n;
}

/* The types a consumer sees, for the fields where the type is the point. */
static void check_call_types(const jdoc_t *d)
{
    static const char *const want[][2] = {
        {"types.seq", "UINT64"},
        {"types.time", "FILETIME"},
        {"types.pid", "UINT32:PID"},
        {"types.tid", "UINT32:TID"},
        {"types.image", "ANSISTRING:UTF8"},
        {"types.socket", "HEXINT64"},
        {"types.af", "INT32"},
        {"types.code", "HEXINT32"},
        {"types.name", "ANSISTRING:UTF8"},
        {"types.in", "BINARY"},
        {"types.out", "BINARY"},
        {"types.ret", "INT32"},
        {"types.error", "UINT32:WIN32ERROR"},
        {"types.bytes", "UINT32"},
        {"types.lower_ns", "UINT64"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        checkf(jdoc_str_is(d, want[i][0], want[i][1]), "%s is not %s", want[i][0], want[i][1]);
}

static void check_provider(const jdoc_t *d)
{
    checkf(jdoc_str_is(d, "provider", "siotrace"), "provider");
    checkf(jdoc_str_is(d, "guid", "{6657e705-6f30-52f8-21cf-5202b43971a8}"), "guid");
    checkf(etwcall_num(d, "channel") == 11 && etwcall_num(d, "id") == 0 &&
               etwcall_num(d, "version") == 0 && etwcall_num(d, "opcode") == 0,
           "a TraceLogging descriptor");
    checkf(etwcall_num(d, "pid") == (long long)GetCurrentProcessId(), "pid");
}

/* The JSON line a Call event stands for: the one its rebuilt record renders. */
static size_t matching_line(const e2e_log_t *log, const jdoc_t *d)
{
    static etwcall_t r;
    static char line[65536];
    etwcall_rebuild(d, &r);
    size_t n = rec_json(line, sizeof line, &r.c);
    checkf(n < sizeof line, "rebuilt line too long");
    size_t found = log->count;
    for (size_t i = 0; i < log->count; i++) {
        if (log->lens[i] == n && memcmp(log->lines[i], line, n) == 0) {
            checkf(found == log->count, "two lines match %s", line);
            found = i;
        }
    }
    checkf(found < log->count, "no JSON line says what the Call event says:\n  %s", line);
    return found;
}

static void check_decoded(const e2e_log_t *log, const size_t *line_of, size_t i)
{
    const jdoc_t *d = &ev.doc[i];
    long long seq = etwcall_num(d, "fields.seq");
    size_t call = ev.count;
    for (size_t k = 0; k < ev.count; k++)
        if (jdoc_str_is(&ev.doc[k], "event", "Call") &&
            etwcall_num(&ev.doc[k], "fields.seq") == seq) {
            checkf(call == ev.count, "two Call events with seq %lld", seq);
            call = k;
        }
    checkf(call < ev.count, "Decoded seq %lld has no Call", seq);
    const jdoc_t *c = &ev.doc[call];
    checkf(etwcall_num(d, "fields.tid") == etwcall_num(c, "fields.tid"), "tid");
    checkf(etwcall_hex(d, "fields.code") == etwcall_hex(c, "fields.code"), "code");
    checkf(etwcall_num(d, "thread") != etwcall_num(c, "thread"),
           "Decoded comes from the writer thread");
    jdoc_t line;
    checkf(e2e_log_json(log, line_of[call], &line), "line %zu", line_of[call]);
    static char got[32768], want[32768];
    static const char *const keys[] = {"in", "out"};
    for (int k = 0; k < 2; k++) {
        char path[16];
        snprintf(path, sizeof path, "fields.%s", keys[k]);
        etwcall_str(d, path, got, sizeof got);
        etwcall_member(&line, keys[k], want, sizeof want);
        checkf(strcmp(got, want) == 0, "Decoded %s:\n  got:  %s\n  want: %s", keys[k], got, want);
    }
}

/* ---- the calls ---- */

typedef struct sockets {
    SOCKET tcp, peer, udp;
} sockets_t;

static void open_sockets(sockets_t *s)
{
    check(e2e_tcp_pair(AF_INET, &s->tcp, &s->peer));
    s->udp = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    check(s->udp != INVALID_SOCKET);
}

static void close_sockets(sockets_t *s)
{
    closesocket(s->tcp);
    closesocket(s->peer);
    closesocket(s->udp);
}

static int calls_made;

static int call_ioctl(SOCKET s, DWORD code, void *in, DWORD in_size, void *out, DWORD out_size,
                      DWORD *bytes, WSAOVERLAPPED *ov)
{
    calls_made++;
    return WSAIoctl(s, code, in, in_size, out, out_size, bytes, ov, NULL);
}

static DWORD WINAPI other_thread(void *arg)
{
    u_long n = 0;
    DWORD bytes = 0;
    call_ioctl(*(SOCKET *)arg, FIONREAD, NULL, 0, &n, sizeof n, &bytes, NULL);
    return 0;
}

/* A spread of calls: input, output, both, self-relative output, refusals,
 * an unknown code, no bytes pointer, an overlapped call left pending, a
 * capture larger than the inline room, and one from another thread. */
static void many_calls(sockets_t *s, DWORD *other_tid)
{
    u_long on = 1, n = 0;
    DWORD bytes = 0;
    struct tcp_keepalive ka = {1, 30000, 1000};
    GUID connectex = WSAID_CONNECTEX;
    void *fn = NULL;
    SOCKET base = 0;
    static uint8_t list[2048], big[5000];
    RCVALL_VALUE mode = RCVALL_ON;
    WSAOVERLAPPED ov = {0};

    call_ioctl(s->tcp, FIONBIO, &on, sizeof on, NULL, 0, &bytes, NULL);
    send(s->peer, "hello", 5, 0);
    Sleep(20);
    call_ioctl(s->tcp, FIONREAD, NULL, 0, &n, sizeof n, &bytes, NULL);
    call_ioctl(s->tcp, SIO_KEEPALIVE_VALS, &ka, sizeof ka, NULL, 0, &bytes, NULL);
    call_ioctl(s->tcp, SIO_GET_EXTENSION_FUNCTION_POINTER, &connectex, sizeof connectex, &fn,
               sizeof fn, &bytes, NULL);
    call_ioctl(s->tcp, SIO_BASE_HANDLE, NULL, 0, &base, sizeof base, &bytes, NULL);
    call_ioctl(s->udp, SIO_ADDRESS_LIST_QUERY, NULL, 0, list, sizeof list, &bytes, NULL);
    call_ioctl(s->udp, SIO_RCVALL, &mode, sizeof mode, NULL, 0, &bytes, NULL);
    call_ioctl(s->udp, 0x980000F7, NULL, 0, NULL, 0, &bytes, NULL);
    call_ioctl(s->tcp, FIONREAD, NULL, 0, &n, sizeof n, NULL, NULL);
    call_ioctl(s->tcp, SIO_KEEPALIVE_VALS, big, sizeof big, NULL, 0, &bytes, NULL);
    ov.hEvent = WSACreateEvent();
    call_ioctl(s->udp, SIO_ADDRESS_LIST_CHANGE, NULL, 0, NULL, 0, &bytes, &ov);
    HANDLE t = CreateThread(NULL, 0, other_thread, &s->tcp, 0, other_tid);
    check(t);
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
}

static void expect_stats(LONG registered, LONG recorded, const char *when)
{
    hostetw_stats_t st;
    hostetw_stats(&st);
    checkf(st.registered == registered, "%s: %ld registered", when, st.registered);
    checkf(st.recorded == recorded, "%s: %ld recorded", when, st.recorded);
    checkf(st.unwanted == 0, "%s: %ld writes no session asked for", when, st.unwanted);
    checkf(st.invalid == 0 && st.too_big == 0 && st.traits_refused == 0,
           "%s: %ld invalid, %ld too big, %ld traits refused", when, st.invalid, st.too_big,
           st.traits_refused);
}

static void start_winsock(void)
{
    WSADATA w;
    check(WSAStartup(MAKEWORD(2, 2), &w) == 0);
}

/* No session, then one taking everything enabled while registered. */
/* Audit events are written when the writer writes the audit line: a
 * capture call made before a session starts gets none once its line is out. */
static void wait_audit_lines(const char *dir, size_t want)
{
    for (int i = 0; i < 500; i++) {
        e2e_log_t log;
        if (e2e_log_read(&log, dir, GetCurrentProcessId(), "audit.jsonl")) {
            size_t n = log.count;
            e2e_log_free(&log);
            if (n >= want)
                return;
        }
        Sleep(10);
    }
    checkf(0, "no %zu audit lines after 5 s", want);
}

static void test_full(const char *dir)
{
    sockets_t s;
    DWORD other_tid = 0;
    hostetw_stats_t st;

    start_winsock();
    open_sockets(&s);
    hostetw_stats(&st);
    checkf(st.registrations == 1 && st.traits_set == 1,
           "one registration for every chain: %ld, traits %ld", st.registrations, st.traits_set);
    many_calls(&s, &other_tid);
    wait_audit_lines(dir, 1);
    expect_stats(1, 0, "no session");
    int calls_before = calls_made;

    hostetw_session_start(5, ALL_KEYWORDS, 0);
    events_read();
    checkf(ev.count == 1 && events_named("ProcessStart") == 1,
           "a session enabled later gets ProcessStart: %zu events", ev.count);
    checkf(etwcall_num(&ev.doc[0], "thread") != (long long)GetCurrentThreadId(),
           "written from the notification");
    char image[64];
    etwcall_str(&ev.doc[0], "fields.image", image, sizeof image);
    checkf(strcmp(image, "e2e_etw.exe") == 0 && etwcall_bool(&ev.doc[0], "fields.traced") &&
               jdoc_str_is(&ev.doc[0], "fields.formats", "json"),
           "ProcessStart: %s", ev.json[0]);

    many_calls(&s, &other_tid);
    close_sockets(&s);
    check(WSACleanup() == 0);
    hostetw_stats(&st);
    checkf(st.registered == 0 && st.unregistrations == 1, "unregistered at the last WSACleanup");
    checkf(st.unwanted == 0, "%ld unwanted writes", st.unwanted);
    events_read();

    e2e_log_t log;
    check(e2e_log_read(&log, dir, GetCurrentProcessId(), "jsonl"));
    int session_calls = calls_made - calls_before;
    checkf(log.count == (size_t)calls_made, "%zu lines for %d calls", log.count, calls_made);
    checkf(events_named("Call") == (size_t)session_calls, "%zu Call events for %d calls",
           events_named("Call"), session_calls);
    checkf(events_named("Decoded") == (size_t)session_calls, "%zu Decoded events",
           events_named("Decoded"));
    /* The session's one SIO_RCVALL, refused (a UDP socket): its Audit. */
    checkf(events_named("Audit") == 1 && events_named("AuditEnd") == 0, "%zu Audit, %zu AuditEnd",
           events_named("Audit"), events_named("AuditEnd"));
    checkf(ev.count == 1 + 2 * (size_t)session_calls + 1, "%zu events", ev.count);

    static size_t line_of[MAX_EVENTS];
    bool used[MAX_EVENTS] = {false};
    long long last_seq = 0;
    for (size_t i = 0; i < ev.count; i++) {
        const jdoc_t *d = &ev.doc[i];
        check_provider(d);
        if (!jdoc_str_is(d, "event", "Call"))
            continue;
        checkf(etwcall_num(d, "level") == 5 && jdoc_str_is(d, "keywords", "0x0000000000000001"),
               "Call's level and keyword");
        check_call_types(d);
        line_of[i] = matching_line(&log, d);
        checkf(line_of[i] >= (size_t)calls_before && !used[line_of[i]], "line %zu", line_of[i]);
        used[line_of[i]] = true;
        long long tid = etwcall_num(d, "fields.tid");
        checkf(etwcall_num(d, "thread") == tid, "Call written on the calling thread");
        checkf(tid == (long long)GetCurrentThreadId() || tid == (long long)other_tid, "tid");
        long long seq = etwcall_num(d, "fields.seq");
        checkf(seq > last_seq, "seq increases: %lld after %lld", seq, last_seq);
        last_seq = seq;
    }
    for (size_t i = 0; i < ev.count; i++)
        if (jdoc_str_is(&ev.doc[i], "event", "Decoded"))
            check_decoded(&log, line_of, i);
    e2e_log_free(&log);
}

/* Sessions that ask for part of the events, enabled before the provider
 * registers (the callback comes inside EventRegister). */
static void test_selection(void)
{
    static const struct {
        UCHAR level;
        ULONGLONG any, all;
        size_t call, decoded, process;
        bool audit; /* the capture call's Audit (and AuditEnd, when it started one) */
    } cases[] = {
        {5, ETWSINK_KW_CALL, 0, 2, 0, 0, false},
        {5, ETWSINK_KW_DECODED, 0, 0, 2, 0, false},
        {5, ETWSINK_KW_PROCESS, 0, 0, 0, 1, false},
        {5, ETWSINK_KW_AUDIT, 0, 0, 0, 0, true},
        {5, ETWSINK_KW_HEALTH, 0, 0, 0, 0, false},
        {4, ALL_KEYWORDS, 0, 0, 0, 1, true},
        {0, ALL_KEYWORDS, 0, 2, 2, 1, true},
        {5, ALL_KEYWORDS, ETWSINK_KW_CALL | ETWSINK_KW_AUDIT, 0, 0, 0, false},
        {5, ETWSINK_KW_CALL | ETWSINK_KW_DECODED, 0, 2, 2, 0, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sockets_t s;
        u_long n = 0;
        DWORD bytes = 0;
        RCVALL_VALUE mode = RCVALL_ON;
        hostetw_session_stop();
        hostetw_clear();
        hostetw_session_start(cases[i].level, cases[i].any, cases[i].all);
        start_winsock();
        open_sockets(&s);
        call_ioctl(s.tcp, FIONREAD, NULL, 0, &n, sizeof n, &bytes, NULL);
        bool started =
            call_ioctl(s.udp, SIO_RCVALL, &mode, sizeof mode, NULL, 0, &bytes, NULL) == 0;
        close_sockets(&s);
        check(WSACleanup() == 0);
        events_read();
        size_t audit = cases[i].audit, audit_end = cases[i].audit && started;
        checkf(
            events_named("Call") == cases[i].call && events_named("Decoded") == cases[i].decoded &&
                events_named("ProcessStart") == cases[i].process &&
                events_named("Audit") == audit && events_named("AuditEnd") == audit_end &&
                ev.count == cases[i].call + cases[i].decoded + cases[i].process + audit + audit_end,
            "case %zu (level %u, any 0x%llx, all 0x%llx): %zu events", i, cases[i].level,
            (unsigned long long)cases[i].any, (unsigned long long)cases[i].all, ev.count);
        for (size_t k = 0; k < ev.count; k++)
            if (jdoc_str_is(&ev.doc[k], "event", "ProcessStart"))
                checkf(etwcall_num(&ev.doc[k], "thread") == (long long)GetCurrentThreadId(),
                       "ProcessStart at registration, on the thread that started Winsock");
        expect_stats(0, (LONG)ev.count, "selection");
    }
    hostetw_session_stop();
}

/* A session stopped: nothing more is written. */
static void test_stopped(void)
{
    sockets_t s;
    DWORD other_tid;
    hostetw_clear();
    hostetw_session_start(5, ALL_KEYWORDS, 0);
    start_winsock();
    open_sockets(&s);
    hostetw_session_stop();
    hostetw_clear();
    many_calls(&s, &other_tid);
    close_sockets(&s);
    check(WSACleanup() == 0);
    expect_stats(0, 0, "after the session stopped");
}

static HKEY config_key(void)
{
    HKEY key;
    check(RegCreateKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\siotrace", 0, NULL, 0, KEY_SET_VALUE,
                          NULL, &key, NULL) == ERROR_SUCCESS);
    return key;
}

static void test_untraced(void)
{
    HKEY key = config_key();
    DWORD zero = 0;
    check(RegSetValueExW(key, L"Enabled", 0, REG_DWORD, (const BYTE *)&zero, sizeof zero) ==
          ERROR_SUCCESS);
    sockets_t s;
    DWORD other_tid;
    hostetw_clear();
    hostetw_session_start(5, ALL_KEYWORDS, 0);
    start_winsock();
    open_sockets(&s);
    many_calls(&s, &other_tid);
    close_sockets(&s);
    check(WSACleanup() == 0);
    hostetw_session_stop();
    check(RegDeleteValueW(key, L"Enabled") == ERROR_SUCCESS);
    RegCloseKey(key);
    events_read();
    /* Auditing goes on: the capture call's Audit. */
    checkf(ev.count == 2 && jdoc_str_is(&ev.doc[0], "event", "ProcessStart") &&
               !etwcall_bool(&ev.doc[0], "fields.traced") && events_named("Audit") == 1,
           "untraced: %zu events", ev.count);
    expect_stats(0, 2, "untraced");
}

/* LogDirectory under a plain file: every line is lost. */
static void test_write_failed(const char *dir)
{
    char blocker[MAX_PATH];
    WCHAR logdir[MAX_PATH];
    snprintf(blocker, sizeof blocker, "%s\\blocker", dir);
    HANDLE f = CreateFileA(blocker, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    check(f != INVALID_HANDLE_VALUE);
    CloseHandle(f);
    check(_snwprintf(logdir, MAX_PATH, L"%hs\\sub", blocker) > 0);
    HKEY key = config_key();
    check(RegSetValueExW(key, L"LogDirectory", 0, REG_SZ, (const BYTE *)logdir,
                         (DWORD)((wcslen(logdir) + 1) * sizeof(WCHAR))) == ERROR_SUCCESS);

    sockets_t s;
    u_long n = 0;
    DWORD bytes = 0;
    hostetw_clear();
    hostetw_session_start(5, ETWSINK_KW_HEALTH, 0);
    start_winsock();
    open_sockets(&s);
    for (int i = 0; i < 3; i++)
        call_ioctl(s.tcp, FIONREAD, NULL, 0, &n, sizeof n, &bytes, NULL);
    close_sockets(&s);
    check(WSACleanup() == 0);
    hostetw_session_stop();
    check(RegDeleteValueW(key, L"LogDirectory") == ERROR_SUCCESS);
    RegCloseKey(key);

    events_read();
    long long lost = 0, total = 0;
    for (size_t i = 0; i < ev.count; i++) {
        const jdoc_t *d = &ev.doc[i];
        if (jdoc_str_is(d, "event", "Dropped"))
            continue;
        checkf(jdoc_str_is(d, "event", "WriteFailed") && etwcall_num(d, "level") == 2, "%s",
               ev.json[i]);
        char path[MAX_PATH];
        etwcall_str(d, "fields.path", path, sizeof path);
        checkf(strstr(path, "\\blocker\\sub\\e2e_etw.exe.") != NULL, "path %s", path);
        lost += etwcall_num(d, "fields.lost");
        total = etwcall_num(d, "fields.total_lost");
    }
    /* Lines: the records', and a "dropped" line reporting them when the
     * writer got to write one; records: the three calls and nine socket lines
     * (the listener created, bound and closed; the client, the accepted peer
     * and the UDP socket created and closed). */
    checkf(lost >= 12 && total == 12, "%lld lines lost, %lld records", lost, total);
    expect_stats(0, (LONG)ev.count, "write failed");
}

int main(int argc, char **argv)
{
    checkf(argc == 2, "usage: e2e_etw LOG_DIR");
    e2e_setup("e2e_etw");
    test_full(argv[1]);
    test_selection();
    test_stopped();
    test_write_failed(argv[1]);
    test_untraced();
    printf("e2e_etw: ok\n");
    return 0;
}
