/* The capture audit, through [siotrace, siot_testlsp, base] for UDP over
 * IPv4 (the test layer accepts the capture codes, as Windows does, where
 * Wine refuses them) and [siotrace, base] for TCP (Wine's own refusal).
 * Every capture code in every mode gives an audit record, checked member
 * by member, in the process's audit file; capture sessions start, change
 * and end (RCVALL_OFF, close, clean-up) with an audit_end; a short and an
 * unreadable input are audited too; 0x9800000D on a TCP socket is
 * SIO_SOCKET_CLOSE_NOTIFY and is not audited. Each call is also in the
 * trace file, once, like any other call, and each start, refusal and end is
 * an Event Log entry (recorded by the host) with the user's SID. A child
 * with a medium-integrity, unelevated token (faked through the host) ends
 * while capturing: its session's audit_end says process_exit, and has no
 * Event Log entry.
 * usage: e2e_audit LOG_DIR [quiet|noaudit]   (quiet: tracing is off or the
 * program excluded: the audit file is then the only file; noaudit: Audit is
 * 0: no audit file, no Event Log entry, the trace as ever) */
#include <winsock2.h>
#include <mstcpip.h>
#include <mswsock.h>
#include <ws2tcpip.h>

#include <string.h>
#include <wchar.h>

#include "catmodel.h"
#include "e2e.h"
#include "hostfake.h"
#include "spitest.h"

/* mswsock.h of the Windows SDK; not in MinGW's. SIO_RCVALL_MCAST_IF's value. */
#define SIO_SOCKET_CLOSE_NOTIFY _WSAIOW(IOC_VENDOR, 13)

static GUID testlsp_guid = {
    0x5107a0ce, 0x7e57, 0x4e2e, {0x80, 0x00, 0x51, 0x07, 0x7a, 0xce, 0x00, 0x03}};

/* The test layer over the UDP/IPv4 base entry, then siotrace over it and
 * over the TCP/IPv4 and RAW/IPv4 base entries. */
static void install(void)
{
    WSAPROTOCOL_INFOW over[3] = {e2e_ip4(SOCK_DGRAM, IPPROTO_UDP),
                                 e2e_ip4(SOCK_STREAM, IPPROTO_TCP), e2e_ip4(SOCK_RAW, 0)};
    e2e_install_layer(&testlsp_guid, L"siot_testlsp.dll", L"testlsp", over, 1);
    e2e_install(over, 3);
}

/* What one audit line must say; NULL strings are JSON nulls. */
typedef struct expect {
    const char *event, *name, *mode, *outcome, *capture, *error, *ended;
    long long iface;      /* -1: no member; -2: null */
    const char *in_state; /* NULL: not checked */
    SOCKET s;
    const char *socktype;
} expect_t;

#define MAX_EXPECT 64
static expect_t expected[MAX_EXPECT];
static int nexpected, traced_calls;

static void expect(expect_t e)
{
    check(nexpected < MAX_EXPECT);
    expected[nexpected++] = e;
}

static SOCKET udp_bound(void)
{
    SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    check(s != INVALID_SOCKET && bind(s, (struct sockaddr *)&a, sizeof a) == 0);
    return s;
}

static const char *mode_name(DWORD mode)
{
    static const char *const names[] = {"RCVALL_OFF", "RCVALL_ON", "RCVALL_SOCKETLEVELONLY",
                                        "RCVALL_IPLEVEL"};
    return mode < 4 ? names[mode] : NULL;
}

/* One capture call; ok: whether the layers beneath accept it. */
static int capture(SOCKET s, DWORD code, DWORD mode, DWORD iface)
{
    DWORD in[2] = {mode, iface}, bytes = 0xdeadbeef;
    DWORD len = code == SIO_RCVALL_IF || code == SIO_RCVALL_MCAST_IF ? 8 : 4;
    WSASetLastError(0xdeadbeef);
    int r = WSAIoctl(s, code, in, len, NULL, 0, &bytes, NULL, NULL);
    traced_calls++;
    return r == 0 ? 0 : WSAGetLastError();
}

