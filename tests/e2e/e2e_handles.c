/* 7. siotrace's own handles (its writer's events and thread, its log files)
 * are created lazily, after a program may have closed sockets; handle values
 * are reused at once, so a lazily created handle could take a closed
 * socket's value, and a program that checks that the socket it closed is no
 * longer a valid handle (an epoll emulation library's tests do) would find it
 * valid. The program first makes an IOCTL on a socket of the base entry
 * alone (so that the base provider, Wine's ws2_32, has its own per-thread
 * event), closes CLOSED sockets, then makes its first IOCTL through
 * siotrace, waits for both log files (json and text) to be written, and
 * finds every closed value invalid, as it is without siotrace.
 * usage: e2e_handles LOG_DIR */
#include <winsock2.h>

#include <string.h>

#include "e2e.h"

#define CLOSED  8
#define WAIT_MS 10000

static bool has_data(const char *dir, const char *ext)
{
    char path[MAX_PATH * 2];
    WIN32_FILE_ATTRIBUTE_DATA a;
    e2e_log_path(path, sizeof path, dir, GetCurrentProcessId(), 1, ext);
    return GetFileAttributesExA(path, GetFileExInfoStandard, &a) &&
           (a.nFileSizeLow | a.nFileSizeHigh) != 0;
}

/* The kind of object h names ("Event", "File", "Thread"...), for the message. */
static const char *kind(HANDLE h, char *buf, size_t n)
{
    typedef LONG(NTAPI * query_fn)(HANDLE, int, void *, ULONG, ULONG *);
    query_fn query =
        (query_fn)(void (*)(void))GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "NtQueryObject");
    /* ObjectTypeInformation (2) starts with the type's UNICODE_STRING name. */
    static union {
        struct {
            USHORT len, max;
            WCHAR *text;
        } name;
        char room[1024];
    } info;
    snprintf(buf, n, "unknown");
    if (query && query(h, 2, &info, sizeof info, NULL) >= 0)
        snprintf(buf, n, "%.*ls", (int)(info.name.len / sizeof(WCHAR)), info.name.text);
    return buf;
}

/* Polls without creating a handle of its own. */
static void wait_for_logs(const char *dir)
{
    for (DWORD waited = 0; !(has_data(dir, "jsonl") && has_data(dir, "log")); waited += 10) {
        checkf(waited < WAIT_MS, "no log lines after %d ms", WAIT_MS);
        Sleep(10);
    }
}

/* A socket of the base TCP/IPv4 entry, beneath siotrace. */
static SOCKET base_socket(void)
{
    static WSAPROTOCOL_INFOW all[64];
    DWORD size = sizeof all;
    int n = WSAEnumProtocolsW(NULL, all, &size);
    check(n > 0);
    for (int i = 0; i < n; i++)
        if (all[i].ProtocolChain.ChainLen == BASE_PROTOCOL && all[i].iAddressFamily == AF_INET &&
            all[i].iSocketType == SOCK_STREAM)
            return WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &all[i],
                              0, WSA_FLAG_OVERLAPPED);
    check(!"no base TCP entry");
    return INVALID_SOCKET;
}

int main(int argc, char **argv)
{
    check(argc == 2);
    e2e_setup("e2e_handles");
    WSADATA wsa;
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    SOCKET a = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), b = base_socket();
    check(a != INVALID_SOCKET && b != INVALID_SOCKET);
    u_long n = 0;
    DWORD bytes = 0;
    check(WSAIoctl(b, FIONREAD, NULL, 0, &n, sizeof n, &bytes, NULL, NULL) == 0);
    SOCKET closed[CLOSED];
    for (int i = 0; i < CLOSED; i++) {
        closed[i] = socket(AF_INET, i % 2 ? SOCK_DGRAM : SOCK_STREAM, 0);
        check(closed[i] != INVALID_SOCKET);
    }
    for (int i = 0; i < CLOSED; i++)
        check(closesocket(closed[i]) == 0);
    for (int i = 0; i < CLOSED; i++) {
        DWORD flags;
        checkf(!GetHandleInformation((HANDLE)closed[i], &flags), "0x%llx valid once closed",
               (unsigned long long)closed[i]);
    }

    check(WSAIoctl(a, FIONREAD, NULL, 0, &n, sizeof n, &bytes, NULL, NULL) == 0);
    wait_for_logs(argv[1]);
    for (int i = 0; i < CLOSED; i++) {
        DWORD flags;
        char what[64];
        checkf(!GetHandleInformation((HANDLE)closed[i], &flags),
               "closed socket 0x%llx is a valid handle again after siotrace's first record (%s)",
               (unsigned long long)closed[i], kind((HANDLE)closed[i], what, sizeof what));
    }
    check(closesocket(a) == 0 && closesocket(b) == 0);
    check(WSACleanup() == 0);
    printf("%d closed sockets stay invalid handles after siotrace's thread, events and files "
           "were created\n",
           CLOSED);
    return 0;
}
