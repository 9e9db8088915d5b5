/* 6. The safe reader, against what Windows does to a buffer that Wine does
 * not: each part runs in a child process (a failure there is a crash), whose
 * log is then read. Each passes SIO_LOOPBACK_FAST_PATH (which Wine's ws2_32,
 * the base provider, refuses without reading it) a 12-byte input of which
 * only the first 8 bytes can be read:
 * - inpage: the rest is a mapped file on failed media. VirtualQuery calls it
 *   committed and readable, and reading it raises STATUS_IN_PAGE_ERROR. Wine
 *   has no such pages: the test points siotrace's import of VirtualQuery at
 *   one that says so, and a first vectored handler turns siotrace's access
 *   violation there into the in-page error Windows raises. The program gets
 *   the base provider's result and the log says "partial", 8 bytes.
 * - guard: the rest is a guard page (as below a thread's stack). siotrace
 *   never touches it (touching disarms it, and the owning thread's stack
 *   would miss its guard): no guard violation is raised at a siotrace
 *   instruction, the page stays a guard page, the log says "partial".
 * - fini: as inpage, but while the fault is being dispatched another thread
 *   runs the program's last WSACleanup (and with it siotrace's clean-up):
 *   the copy still ends safely.
 * usage: e2e_saferead LOG_DIR */
#include <winsock2.h>
#include <mstcpip.h>

#include <string.h>

#include "e2e.h"
#include "iatpatch.h"

#define READABLE 8
#define IN_LEN   12

static char *region; /* two pages: the input ends READABLE bytes into the second */
static char *bad;    /* the second page */
static SIZE_T page;
static uintptr_t lsp_lo, lsp_hi; /* siotrace.dll's image */
static volatile LONG guard_hits, inpage_raised;
static HANDLE cleanup_go, cleanup_done;

static bool in_bad(ULONG_PTR a)
{
    return a >= (ULONG_PTR)bad && a < (ULONG_PTR)bad + page;
}

static bool at_lsp(const CONTEXT *c)
{
    return c->Rip >= lsp_lo && c->Rip < lsp_hi;
}

/* What Windows raises for a read of a mapped file on failed media; ahead of
 * siotrace's handler. In "fini" mode the first one also waits for the
 * program's last WSACleanup, run by another thread, to end. */
static LONG CALLBACK media(EXCEPTION_POINTERS *ep)
{
    EXCEPTION_RECORD *er = ep->ExceptionRecord;
    if (er->NumberParameters < 2 || !in_bad(er->ExceptionInformation[1]) ||
        !at_lsp(ep->ContextRecord))
        return EXCEPTION_CONTINUE_SEARCH;
    if (er->ExceptionCode == STATUS_GUARD_PAGE_VIOLATION) {
        InterlockedIncrement(&guard_hits);
    } else if (er->ExceptionCode == EXCEPTION_ACCESS_VIOLATION) {
        er->ExceptionCode = EXCEPTION_IN_PAGE_ERROR;
        er->NumberParameters = 3;
        er->ExceptionInformation[2] = (ULONG_PTR)0xC000009CL; /* STATUS_DEVICE_DATA_ERROR */
        if (InterlockedIncrement(&inpage_raised) == 1 && cleanup_go) {
            SetEvent(cleanup_go);
            WaitForSingleObject(cleanup_done, INFINITE);
        }
    }
    return EXCEPTION_CONTINUE_SEARCH;
}

/* VirtualQuery as Windows answers for a view of a file: committed, readable. */
static SIZE_T WINAPI fake_query(LPCVOID p, PMEMORY_BASIC_INFORMATION m, SIZE_T n)
{
    if (!in_bad((ULONG_PTR)p) || n < sizeof *m)
        return VirtualQuery(p, m, n);
    memset(m, 0, sizeof *m);
    m->BaseAddress = m->AllocationBase = bad;
    m->AllocationProtect = m->Protect = PAGE_READONLY;
    m->RegionSize = page;
    m->State = MEM_COMMIT;
    m->Type = MEM_MAPPED;
    return sizeof *m;
}