static const struct {
    const char *name;
    DWORD code;
} codes[] = {
    {"SIO_RCVALL", SIO_RCVALL},
    {"SIO_RCVALL_MCAST", SIO_RCVALL_MCAST},
    {"SIO_RCVALL_IGMPMCAST", SIO_RCVALL_IGMPMCAST},
    {"SIO_RCVALL_IF", SIO_RCVALL_IF},
    {"SIO_RCVALL_MCAST_IF", SIO_RCVALL_MCAST_IF},
};

static long long iface_of(DWORD code, long long v)
{
    return code == SIO_RCVALL_IF || code == SIO_RCVALL_MCAST_IF ? v : -1;
}

/* Each code on its own socket: ON starts a session, the other two modes
 * change it, OFF stops it; a mode Windows does not know is refused. */
static void every_code_and_mode(void)
{
    static const DWORD modes[] = {RCVALL_ON, RCVALL_SOCKETLEVELONLY, RCVALL_IPLEVEL, RCVALL_OFF};
    static const char *const sessions[] = {"start", "change", "change", "stop"};
    for (size_t c = 0; c < sizeof codes / sizeof codes[0]; c++) {
        SOCKET s = udp_bound();
        for (int m = 0; m < 4; m++) {
            checkf(capture(s, codes[c].code, modes[m], 7) == 0, "%s mode %lu", codes[c].name,
                   (unsigned long)modes[m]);
            expect((expect_t){"audit", codes[c].name, mode_name(modes[m]), m == 3 ? "off" : "on",
                              sessions[m], NULL, NULL, iface_of(codes[c].code, 7), "ok", s,
                              "SOCK_DGRAM"});
        }
        expect((expect_t){"audit_end", codes[c].name, "RCVALL_IPLEVEL", NULL, NULL, NULL,
                          "RCVALL_OFF", iface_of(codes[c].code, 7), NULL, s, "SOCK_DGRAM"});
        check(capture(s, codes[c].code, 9, 7) == WSAEINVAL);
        expect((expect_t){"audit", codes[c].name, "9", "refused", "none", "WSAEINVAL", NULL,
                          iface_of(codes[c].code, 7), "ok", s, "SOCK_DGRAM"});
        check(closesocket(s) == 0);
    }
}

/* Wine refuses every capture code on its own sockets. */
static void refused_by_wine(SOCKET tcp)
{
    for (size_t c = 0; c < sizeof codes / sizeof codes[0] - 1; c++) {
        check(capture(tcp, codes[c].code, RCVALL_ON, 3) == WSAEOPNOTSUPP);
        expect((expect_t){"audit", codes[c].name, "RCVALL_ON", "refused", "none", "WSAEOPNOTSUPP",
                          NULL, iface_of(codes[c].code, 3), "ok", tcp, "SOCK_STREAM"});
    }
}

/* A raw socket, as a sniffer makes it (IPPROTO_ICMP: Linux has no raw
 * protocol 0; root only). Wine refuses the capture there too. */
static void raw_socket(void)
{
    SOCKET s = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
    if (s == INVALID_SOCKET) {
        printf("no raw socket (error %d: not root?): the raw case is skipped\n", WSAGetLastError());
        return;
    }
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    check(bind(s, (struct sockaddr *)&a, sizeof a) == 0);
    check(capture(s, SIO_RCVALL, RCVALL_ON, 0) == WSAEOPNOTSUPP);
    expect((expect_t){"audit", "SIO_RCVALL", "RCVALL_ON", "refused", "none", "WSAEOPNOTSUPP", NULL,
                      -1, "ok", s, "SOCK_RAW"});
    check(closesocket(s) == 0);
}

