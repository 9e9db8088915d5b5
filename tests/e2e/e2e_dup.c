/* 1. Duplicated sockets: a program duplicates a connected socket into a
 * second process with WSADuplicateSocketW, which imports it with
 * WSASocketW(FROM_PROTOCOL_INFO, ..., &info) and uses it: the same socket
 * (its data reach the first process's peer), traced in both processes, under
 * siotrace alone ([siotrace, base]), under another LSP above it
 * ([testlsp, siotrace, base], testlsp naming its chain in the duplicate as
 * the SDK sample does) and over one ([siotrace, testlsp, base]). In both processes
 * SO_PROTOCOL_INFOW names the chain the socket came through, the entry ws2_32 attaches an inherited
 * handle to (Wine's ws2_32 refuses handles it did not create itself, so an inherited or
 * DuplicateHandle'd one cannot be used here). usage: e2e_dup LOG_DIR */
#include <winsock2.h>

#include <string.h>
#include <wchar.h>

#include "catmodel.h"
#include "e2e.h"
#include "spitest.h"
#include "testlsp.h"

static GUID testlsp_guid = {
    0x5107a0ce, 0x7e57, 0x4e2e, {0x80, 0x00, 0x51, 0x07, 0x7a, 0xce, 0x00, 0x05}};

/* What the first process hands the second, in a file named after its pid. */
typedef struct handover {
    WSAPROTOCOL_INFOW info;
} handover_t;

static void handover_path(char *out, size_t n, DWORD pid)
{
    snprintf(out, n, "e2e_dup.%lu.handover", (unsigned long)pid);
}

static void install_testlsp(void)
{
    WSAPROTOCOL_INFOW over = e2e_ip4(SOCK_STREAM, IPPROTO_TCP);
    e2e_install_layer(&testlsp_guid, L"siot_testlsp.dll", L"testlsp", &over, 1);
}

static void fionread(SOCKET s)
{
    u_long n = 0xdeadbeef;
    DWORD bytes = 0;
    checkf(WSAIoctl(s, FIONREAD, NULL, 0, &n, sizeof n, &bytes, NULL, NULL) == 0,
           "FIONREAD on 0x%llx: error %d", (unsigned long long)s, WSAGetLastError());
}

static void send_all(SOCKET s, const char *what)
{
    checkf(send(s, what, (int)strlen(what), 0) == (int)strlen(what), "send on 0x%llx: error %d",
           (unsigned long long)s, WSAGetLastError());
}

/* SO_PROTOCOL_INFOW of s names the entry `want`. */
static void names(SOCKET s, const WSAPROTOCOL_INFOW *want)
{
    WSAPROTOCOL_INFOW info;
    int len = sizeof info;
    check(getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOW, (char *)&info, &len) == 0);
    checkf(info.dwCatalogEntryId == want->dwCatalogEntryId &&
               IsEqualGUID(&info.ProviderId, &want->ProviderId),
           "SO_PROTOCOL_INFOW of 0x%llx names entry %lu, not %lu", (unsigned long long)s,
           (unsigned long)info.dwCatalogEntryId, (unsigned long)want->dwCatalogEntryId);
}

/* The second process: imports the duplicate and uses it. */
static int target(bool layered)
{
    char path[64];
    handover_t h;
    handover_path(path, sizeof path, GetCurrentProcessId());
    FILE *f = fopen(path, "rb");
    check(f && fread(&h, sizeof h, 1, f) == 1);
    fclose(f);
    WSADATA wsa;
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    SOCKET d = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &h.info, 0,
                          WSA_FLAG_OVERLAPPED);
    checkf(d != INVALID_SOCKET, "importing the duplicate: error %d", WSAGetLastError());
    fionread(d);
    send_all(d, "dup;");
    fionread(d);
    send_all(d, "again;");
    names(d, &h.info);
    if (layered) {
        testlsp_stats_t st;
        testlsp_stats_fn stats = (testlsp_stats_fn)(void (*)(void))GetProcAddress(
            GetModuleHandleW(L"siot_testlsp.dll"), "testlsp_stats");
        check(stats != NULL);
        stats(&st);
        checkf(st.ioctls == 2, "%ld IOCTLs through the LSP above", (long)st.ioctls);
    }
    printf("second process: duplicate 0x%llx imported and used\n", (unsigned long long)d);
    check(closesocket(d) == 0);
    return 0;
}

/* Lines of process pid's log: each a FIONREAD on one of `sockets`, in turn. */
static void check_log(const char *dir, DWORD pid, const SOCKET *sockets, size_t n)
{
    static jdoc_t d;
    e2e_log_t log;
    check(e2e_log_read(&log, dir, pid, "jsonl"));
    checkf(log.count == n, "process %lu: %zu lines for %zu calls", (unsigned long)pid, log.count,
           n);
    for (size_t i = 0; i < n; i++) {
        char want[32];
        snprintf(want, sizeof want, "0x%016llX", (unsigned long long)sockets[i]);
        checkf(e2e_log_json(&log, i, &d) && jdoc_str_is(&d, "name", "FIONREAD") &&
                   jdoc_str_is(&d, "socket", want),
               "process %lu line %zu: %.*s (socket %s)", (unsigned long)pid, i, (int)log.lens[i],
               log.lines[i], want);
    }
    e2e_log_free(&log);
}