static void map_region(bool guard)
{
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    page = si.dwPageSize;
    region = VirtualAlloc(NULL, 2 * page, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    check(region != NULL);
    bad = region + page;
    DWORD old;
    check(VirtualProtect(bad, page, guard ? PAGE_READWRITE | PAGE_GUARD : PAGE_NOACCESS, &old));
    memset(bad - READABLE, 0x5a, READABLE);
}

static DWORD WINAPI last_cleanup(void *arg)
{
    (void)arg;
    WaitForSingleObject(cleanup_go, INFINITE);
    check(WSACleanup() == 0);
    SetEvent(cleanup_done);
    return 0;
}

static int child(const char *mode)
{
    WSADATA wsa;
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    check(s != INVALID_SOCKET);
    /* siotrace and the base provider stay mapped even past the last
     * WSACleanup, which the fini part runs in the middle of a call. */
    HMODULE lsp, keep;
    check(GetModuleHandleExW(0, L"siotrace.dll", &lsp));
    check(GetModuleHandleExW(0, L"siot_baseprov.dll", &keep));
    MEMORY_BASIC_INFORMATION m;
    check(VirtualQuery(lsp, &m, sizeof m) == sizeof m);
    lsp_lo = (uintptr_t)m.AllocationBase;
    IMAGE_NT_HEADERS *nt = (IMAGE_NT_HEADERS *)((char *)lsp + ((IMAGE_DOS_HEADER *)lsp)->e_lfanew);
    lsp_hi = lsp_lo + nt->OptionalHeader.SizeOfImage;

    bool guard = strcmp(mode, "guard") == 0;
    map_region(guard);
    if (!guard)
        check(iatpatch_apply(lsp, "kernel32.dll", "VirtualQuery", fake_query) >= 0);
    check(AddVectoredExceptionHandler(1, media) != NULL);
    HANDLE t = NULL;
    if (strcmp(mode, "fini") == 0) {
        cleanup_go = CreateEventW(NULL, TRUE, FALSE, NULL);
        cleanup_done = CreateEventW(NULL, TRUE, FALSE, NULL);
        t = CreateThread(NULL, 0, last_cleanup, NULL, 0, NULL);
        check(cleanup_go && cleanup_done && t);
    }

    DWORD bytes = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    int ret =
        WSAIoctl(s, SIO_LOOPBACK_FAST_PATH, bad - READABLE, IN_LEN, NULL, 0, &bytes, NULL, NULL);
    int err = ret ? WSAGetLastError() : 0;
    printf("%s: SIO_LOOPBACK_FAST_PATH with %d of %d bytes readable: ret %d err %d; "
           "in-page errors %ld, guard violations by siotrace %ld\n",
           mode, READABLE, IN_LEN, ret, err, (long)inpage_raised, (long)guard_hits);
    if (t) {
        check(WaitForSingleObject(t, 10000) == WAIT_OBJECT_0);
        /* The record went to a writer started after that clean-up. One more
         * start-up and clean-up lets it finish before the process ends.
         * Without it the process ended with that writer still writing, and
         * under Wine the exit then aborted in ntdll now and then
         * (server_get_unix_fd's assertion, about one run in 13); the exit
         * flush has tests of its own. */
        check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
        check(WSACleanup() == 0);
        return inpage_raised == 1 ? 0 : 3;
    }
    checkf(guard ? guard_hits == 0 : inpage_raised == 1, "%s", mode);
    if (guard) {
        check(VirtualQuery(bad, &m, sizeof m) == sizeof m);
        checkf(m.Protect & PAGE_GUARD, "the guard page lost its guard (protect 0x%lx)", m.Protect);
    }
    /* The base provider's own result, on its own entry beneath siotrace. */
    check(closesocket(s) == 0);
    check(WSACleanup() == 0);
    return 0;
}

/* The child's one record: its input read up to the unreadable part. */
static void check_record(const char *dir, DWORD pid, const char *mode)
{
    static jdoc_t d;
    e2e_log_t log;
    long long len, size;
    /* A record submitted after the last WSACleanup, as the call that was
     * still copying when it ran, goes to the files of the writer started
     * after it: the next start-up's (load 2), its socket lines in load 1. */
    check(e2e_log_read(&log, dir, pid, "jsonl"));
    if (log.count == 0 && strcmp(mode, "fini") == 0) {
        e2e_log_free(&log);
        check(e2e_log_read_load(&log, dir, pid, 2, "jsonl"));
    }
    checkf(log.count == 1, "%s: %zu lines", mode, log.count);
    check(e2e_log_json(&log, 0, &d));
    check(jdoc_str_is(&d, "name", "SIO_LOOPBACK_FAST_PATH"));
    checkf(jdoc_str_is(&d, "in.state", "partial") && jdoc_int(&d, "in.len", &len) &&
               len == READABLE && jdoc_int(&d, "in.size", &size) && size == IN_LEN,
           "%s: %.*s", mode, (int)log.lens[0], log.lines[0]);
    e2e_log_free(&log);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--child") == 0)
        return child(argv[2]);
    check(argc == 2);
    e2e_setup("e2e_saferead");
    const char *modes[] = {"inpage", "guard", "fini"};
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        char args[64];
        snprintf(args, sizeof args, "--child %s", modes[i]);
        DWORD pid = e2e_run_self(args);
        check_record(argv[1], pid, modes[i]);
        printf("%s: no fault, input logged as the %d bytes that could be read\n", modes[i],
               READABLE);
    }
    return 0;
}