/* A 2-byte input and one that cannot be read: audited, with no mode. */
static void bad_inputs(void)
{
    SOCKET s = udp_bound();
    DWORD bytes;
    WORD half = 1;
    check(WSAIoctl(s, SIO_RCVALL, &half, sizeof half, NULL, 0, &bytes, NULL, NULL) != 0 &&
          WSAGetLastError() == WSAEFAULT);
    traced_calls++;
    expect((expect_t){"audit", "SIO_RCVALL", NULL, "refused", "none", "WSAEFAULT", NULL, -1, "ok",
                      s, "SOCK_DGRAM"});
    void *page = VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_NOACCESS);
    check(page);
    check(WSAIoctl(s, SIO_RCVALL_IF, page, 8, NULL, 0, &bytes, NULL, NULL) != 0 &&
          WSAGetLastError() == WSAEFAULT);
    traced_calls++;
    expect((expect_t){"audit", "SIO_RCVALL_IF", NULL, "refused", "none", "WSAEFAULT", NULL, -2,
                      "unreadable", s, "SOCK_DGRAM"});
    VirtualFree(page, 0, MEM_RELEASE);
    check(closesocket(s) == 0);
}

/* Pending counts as on: an overlapped capture starts a session. */
static void pending(void)
{
    SOCKET s = udp_bound();
    DWORD mode = RCVALL_ON, bytes = 0, flags = 0;
    WSAOVERLAPPED ov = {.hEvent = WSACreateEvent()};
    check(ov.hEvent != WSA_INVALID_EVENT);
    check(WSAIoctl(s, SIO_RCVALL, &mode, sizeof mode, NULL, 0, &bytes, &ov, NULL) == SOCKET_ERROR &&
          WSAGetLastError() == WSA_IO_PENDING);
    traced_calls++;
    check(WSAGetOverlappedResult(s, &ov, &bytes, TRUE, &flags));
    expect((expect_t){"audit", "SIO_RCVALL", "RCVALL_ON", "on", "start", "WSA_IO_PENDING", NULL, -1,
                      "ok", s, "SOCK_DGRAM"});
    check(closesocket(s) == 0);
    expect((expect_t){"audit_end", "SIO_RCVALL", "RCVALL_ON", NULL, NULL, NULL, "closed", -1, NULL,
                      s, "SOCK_DGRAM"});
    WSACloseEvent(ov.hEvent);
}

/* A session ended by closing the socket, and one still open at the clean-up. */
static SOCKET sessions_ending(void)
{
    SOCKET s = udp_bound();
    check(capture(s, SIO_RCVALL, RCVALL_ON, 0) == 0);
    expect((expect_t){"audit", "SIO_RCVALL", "RCVALL_ON", "on", "start", NULL, NULL, -1, "ok", s,
                      "SOCK_DGRAM"});
    check(closesocket(s) == 0);
    expect((expect_t){"audit_end", "SIO_RCVALL", "RCVALL_ON", NULL, NULL, NULL, "closed", -1, NULL,
                      s, "SOCK_DGRAM"});
    SOCKET open = udp_bound();
    check(capture(open, SIO_RCVALL_MCAST, RCVALL_SOCKETLEVELONLY, 0) == 0);
    expect((expect_t){"audit", "SIO_RCVALL_MCAST", "RCVALL_SOCKETLEVELONLY", "on", "start", NULL,
                      NULL, -1, "ok", open, "SOCK_DGRAM"});
    return open;
}

static bool is_true(const jdoc_t *d, const char *path)
{
    const jnode_t *n = jdoc_get(d, path);
    return n && n->type == JNODE_BOOL && n->len == 4 && memcmp(n->text, "true", 4) == 0;
}

static void check_str_or_null(const jdoc_t *d, const char *key, const char *want, size_t line)
{
    if (want)
        checkf(jdoc_str_is(d, key, want), "audit line %zu: %s is not %s", line, key, want);
    else
        checkf(jdoc_is_null(d, key), "audit line %zu: %s is not null", line, key);
}

