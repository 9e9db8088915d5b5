/* Log files no other account can squat (issue 9, items 7-9). Each case is a
 * child process making the same calls, whose results must be the same
 * whatever happens to its log:
 * - a file another account created in advance under the exact name the
 *   child will use is left untouched, and the child writes the next name,
 *   also past a run of 64 of them;
 * - a child that starts and cleans up Winsock 70 times (siotrace loaded
 *   anew each time, its numbering starting again) writes 70 files;
 * - a log directory owned by an account that is not an administrator, or
 *   that is a reparse point (both faked through the host's import patch:
 *   under Wine every file is owned by the elevated Unix user, and Wine 8
 *   makes no junctions) gets no file, and one Event Log entry says why;
 * - owned by Administrators or SYSTEM, it gets the file.
 * usage: e2e_logsec LOG_DIR | e2e_logsec LOG_DIR child FAKE CALLS
 * (FAKE: none, reparse, the owner's SID, or cycles: CALLS start-ups) */
#include <winsock2.h>

#include <string.h>

#include "e2e.h"
#include "hostfake.h"

/* One FIONREAD per start-up, `cycles` start-ups. */
static int child_cycles(int cycles)
{
    e2e_setup("e2e_logsec_child");
    for (int i = 0; i < cycles; i++) {
        WSADATA wsa;
        u_long n = 0xdeadbeef;
        DWORD bytes = 0;
        check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
        SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        check(s != INVALID_SOCKET);
        check(WSAIoctl(s, FIONREAD, NULL, 0, &n, sizeof n, &bytes, NULL, NULL) == 0 && n == 0);
        check(closesocket(s) == 0 && WSACleanup() == 0);
    }
    return 0;
}

static int child(const char *fake, int calls)
{
    if (strcmp(fake, "cycles") == 0)
        return child_cycles(calls);
    if (strcmp(fake, "reparse") == 0)
        hostfake_reparse(TRUE);
    else if (strcmp(fake, "none") != 0)
        hostfake_owner(fake);
    e2e_setup("e2e_logsec_child");
    WSADATA wsa;
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    check(s != INVALID_SOCKET);
    for (int i = 0; i < calls; i++) {
        u_long n = 0xdeadbeef;
        DWORD bytes = 0;
        check(WSAIoctl(s, FIONREAD, NULL, 0, &n, sizeof n, &bytes, NULL, NULL) == 0);
        check(n == 0 && bytes == sizeof n);
    }
    check(closesocket(s) == 0);
    check(WSACleanup() == 0);
    return 0;
}

typedef struct run {
    PROCESS_INFORMATION pi;
    char events[MAX_PATH * 2];
} run_t;

static void start(run_t *r, const char *dir, const char *fake, int calls, bool suspended)
{
    char cmd[MAX_PATH * 3], self[MAX_PATH];
    STARTUPINFOA si = {.cb = sizeof si};
    static int n;
    snprintf(r->events, sizeof r->events, "%s\\e2e_logsec.%lu.%d.events", dir,
             GetCurrentProcessId(), ++n);
    DeleteFileA(r->events);
    check(SetEnvironmentVariableA("SIOT_EVENTLOG", r->events));
    check(GetModuleFileNameA(NULL, self, sizeof self) > 0);
    snprintf(cmd, sizeof cmd, "\"%s\" \"%s\" child %s %d", self, dir, fake, calls);
    check(CreateProcessA(self, cmd, NULL, NULL, FALSE, suspended ? CREATE_SUSPENDED : 0, NULL, NULL,
                         &si, &r->pi));
    check(SetEnvironmentVariableA("SIOT_EVENTLOG", NULL));
}

/* Waits for the child; the process handle stays open for its log names. */
static void finish(run_t *r)
{
    DWORD code = 1;
    if (r->pi.hThread)
        ResumeThread(r->pi.hThread);
    check(WaitForSingleObject(r->pi.hProcess, 60000) == WAIT_OBJECT_0);
    check(GetExitCodeProcess(r->pi.hProcess, &code));
    checkf(code == 0, "the child's calls were affected: exit %lu", code);
}

static long lines_of(run_t *r, const char *dir, unsigned load)
{
    e2e_log_t log;
    if (!e2e_log_read_load(&log, dir, r->pi.dwProcessId, load, "jsonl"))
        return -1;
    long n = (long)log.count;
    e2e_log_free(&log);
    return n;
}

