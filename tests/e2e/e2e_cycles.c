/* 4. Load and unload cycles: ws2_32 (and the host) unloads siotrace.dll
 * after its last WSPCleanup. A program runs CYCLES WSAStartup/WSACleanup
 * cycles, each with sockets and IOCTLs; after them, the handle table and the
 * committed private memory are where they were after the first cycle. Wine
 * reports no handle count and no private usage, so the handle table is
 * watched through the value a new handle gets (its lowest free slot) and the
 * memory as the sum of committed private regions (VirtualQuery).
 * usage: e2e_cycles LOG_DIR */
#include <winsock2.h>

#include "e2e.h"

#define CYCLES 1000
/* Private memory the process may gain once for reasons of its own (Wine's
 * heap grew by one 64 KiB step in the first 100 cycles, then never again): a
 * leak of 128 bytes a cycle exceeds it. */
#define SLACK_BYTES (128u * 1024)

static int ioctls;

static void ioctl_on(SOCKET s)
{
    u_long v = 1;
    DWORD n;
    check(WSAIoctl(s, FIONBIO, &v, sizeof v, NULL, 0, &n, NULL, NULL) == 0);
    check(WSAIoctl(s, FIONREAD, NULL, 0, &v, sizeof v, &n, NULL, NULL) == 0);
    ioctls += 2;
}

static void cycle(void)
{
    WSADATA wsa;
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    SOCKET t = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    check(t != INVALID_SOCKET && u != INVALID_SOCKET);
    ioctl_on(t);
    ioctl_on(u);
    check(closesocket(t) == 0 && closesocket(u) == 0);
    check(WSACleanup() == 0);
}

/* The value the next handle gets: it grows when handles are left open. */
static uintptr_t next_handle(void)
{
    HANDLE h = CreateEventW(NULL, TRUE, FALSE, NULL);
    check(h != NULL);
    CloseHandle(h);
    return (uintptr_t)h;
}

static size_t committed_private(void)
{
    MEMORY_BASIC_INFORMATION m;
    size_t sum = 0;
    for (const char *p = NULL; VirtualQuery(p, &m, sizeof m) == sizeof m;
         p = (const char *)m.BaseAddress + m.RegionSize)
        if (m.State == MEM_COMMIT && m.Type == MEM_PRIVATE)
            sum += m.RegionSize;
    return sum;
}

/* siotrace's writer thread holds the DLL until it has ended: wait for the
 * unload, so that each measure sees it gone. */
static void wait_unloaded(void)
{
    for (int i = 0; GetModuleHandleW(L"siotrace.dll") && i < 500; i++)
        Sleep(2);
    check(GetModuleHandleW(L"siotrace.dll") == NULL);
}

int main(int argc, char **argv)
{
    check(argc == 2);
    e2e_setup("e2e_cycles");
    cycle();
    wait_unloaded();
    uintptr_t h1 = next_handle();
    size_t m1 = committed_private();
    for (int i = 1; i < CYCLES; i++)
        cycle();
    wait_unloaded();
    uintptr_t hn = next_handle();
    size_t mn = committed_private();
    printf("after 1 cycle: next handle 0x%llx, %zu KiB committed private; after %d: 0x%llx, "
           "%zu KiB\n",
           (unsigned long long)h1, m1 / 1024, CYCLES, (unsigned long long)hn, mn / 1024);
    checkf(hn == h1, "handles left open: the next handle went from 0x%llx to 0x%llx",
           (unsigned long long)h1, (unsigned long long)hn);
    checkf(mn <= m1 + SLACK_BYTES, "committed private memory grew by %zu KiB in %d cycles",
           (mn - m1) / 1024, CYCLES - 1);

    /* Every cycle's records were written, each load of siotrace into a file
     * of its own (<n> = the cycle). */
    size_t lines = 0;
    for (unsigned load = 1; load <= CYCLES; load++) {
        e2e_log_t log;
        checkf(e2e_log_read_load(&log, argv[1], GetCurrentProcessId(), load, "jsonl"),
               "no log of cycle %u", load);
        lines += log.count;
        e2e_log_free(&log);
    }
    checkf(lines == (size_t)ioctls, "%zu lines for %d calls", lines, ioctls);
    return 0;
}