static void check_line(const jdoc_t *d, const expect_t *e, size_t i)
{
    char sock[32];
    long long v;
    snprintf(sock, sizeof sock, "0x%016llX", (unsigned long long)e->s);
    check(jdoc_str_is(d, "event", e->event));
    checkf(jdoc_str_is(d, "name", e->name), "audit line %zu: not %s", i, e->name);
    check(jdoc_str_is(d, "socket", sock) && jdoc_str_is(d, "af", "AF_INET") &&
          jdoc_str_is(d, "socktype", e->socktype));
    check(jdoc_int(d, "pid", &v) && v == (long long)GetCurrentProcessId());
    check(jdoc_str_is(d, "image", "e2e_audit.exe") && jdoc_get(d, "instance"));
    if (e->mode && e->mode[0] >= '0' && e->mode[0] <= '9')
        checkf(jdoc_int(d, "mode", &v) && v == atoll(e->mode), "audit line %zu: mode", i);
    else
        check_str_or_null(d, "mode", e->mode, i);
    if (e->iface == -1)
        checkf(!jdoc_get(d, "interface"), "audit line %zu: an interface", i);
    else if (e->iface == -2)
        checkf(jdoc_is_null(d, "interface"), "audit line %zu: interface not null", i);
    else
        checkf(jdoc_int(d, "interface", &v) && v == e->iface, "audit line %zu: interface", i);
    /* The interface being captured: the UDP and raw sockets are bound, the TCP one is not. */
    if (strcmp(e->socktype, "SOCK_STREAM") != 0)
        checkf(jdoc_str_is(d, "local.sin_addr", "127.0.0.1"), "audit line %zu: local", i);
    else
        checkf(jdoc_is_null(d, "local"), "audit line %zu: local", i);
    /* Who: this process, as Wine's token describes it. */
    check(jdoc_get(d, "image_path") && strstr(jdoc_get(d, "image_path")->text, "e2e_audit.exe"));
    check(jdoc_get(d, "command_line") && strstr(jdoc_get(d, "command_line")->text, "e2e_audit"));
    /* Started from a Unix shell, a Wine process's parent is pid 0. */
    check(jdoc_int(d, "parent_pid", &v) && v >= 0);
    check(jdoc_get(d, "user_sid") && strncmp(jdoc_get(d, "user_sid")->text, "S-1-5-", 6) == 0);
    check(jdoc_int(d, "session_id", &v) && jdoc_str_is(d, "integrity", "high") &&
          is_true(d, "elevated"));
    if (strcmp(e->event, "audit_end") == 0) {
        checkf(jdoc_str_is(d, "ended", e->ended), "audit line %zu: ended not %s", i, e->ended);
        check(jdoc_int(d, "duration_us", &v) && v >= 0 && jdoc_get(d, "capture_since"));
        return;
    }
    check(jdoc_int(d, "tid", &v) && v == (long long)GetCurrentThreadId());
    checkf(jdoc_str_is(d, "outcome", e->outcome), "audit line %zu: outcome not %s", i, e->outcome);
    checkf(jdoc_str_is(d, "capture", e->capture), "audit line %zu: capture not %s", i, e->capture);
    check_str_or_null(d, "error", e->error, i);
    check(jdoc_int(d, "ret", &v) && v == (e->error ? -1 : 0));
    check(is_true(d, "pending") == (e->error && strcmp(e->error, "WSA_IO_PENDING") == 0));
    checkf(jdoc_str_is(d, "in.state", e->in_state), "audit line %zu: in.state", i);
}

static void check_audit_file(const char *dir)
{
    static jdoc_t d;
    e2e_log_t log;
    check(e2e_log_read(&log, dir, GetCurrentProcessId(), "audit.jsonl"));
    checkf(log.count == (size_t)nexpected, "%zu audit lines, %d expected", log.count, nexpected);
    for (size_t i = 0; i < log.count; i++) {
        checkf(e2e_log_json(&log, i, &d), "audit line %zu: %.*s", i, (int)log.lens[i],
               log.lines[i]);
        check_line(&d, &expected[i], i);
    }
    e2e_log_free(&log);
}

static bool wide_has(const WCHAR *text, const char *s)
{
    WCHAR w[256];
    MultiByteToWideChar(CP_UTF8, 0, s, -1, w, 256);
    return wcsstr(text, w) != NULL;
}

