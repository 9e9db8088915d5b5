/* Overload: a burst of calls far larger than the queue, over a base
 * provider that answers in process (bench_base.dll), so that the writer
 * cannot keep up. Trace records are dropped rather than the application
 * kept waiting, and every drop is counted and written: the records written
 * plus the drops the "dropped" lines report equal the calls made, exactly.
 * The capture calls (SIO_RCVALL) in the burst, far more than the queue's
 * audit reserve holds, are never dropped: their callers wait for the
 * writer instead, and each is in the trace and in the audit file.
 * usage: e2e_drops LOG_DIR */
#include <winsock2.h>
#include <mstcpip.h>

#include "e2e.h"

#define BURST   60000
#define AUDITS  1000
#define SLOW_US 1000 /* an audit call that waited for the writer */

int main(int argc, char **argv)
{
    check(argc == 2);
    e2e_setup_over("e2e_drops", L"bench_base.dll");
    WSADATA wsa;
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    check(s != INVALID_SOCKET);
    int audits = 0, slow = 0;
    LARGE_INTEGER freq, t0, t1;
    check(QueryPerformanceFrequency(&freq));
    for (int i = 0; i < BURST; i++) {
        u_long n;
        DWORD bytes;
        if (i % (BURST / AUDITS) == BURST / AUDITS / 2) {
            unsigned int on = RCVALL_ON;
            /* bench_base refuses it: what matters is the record. */
            QueryPerformanceCounter(&t0);
            check(WSAIoctl(s, SIO_RCVALL, &on, sizeof on, NULL, 0, &bytes, NULL, NULL) ==
                  SOCKET_ERROR);
            QueryPerformanceCounter(&t1);
            slow += (t1.QuadPart - t0.QuadPart) * 1000000 / freq.QuadPart >= SLOW_US;
            audits++;
            continue;
        }
        check(WSAIoctl(s, FIONREAD, NULL, 0, &n, sizeof n, &bytes, NULL, NULL) == 0);
    }
    check(closesocket(s) == 0);
    check(WSACleanup() == 0);

    static jdoc_t d;
    e2e_log_t log;
    long long written = 0, dropped = 0, notices = 0, audit_lines = 0, total = -1, v;
    check(e2e_log_read(&log, argv[1], GetCurrentProcessId(), "jsonl"));
    for (size_t i = 0; i < log.count; i++) {
        checkf(e2e_log_json(&log, i, &d), "line %zu: %.*s", i, (int)log.lens[i], log.lines[i]);
        if (jdoc_str_is(&d, "event", "dropped")) {
            notices++;
            check(jdoc_int(&d, "dropped", &v) && v > 0);
            dropped += v;
            check(jdoc_int(&d, "dropped_audit", &v) && v == 0);
            check(jdoc_int(&d, "total_dropped", &total) && total == dropped);
            continue;
        }
        written++;
        audit_lines += jdoc_str_is(&d, "name", "SIO_RCVALL");
    }
    /* The socket's two lines (created, closed) are trace records too. */
    long long socket_lines = (long long)log.set_aside;
    e2e_log_free(&log);

    long long audit_file = 0;
    check(e2e_log_read(&log, argv[1], GetCurrentProcessId(), "audit.jsonl"));
    for (size_t i = 0; i < log.count; i++) {
        checkf(e2e_log_json(&log, i, &d), "audit line %zu", i);
        check(jdoc_str_is(&d, "event", "audit") && jdoc_str_is(&d, "name", "SIO_RCVALL"));
        audit_file++;
    }
    e2e_log_free(&log);
    printf("%d calls: %lld records written, %lld dropped (in %lld lines), %lld of %d audits "
           "traced, %lld in the audit file, %d audit calls waited >= %d us\n",
           BURST, written, dropped, notices, audit_lines, audits, audit_file, slow, SLOW_US);
    check(dropped > 0);
    checkf(written + socket_lines + dropped == BURST + 2,
           "%lld written + %lld socket lines + %lld dropped for %d calls and 2 socket records",
           written, socket_lines, dropped, BURST);
    check(audit_lines == audits && audit_file == audits);
    return 0;
}
