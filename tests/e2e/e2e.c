#include "e2e.h"

#include <ws2tcpip.h>

#include <string.h>
#include <wchar.h>

#include "catmodel.h"
#include "spitest.h"

/* siotrace's layered entry in the test catalogs. */
static GUID e2e__lsp_guid = {
    0x5107a0ce, 0x7e57, 0x4e2e, {0x80, 0x00, 0x51, 0x07, 0x7a, 0xce, 0x00, 0x01}};

void e2e_beside(const wchar_t *file, WCHAR *out)
{
    DWORD n = GetModuleFileNameW(NULL, out, MAX_PATH);
    WCHAR *slash = wcsrchr(out, L'\\');
    check(n > 0 && n < MAX_PATH && slash);
    check((size_t)(slash + 1 - out) + wcslen(file) < MAX_PATH);
    wcscpy(slash + 1, file);
}

void e2e_install_layer(const GUID *id, const wchar_t *file, const wchar_t *name,
                       const WSAPROTOCOL_INFOW *over, DWORD n)
{
    WCHAR dll[MAX_PATH], lsp[WSAPROTOCOL_LEN + 1];
    GUID guid = *id;
    DWORD layered = 0;
    int err = 0;
    e2e_beside(file, dll);
    check(wcslen(name) < WSAPROTOCOL_LEN);
    wcscpy(lsp, name);
    /* The call's lists are not const (ws2spi.h): the model reads them only. */
    checkf(catmodel_WSCInstallProviderAndChains(&guid, dll, lsp, XP1_IFS_HANDLES,
                                                (WSAPROTOCOL_INFOW *)over, n, &layered, &err) == 0,
           "installing %ls in the model catalog: error %d", name, err);
}

void e2e_install(const WSAPROTOCOL_INFOW *over, DWORD n)
{
    e2e_install_layer(&e2e__lsp_guid, L"siotrace.dll", L"siotrace", over, n);
}

WSAPROTOCOL_INFOW e2e_ip4(int type, int protocol)
{
    WSAPROTOCOL_INFOW p;
    memset(&p, 0, sizeof p);
    p.iAddressFamily = AF_INET;
    p.iSocketType = type;
    p.iProtocol = protocol;
    return p;
}

void e2e_setup(const char *name)
{
    spitest_catalog(name);
    e2e_install(NULL, 0);
}

void e2e_setup_over(const char *name, const wchar_t *base_dll)
{
    WCHAR dll[MAX_PATH], dir[MAX_PATH], file[MAX_PATH];
    int err = 0;
    e2e_beside(base_dll, dll);
    check(GetCurrentDirectoryW(MAX_PATH, dir) > 0);
    check(_snwprintf(file, MAX_PATH, L"%ls\\%hs.catalog", dir, name) > 0);
    check(SetEnvironmentVariableW(L"SIOT_CATALOG", file));
    catmodel_use(file);
    checkf(catmodel_seed(dll, dll, &err) == 0, "seeding the model catalog: error %d", err);
    e2e_install(NULL, 0);
}

static void e2e__image(char *out, size_t n)
{
    char path[MAX_PATH];
    DWORD len = GetModuleFileNameA(NULL, path, sizeof path);
    check(len > 0 && len < sizeof path);
    const char *base = path;
    for (const char *p = path; *p; p++)
        if (*p == '\\' || *p == '/')
            base = p + 1;
    snprintf(out, n, "%s", base);
}

void e2e_instance(DWORD pid, char *out, size_t n)
{
    HANDLE p = pid == GetCurrentProcessId()
                   ? GetCurrentProcess()
                   : OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    FILETIME created, exited, kernel, user;
    SYSTEMTIME t;
    check(p && GetProcessTimes(p, &created, &exited, &kernel, &user) &&
          FileTimeToSystemTime(&created, &t));
    if (pid != GetCurrentProcessId())
        CloseHandle(p);
    unsigned long long ft =
        (unsigned long long)created.dwHighDateTime << 32 | created.dwLowDateTime;
    snprintf(out, n, "%04u%02u%02uT%02u%02u%02u%06lluZ", t.wYear, t.wMonth, t.wDay, t.wHour,
             t.wMinute, t.wSecond, ft / 10 % 1000000);
}

void e2e_log_path(char *out, size_t n, const char *dir, DWORD pid, unsigned load, const char *ext)
{
    char image[MAX_PATH], instance[64];
    e2e__image(image, sizeof image);
    e2e_instance(pid, instance, sizeof instance);
    snprintf(out, n, "%s\\%s.%lu.%s.%u.%s", dir, image, (unsigned long)pid, instance, load, ext);
}

bool e2e_log_read_all(e2e_log_t *log, const char *dir, DWORD pid, const char *ext)
{
    char path[MAX_PATH * 2];
    e2e_log_path(path, sizeof path, dir, pid, 1, ext);
    return e2e_log_read_file(log, path);
}