/* One entry per capture turned on or refused and per session ended, in that
 * order, each rendered from siotrace.dll's message table. */
static void check_event_log(void)
{
    char sid[192] = "";
    LONG n = 0;
    hostfake_event_t ev;
    for (int i = 0; i < nexpected; i++) {
        const expect_t *e = &expected[i];
        DWORD id = strcmp(e->event, "audit_end") == 0   ? 3
                   : strcmp(e->outcome, "on") == 0      ? 1
                   : strcmp(e->outcome, "refused") == 0 ? 2
                                                        : 0;
        if (!id)
            continue;
        checkf(hostfake_event(n, &ev), "no Event Log entry %ld (expectation %d)", (long)n, i);
        n++;
        checkf(ev.id == id, "entry %ld: id %lu, expected %lu", (long)n, ev.id, id);
        check(wcscmp(ev.source, L"siotrace") == 0 && ev.strings == 16);
        check(ev.type == (id == 1 ? EVENTLOG_WARNING_TYPE : EVENTLOG_INFORMATION_TYPE));
        checkf(wide_has(ev.text, e->name) && wide_has(ev.text, "e2e_audit.exe") &&
                   !wide_has(ev.text, "no message"),
               "entry %ld: %ls", (long)n, ev.text);
        if (id == 2)
            checkf(wide_has(ev.text, e->error), "entry %ld: %ls", (long)n, ev.text);
        if (id == 3)
            checkf(wide_has(ev.text, e->ended), "entry %ld: %ls", (long)n, ev.text);
        if (!sid[0])
            snprintf(sid, sizeof sid, "%s", ev.sid);
        check(strcmp(ev.sid, sid) == 0);
    }
    check(hostfake_events() == n);
    check(strncmp(sid, "S-1-5-", 6) == 0);
}

/* The child: a faked token, capture on, and an end without clean-up. */
static int child(void)
{
    hostfake_token(0, 0x2000);
    spitest_catalog("e2e_audit_child");
    install();
    WSADATA wsa;
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    SOCKET s = udp_bound();
    check(capture(s, SIO_RCVALL, RCVALL_ON, 0) == 0);
    /* The writer reports the start; the end, at exit, has no entry. */
    for (int waited = 0; hostfake_events() < 1 && waited < 10000; waited += 10)
        Sleep(10);
    ExitProcess(hostfake_events() == 1 ? 0 : 2);
}

static void check_child(const char *dir)
{
    char cmd[MAX_PATH * 3], self[MAX_PATH], events[MAX_PATH * 2];
    static jdoc_t d;
    STARTUPINFOA si = {.cb = sizeof si};
    PROCESS_INFORMATION pi;
    snprintf(events, sizeof events, "%s\\e2e_audit.%lu.events", dir, GetCurrentProcessId());
    DeleteFileA(events);
    check(SetEnvironmentVariableA("SIOT_EVENTLOG", events));
    check(GetModuleFileNameA(NULL, self, sizeof self) > 0);
    snprintf(cmd, sizeof cmd, "\"%s\" \"%s\" child", self, dir);
    check(CreateProcessA(self, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
    check(SetEnvironmentVariableA("SIOT_EVENTLOG", NULL));
    DWORD code = 1;
    check(WaitForSingleObject(pi.hProcess, 60000) == WAIT_OBJECT_0 &&
          GetExitCodeProcess(pi.hProcess, &code) && code == 0);
    e2e_log_t log;
    check(e2e_log_read(&log, dir, pi.dwProcessId, "audit.jsonl"));
    checkf(log.count == 2, "%zu lines in the child's audit file", log.count);
    check(e2e_log_json(&log, 0, &d) && jdoc_str_is(&d, "event", "audit") &&
          jdoc_str_is(&d, "integrity", "medium") && !is_true(&d, "elevated") &&
          jdoc_get(&d, "elevated")->type == JNODE_BOOL);
    check(e2e_log_json(&log, 1, &d) && jdoc_str_is(&d, "event", "audit_end") &&
          jdoc_str_is(&d, "ended", "process_exit") && jdoc_str_is(&d, "integrity", "medium"));
    e2e_log_free(&log);
    /* Its Event Log: the capture, and no entry for the end at exit. */
    FILE *f = fopen(events, "rb");
    check(f);
    char line[4096];
    int lines = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == ' ')
            continue; /* a line of the message */
        lines++;
        checkf(strncmp(line, "siotrace warning id=1 user=S-1-5-", 33) == 0, "%s", line);
    }
    fclose(f);
    checkf(lines == 1, "%d Event Log entries from the child", lines);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
}

