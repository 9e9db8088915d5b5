/* 19. A process that ends without WSACleanup (nor closesocket) still has
 * every record written: the test runs itself as a child that issues CALLS
 * IOCTLs as fast as it can and returns from main at once, then reads the
 * child's log. A second child ends with ExitProcess while 8 threads are in
 * the middle of issuing IOCTLs: it ends (nothing hangs at exit) and its log
 * holds only whole, well-formed lines.
 * Two more end in Windows' order, which Wine does not keep: every other
 * thread (siotrace's writer included) is ended first, then a library calls
 * WSACleanup from its DLL_PROCESS_DETACH, once before siotrace.dll's own
 * detach and once after it. Each ends at once (the last WSPCleanup does not
 * wait for a writer that is gone) with every record written.
 * usage: e2e_exit LOG_DIR */
#include <winsock2.h>
#include <tlhelp32.h>

#include <string.h>

#include "e2e.h"

#define CALLS 1500

static int child(void)
{
    WSADATA wsa;
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    check(s != INVALID_SOCKET);
    for (int i = 0; i < CALLS; i++) {
        u_long v = (u_long)(i & 1);
        DWORD n;
        check(WSAIoctl(s, i % 3 ? FIONREAD : FIONBIO, i % 3 ? NULL : &v, i % 3 ? 0 : sizeof v,
                       i % 3 ? &v : NULL, i % 3 ? sizeof v : 0, &n, NULL, NULL) == 0);
    }
    return 0;
}

#define BUSY_THREADS 8

static DWORD WINAPI busy_thread(void *arg)
{
    SOCKET s = (SOCKET)arg;
    for (;;) {
        u_long v;
        DWORD n;
        WSAIoctl(s, FIONREAD, NULL, 0, &v, sizeof v, &n, NULL, NULL);
    }
    return 0;
}

static int child_busy(void)
{
    WSADATA wsa;
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    for (int i = 0; i < BUSY_THREADS; i++) {
        SOCKET s = socket(AF_INET, i % 2 ? SOCK_DGRAM : SOCK_STREAM, 0);
        check(s != INVALID_SOCKET);
        check(CreateThread(NULL, 0, busy_thread, (void *)s, 0, NULL) != NULL);
    }
    Sleep(300);
    ExitProcess(0);
}

/* What Windows does first when a process ends: every thread but the one
 * calling ExitProcess is ended. */
static void end_other_threads(void)
{
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
    check(snap != INVALID_HANDLE_VALUE);
    THREADENTRY32 te;
    te.dwSize = sizeof te;
    int ended = 0;
    for (BOOL ok = Thread32First(snap, &te); ok; ok = Thread32Next(snap, &te)) {
        if (te.th32OwnerProcessID != GetCurrentProcessId() ||
            te.th32ThreadID == GetCurrentThreadId())
            continue;
        HANDLE t = OpenThread(THREAD_TERMINATE | SYNCHRONIZE, FALSE, te.th32ThreadID);
        if (!t)
            continue;
        check(TerminateThread(t, 0));
        check(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0);
        CloseHandle(t);
        ended++;
    }
    CloseHandle(snap);
    check(ended > 0); /* siotrace's writer at least */
}

/* The library is loaded before WSAStartup (`early`: detached after
 * siotrace.dll) or after the first record (detached before it). */
static int child_detach(bool early)
{
    WSADATA wsa;
    if (early)
        check(LoadLibraryW(L"e2e_atexit.dll") != NULL);
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    check(s != INVALID_SOCKET);
    for (int i = 0; i < CALLS; i++) {
        u_long v;
        DWORD n;
        check(WSAIoctl(s, FIONREAD, NULL, 0, &v, sizeof v, &n, NULL, NULL) == 0);
    }
    if (!early)
        check(LoadLibraryW(L"e2e_atexit_late.dll") != NULL);
    end_other_threads();
    ExitProcess(0);
}

/* Longest a child ending in Windows' order may take: the last WSPCleanup
 * waited 5 s for a writer thread that was gone. */
#define DETACH_MAX_MS 2500

static void detach_order(const char *mode, const char *dir)
{
    static jdoc_t d;
    DWORD t0 = GetTickCount();
    DWORD pid = e2e_run_self(mode);
    DWORD took = GetTickCount() - t0;
    checkf(took < DETACH_MAX_MS, "%s: the child took %lu ms to end", mode, (unsigned long)took);
    e2e_log_t log;
    check(e2e_log_read(&log, dir, pid, "jsonl"));
    check(log.ends_with_newline);
    checkf(log.count == CALLS, "%s: %zu lines for %d calls", mode, log.count, CALLS);
    for (size_t i = 0; i < log.count; i++) {
        checkf(e2e_log_json(&log, i, &d), "line %zu: %.*s", i, (int)log.lens[i], log.lines[i]);
        check(jdoc_str_is(&d, "name", "FIONREAD"));
    }
    e2e_log_free(&log);
    printf("child %lu (%s): threads ended, then WSACleanup from a DLL detach: ended in %lu ms, "
           "all %d records written\n",
           (unsigned long)pid, mode, (unsigned long)took, CALLS);
}

int main(int argc, char **argv)
{
    static jdoc_t d;
    check(argc == 2);
    if (strcmp(argv[1], "--child") == 0)
        return child();
    if (strcmp(argv[1], "--busy") == 0)
        return child_busy();
    if (strcmp(argv[1], "--detach-early") == 0 || strcmp(argv[1], "--detach-late") == 0)
        return child_detach(strcmp(argv[1], "--detach-early") == 0);
    e2e_setup("e2e_exit");
    DWORD pid = e2e_run_self("--child");
    e2e_log_t log;
    check(e2e_log_read(&log, argv[1], pid, "jsonl"));
    check(log.ends_with_newline);
    checkf(log.count == CALLS, "%zu lines for %d calls", log.count, CALLS);
    for (size_t i = 0; i < log.count; i++) {
        checkf(e2e_log_json(&log, i, &d), "line %zu: %.*s", i, (int)log.lens[i], log.lines[i]);
        check(jdoc_str_is(&d, "name", i % 3 ? "FIONREAD" : "FIONBIO"));
    }
    e2e_log_free(&log);
    printf("child %lu ended without WSACleanup: all %d records written\n", (unsigned long)pid,
           CALLS);

    pid = e2e_run_self("--busy");
    check(e2e_log_read(&log, argv[1], pid, "jsonl"));
    check(log.count > 0 && log.ends_with_newline);
    for (size_t i = 0; i < log.count; i++)
        checkf(e2e_log_json(&log, i, &d), "line %zu: %.*s", i, (int)log.lens[i], log.lines[i]);
    printf("child %lu ended with %d threads mid-call: %zu whole lines\n", (unsigned long)pid,
           BUSY_THREADS, log.count);
    e2e_log_free(&log);

    detach_order("--detach-early", argv[1]);
    detach_order("--detach-late", argv[1]);
    return 0;
}