/* The first process: a connected pair, one end duplicated into a second. */
static int first(const char *dir, const char *mode)
{
    WSADATA wsa;
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    SOCKET c, s;
    check(e2e_tcp_pair(AF_INET, &c, &s));
    fionread(c);

    char self[MAX_PATH], cmd[MAX_PATH + 32], path[64];
    check(GetModuleFileNameA(NULL, self, sizeof self) > 0);
    snprintf(cmd, sizeof cmd, "\"%s\" --target %s", self, mode);
    STARTUPINFOA si;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    PROCESS_INFORMATION pi;
    check(CreateProcessA(self, cmd, NULL, NULL, FALSE, CREATE_SUSPENDED, NULL, NULL, &si, &pi));
    handover_t h;
    memset(&h, 0, sizeof h);
    checkf(WSADuplicateSocketW(c, pi.dwProcessId, &h.info) == 0, "WSADuplicateSocketW: error %d",
           WSAGetLastError());
    handover_path(path, sizeof path, pi.dwProcessId);
    FILE *f = fopen(path, "wb");
    check(f && fwrite(&h, sizeof h, 1, f) == 1 && fclose(f) == 0);
    check(ResumeThread(pi.hThread) == 1);
    check(WaitForSingleObject(pi.hProcess, 30000) == WAIT_OBJECT_0);
    DWORD code = 1;
    check(GetExitCodeProcess(pi.hProcess, &code));
    checkf(code == 0, "the second process ended with 0x%lx", (unsigned long)code);

    /* The same socket: what the second process sent reached c's peer. */
    char buf[16] = {0};
    int got = 0;
    while (got < 10) {
        int r = recv(s, buf + got, (int)sizeof buf - 1 - got, 0);
        check(r > 0);
        got += r;
    }
    checkf(strcmp(buf, "dup;again;") == 0, "the peer got \"%s\"", buf);
    names(c, &h.info);
    fionread(s);
    check(closesocket(c) == 0 && closesocket(s) == 0);
    check(WSACleanup() == 0);

    SOCKET mine[] = {c, s}, theirs[] = {0, 0};
    check_log(dir, GetCurrentProcessId(), mine, 2);
    /* The duplicate's value is the second process's own: read it from its log. */
    static jdoc_t d;
    e2e_log_t log;
    check(e2e_log_read(&log, dir, pi.dwProcessId, "jsonl") && log.count >= 1);
    check(e2e_log_json(&log, 0, &d));
    const jnode_t *sv = jdoc_get(&d, "socket");
    check(sv && sv->len > 2);
    theirs[0] = theirs[1] = (SOCKET)strtoull(sv->text + 2, NULL, 16);
    e2e_log_free(&log);
    check_log(dir, pi.dwProcessId, theirs, 2);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    printf("%s: duplicated into process %lu, used and traced there\n", mode,
           (unsigned long)pi.dwProcessId);
    return 0;
}

static void run_first(const char *mode)
{
    char self[MAX_PATH], cmd[MAX_PATH + 64];
    check(GetModuleFileNameA(NULL, self, sizeof self) > 0);
    snprintf(cmd, sizeof cmd, "\"%s\" --first %s", self, mode);
    STARTUPINFOA si;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    PROCESS_INFORMATION pi;
    check(CreateProcessA(self, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
    check(WaitForSingleObject(pi.hProcess, 60000) == WAIT_OBJECT_0);
    DWORD code = 1;
    check(GetExitCodeProcess(pi.hProcess, &code));
    checkf(code == 0, "%s: ended with 0x%lx", mode, (unsigned long)code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--target") == 0)
        return target(strcmp(argv[2], "alone") != 0);
    static char dir[MAX_PATH];
    if (argc == 3 && strcmp(argv[1], "--first") == 0) {
        check(GetEnvironmentVariableA("E2E_DUP_LOGS", dir, sizeof dir) > 0);
        return first(dir, argv[2]);
    }
    check(argc == 2);
    check(SetEnvironmentVariableA("E2E_DUP_LOGS", argv[1]));
    e2e_setup("e2e_dup_alone");
    run_first("alone");
    e2e_setup("e2e_dup_under");
    install_testlsp();
    run_first("under");
    spitest_catalog("e2e_dup_over");
    install_testlsp();
    WSAPROTOCOL_INFOW tcp;
    memset(&tcp, 0, sizeof tcp);
    tcp.iAddressFamily = AF_INET;
    tcp.iSocketType = SOCK_STREAM;
    tcp.iProtocol = IPPROTO_TCP;
    e2e_install(&tcp, 1);
    run_first("over");
    return 0;
}