/* The trace: every call once; 0x9800000D on TCP by its close-notification name. */
static void check_trace_file(const char *dir, bool quiet)
{
    static jdoc_t d;
    e2e_log_t log;
    bool found = e2e_log_read(&log, dir, GetCurrentProcessId(), "jsonl");
    if (quiet) {
        check(!found);
        return;
    }
    check(found);
    int captures = 0, notify = 0;
    for (size_t i = 0; i < log.count; i++) {
        check(e2e_log_json(&log, i, &d));
        check(!jdoc_get(&d, "event") && jdoc_get(&d, "instance"));
        if (jdoc_str_is(&d, "name", "SIO_SOCKET_CLOSE_NOTIFY")) {
            notify++;
            check(jdoc_str_is(&d, "aliases.0", "SIO_RCVALL_MCAST_IF") ||
                  strstr(log.lines[i], "\"aliases\":[\"SIO_RCVALL_MCAST_IF\"]"));
        } else if (strncmp(jdoc_get(&d, "name")->text, "SIO_RCVALL", 10) == 0) {
            captures++;
        }
    }
    checkf(captures + notify == traced_calls && notify == 1, "%d + %d traced of %d", captures,
           notify, traced_calls);
    e2e_log_free(&log);
}

int main(int argc, char **argv)
{
    const char *mode = argc == 3 ? argv[2] : "";
    check(argc == 2 || (argc == 3 && (strcmp(mode, "quiet") == 0 || strcmp(mode, "noaudit") == 0 ||
                                      strcmp(mode, "child") == 0)));
    if (strcmp(mode, "child") == 0)
        return child();
    bool quiet = strcmp(mode, "quiet") == 0;
    spitest_catalog("e2e_audit");
    install();
    WSADATA wsa;
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);

    every_code_and_mode();
    SOCKET tcp, server;
    check(e2e_tcp_pair(AF_INET, &tcp, &server));
    refused_by_wine(tcp);
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
    DWORD bytes;
    WSAIoctl(tcp, SIO_SOCKET_CLOSE_NOTIFY, &ev, sizeof ev, NULL, 0, &bytes, NULL, NULL);
    traced_calls++;
    raw_socket();
    bad_inputs();
    pending();
    SOCKET open = sessions_ending();
    check(closesocket(tcp) == 0 && closesocket(server) == 0);
    check(WSACleanup() == 0);
    expect((expect_t){"audit_end", "SIO_RCVALL_MCAST", "RCVALL_SOCKETLEVELONLY", NULL, NULL, NULL,
                      "cleanup", -1, NULL, open, "SOCK_DGRAM"});

    check_trace_file(argv[1], quiet);
    if (strcmp(mode, "noaudit") == 0) {
        e2e_log_t log;
        check(!e2e_log_read(&log, argv[1], GetCurrentProcessId(), "audit.jsonl"));
        check(hostfake_events() == 0);
        printf("Audit 0: no audit file, no Event Log entry; %d calls traced\n", traced_calls);
        return 0;
    }
    check_audit_file(argv[1]);
    check_event_log();
    check_child(argv[1]);
    printf("%d audit lines as expected; %d calls traced%s\n", nexpected, quiet ? 0 : traced_calls,
           quiet ? " (tracing off: audit file only)" : "");
    return 0;
}