/* The entries the child reported (lines of the host's record that start one). */
static int entries(const run_t *r, const char *want)
{
    char line[4096];
    int n = 0;
    FILE *f = fopen(r->events, "rb");
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == ' ')
            continue;
        checkf(strncmp(line, "siotrace error id=4 user=S-1-5-", 31) == 0, "%s", line);
        checkf(strstr(line, want), "'%s' not in: %s", want, line);
        n++;
    }
    fclose(f);
    return n;
}

static void squatted(const char *dir)
{
    run_t r;
    char path[MAX_PATH * 2], got[64];
    static const char squat[] = "a line the squatter wrote\n";
    start(&r, dir, "none", 4, true);
    e2e_log_path(path, sizeof path, dir, r.pi.dwProcessId, 1, "jsonl");
    /* e2e_log_path names this program: the child is this program too. */
    FILE *f = fopen(path, "wb");
    check(f && fwrite(squat, 1, sizeof squat - 1, f) == sizeof squat - 1);
    fclose(f);
    finish(&r);
    f = fopen(path, "rb");
    check(f);
    size_t n = fread(got, 1, sizeof got, f);
    fclose(f);
    check(n == sizeof squat - 1 && memcmp(got, squat, n) == 0);
    checkf(lines_of(&r, dir, 2) == 4, "the child's own file: %ld lines", lines_of(&r, dir, 2));
    check(entries(&r, "") == 0);
    printf("a pre-created %s left untouched; the child wrote load 2\n", strrchr(path, '\\') + 1);
    check(DeleteFileA(path)); /* not siotrace's: the log schema test reads the directory */
}

#define TAKEN 64

static void run_taken(const char *dir)
{
    run_t r;
    char path[MAX_PATH * 2];
    start(&r, dir, "none", 2, true);
    for (unsigned load = 1; load <= TAKEN; load++) {
        e2e_log_path(path, sizeof path, dir, r.pi.dwProcessId, load, "jsonl");
        FILE *f = fopen(path, "wb");
        check(f);
        fclose(f);
    }
    finish(&r);
    for (unsigned load = 1; load <= TAKEN; load++) {
        checkf(lines_of(&r, dir, load) == 0, "load %u was written to", load);
        e2e_log_path(path, sizeof path, dir, r.pi.dwProcessId, load, "jsonl");
        check(DeleteFileA(path));
    }
    checkf(lines_of(&r, dir, TAKEN + 1) == 2, "load %u: %ld lines", TAKEN + 1,
           lines_of(&r, dir, TAKEN + 1));
    check(entries(&r, "") == 0);
    printf("%d names taken in advance: untouched; the child wrote load %d\n", TAKEN, TAKEN + 1);
}

#define CYCLES 70

static void cycles(const char *dir)
{
    run_t r;
    start(&r, dir, "cycles", CYCLES, false);
    finish(&r);
    for (unsigned load = 1; load <= CYCLES; load++)
        checkf(lines_of(&r, dir, load) == 1, "load %u: %ld lines", load, lines_of(&r, dir, load));
    check(lines_of(&r, dir, CYCLES + 1) == -1);
    printf("%d Winsock start-ups in one process: %d files of one record each\n", CYCLES, CYCLES);
}

static void refused(const char *dir, const char *fake, const char *why)
{
    run_t r;
    start(&r, dir, fake, 3, false);
    finish(&r);
    for (unsigned load = 1; load <= 3; load++)
        checkf(lines_of(&r, dir, load) == -1, "%s: a log file (load %u)", fake, load);
    checkf(entries(&r, why) == 1, "%s: not one Event Log entry", fake);
    printf("%s: no file, one Event Log entry (%s)\n", fake, why);
}

static void accepted(const char *dir, const char *fake)
{
    run_t r;
    start(&r, dir, fake, 5, false);
    finish(&r);
    checkf(lines_of(&r, dir, 1) == 5, "%s: %ld lines", fake, lines_of(&r, dir, 1));
    check(entries(&r, "") == 0);
    printf("%s: written\n", fake);
}

int main(int argc, char **argv)
{
    if (argc == 5 && strcmp(argv[2], "child") == 0)
        return child(argv[3], atoi(argv[4]));
    check(argc == 2);
    squatted(argv[1]);
    run_taken(argv[1]);
    cycles(argv[1]);
    refused(argv[1], "S-1-5-21-1-2-3-1001", "is not owned by SYSTEM, Administrators");
    refused(argv[1], "reparse", "reparse point");
    accepted(argv[1], "S-1-5-32-544");
    accepted(argv[1], "S-1-5-18");
    return 0;
}