bool e2e_log_read_file(e2e_log_t *log, const char *path)
{
    memset(log, 0, sizeof *log);
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    check(fseek(f, 0, SEEK_END) == 0);
    long size = ftell(f);
    check(size >= 0 && fseek(f, 0, SEEK_SET) == 0);
    log->text = malloc((size_t)size + 1);
    check(log->text);
    check(fread(log->text, 1, (size_t)size, f) == (size_t)size);
    fclose(f);
    log->text[size] = '\0';
    log->size = (size_t)size;
    log->ends_with_newline = size > 0 && log->text[size - 1] == '\n';

    size_t cap = 16;
    log->lines = malloc(cap * sizeof *log->lines);
    log->lens = malloc(cap * sizeof *log->lens);
    check(log->lines && log->lens);
    for (char *p = log->text; p < log->text + size;) {
        char *nl = memchr(p, '\n', (size_t)(log->text + size - p));
        char *end = nl ? nl : log->text + size;
        if (log->count == cap) {
            cap *= 2;
            log->lines = realloc(log->lines, cap * sizeof *log->lines);
            log->lens = realloc(log->lens, cap * sizeof *log->lens);
            check(log->lines && log->lens);
        }
        log->lines[log->count] = p;
        log->lens[log->count] = (size_t)(end - p);
        log->count++;
        p = end + 1;
    }
    return true;
}

/* A whole socket line (created, bound, closed); a torn one is not. */
static bool e2e__socket_json(const char *line, size_t len)
{
    static jdoc_t d;
    return jdoc_parse(&d, line, len) &&
           (jdoc_str_is(&d, "event", "socket") || jdoc_str_is(&d, "event", "bind") ||
            jdoc_str_is(&d, "event", "close"));
}

/* "... image[pid:tid] socket=0x1A4 created by socket ...", "... bind ...", "... close = 0". */
static bool e2e__socket_text(const char *line, size_t len)
{
    char copy[256];
    snprintf(copy, sizeof copy, "%.*s", (int)len, line);
    const char *at = strstr(copy, "] socket=0x");
    if (!at)
        return false;
    at += strlen("] socket=0x");
    at += strspn(at, "0123456789ABCDEF");
    return strncmp(at, " created by ", 12) == 0 || strncmp(at, " bind ", 6) == 0 ||
           strncmp(at, " close = ", 9) == 0;
}

bool e2e_log_read(e2e_log_t *log, const char *dir, DWORD pid, const char *ext)
{
    return e2e_log_read_load(log, dir, pid, 1, ext);
}

bool e2e_log_read_load(e2e_log_t *log, const char *dir, DWORD pid, unsigned load, const char *ext)
{
    char path[MAX_PATH * 2];
    e2e_log_path(path, sizeof path, dir, pid, load, ext);
    if (!e2e_log_read_file(log, path))
        return false;
    bool json = strcmp(ext, "jsonl") == 0;
    size_t kept = 0;
    for (size_t i = 0; i < log->count; i++) {
        if (json ? e2e__socket_json(log->lines[i], log->lens[i])
                 : e2e__socket_text(log->lines[i], log->lens[i])) {
            log->set_aside++;
            continue;
        }
        log->lines[kept] = log->lines[i];
        log->lens[kept++] = log->lens[i];
    }
    log->count = kept;
    return true;
}

void e2e_log_free(e2e_log_t *log)
{
    free(log->text);
    free(log->lines);
    free(log->lens);
    memset(log, 0, sizeof *log);
}

bool e2e_log_json(const e2e_log_t *log, size_t i, jdoc_t *d)
{
    return i < log->count && jdoc_parse(d, log->lines[i], log->lens[i]);
}

SOCKET e2e_listener(int af, struct sockaddr_storage *addr, int *addrlen)
{
    SOCKET s = socket(af, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET)
        return s;
    memset(addr, 0, sizeof *addr);
    if (af == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *)addr;
        in->sin_family = AF_INET;
        in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        *addrlen = sizeof *in;
    } else {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)addr;
        in6->sin6_family = AF_INET6;
        in6->sin6_addr = in6addr_loopback;
        *addrlen = sizeof *in6;
    }
    if (bind(s, (struct sockaddr *)addr, *addrlen) != 0 || listen(s, 8) != 0 ||
        getsockname(s, (struct sockaddr *)addr, addrlen) != 0) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}

bool e2e_tcp_pair(int af, SOCKET *client, SOCKET *server)
{
    struct sockaddr_storage addr;
    int len = 0;
    SOCKET l = e2e_listener(af, &addr, &len);
    if (l == INVALID_SOCKET)
        return false;
    *client = socket(af, SOCK_STREAM, IPPROTO_TCP);
    bool ok = *client != INVALID_SOCKET && connect(*client, (struct sockaddr *)&addr, len) == 0;
    *server = ok ? accept(l, NULL, NULL) : INVALID_SOCKET;
    closesocket(l);
    return ok && *server != INVALID_SOCKET;
}

DWORD e2e_run_self(const char *args)
{
    char cmd[MAX_PATH + 256], self[MAX_PATH];
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    DWORD n = GetModuleFileNameA(NULL, self, sizeof self);
    check(n > 0 && n < sizeof self);
    check(snprintf(cmd, sizeof cmd, "\"%s\" %s", self, args) < (int)sizeof cmd);
    check(CreateProcessA(self, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
    check(WaitForSingleObject(pi.hProcess, 60000) == WAIT_OBJECT_0);
    DWORD code = 1;
    check(GetExitCodeProcess(pi.hProcess, &code));
    checkf(code == 0, "the child '%s' ended with 0x%lx", args, (unsigned long)code);
    CloseHandle(pi.hThread);
    return pi.dwProcessId;
}
