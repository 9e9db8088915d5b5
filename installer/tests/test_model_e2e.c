/* End to end: lspctl-model installs siotrace into the model catalog, a plain
 * Winsock program run through the SPI test host gets siotrace in its chain
 * and the log shows its IOCTLs; after `lspctl uninstall` the same program
 * runs with no LSP in its chain and no new log. The log directory is set with
 * `lspctl config set`. argv: lspctl-model.exe, siotrace.dll, x86 fixture DLL,
 * the program, the test base provider (Windows paths). */
#include <string.h>

#include "check.h"
#include "model.h"

static model_args_t A;
static runproc_t R;

#define test_lspctl(want, args) model_expect(&R, &A, want, args)

/* Runs the program, which finds the model as lspctl-model does (SIOT_CATALOG);
 * returns its pid, and whether siotrace was loaded into it. */
static unsigned long test_program(const char *program, int *loaded)
{
    char catalog[MAX_PATH + 16];
    const char *env[2] = {catalog, NULL};
    unsigned long pid = 0;

    snprintf(catalog, sizeof catalog, "SIOT_CATALOG=%s", model_file());
    check(runprocf(&R, env, "\"%s\"", program) == 0);
    if (R.exit_code != 0)
        fprintf(stderr, "program: exit %lu\n%s\n%s\n", (unsigned long)R.exit_code, R.out, R.err);
    check(R.exit_code == 0);
    check(sscanf(R.out, "pid %lu", &pid) == 1 && pid > 0);
    *loaded = strstr(R.out, "siotrace.dll loaded: yes") != NULL;
    check(*loaded || strstr(R.out, "siotrace.dll loaded: no") != NULL);
    return pid;
}

static int test_count_logs(const char *dir)
{
    char pattern[MAX_PATH];
    WIN32_FIND_DATAA fd;
    HANDLE h;
    int n = 0;

    snprintf(pattern, sizeof pattern, "%s\\*.jsonl", dir);
    h = FindFirstFileA(pattern, &fd);
    if (h == INVALID_HANDLE_VALUE)
        return 0;
    do
        n++;
    while (FindNextFileA(h, &fd));
    FindClose(h);
    return n;
}

/* The newest log of process pid (<image>.<pid>.<instance>.<n>.jsonl: a pid
 * of an earlier run may have left one too); false when there is none. */
static int test_find_log(const char *dir, unsigned long pid, char *out, size_t n)
{
    char pattern[MAX_PATH];
    WIN32_FIND_DATAA fd;
    FILETIME newest = {0, 0};
    HANDLE h;

    snprintf(pattern, sizeof pattern, "%s\\e2e_traced.exe.%lu.*.jsonl", dir, pid);
    h = FindFirstFileA(pattern, &fd);
    if (h == INVALID_HANDLE_VALUE)
        return 0;
    do {
        if (CompareFileTime(&fd.ftCreationTime, &newest) >= 0) {
            newest = fd.ftCreationTime;
            snprintf(out, n, "%s\\%s", dir, fd.cFileName);
        }
    } while (FindNextFileA(h, &fd));
    FindClose(h);
    return 1;
}

static char *test_read(const char *file)
{
    FILE *f = fopen(file, "rb");
    long n;
    char *buf;

    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = calloc((size_t)n + 1, 1);
    check(buf && fread(buf, 1, (size_t)n, f) == (size_t)n);
    fclose(f);
    return buf;
}

int main(int argc, char **argv)
{
    WCHAR base[MAX_PATH];
    char logs[MAX_PATH], args[2048], file[MAX_PATH], *log;
    unsigned long pid;
    int loaded, before;
    DWORD attrs;

    check(argc == 6);
    model_args(argc, argv, &A);
    MultiByteToWideChar(CP_UTF8, 0, argv[5], -1, base, MAX_PATH);
    model_init_base("e2e", base);
    check(GetTempPathA(MAX_PATH, logs) > 0);
    strcat(logs, "siot-e2e-logs");

    snprintf(args, sizeof args, "config set LogDirectory \"%s\"", logs);
    test_lspctl(0, args);
    attrs = GetFileAttributesA(logs);
    check(attrs != INVALID_FILE_ATTRIBUTES && (attrs & FILE_ATTRIBUTE_DIRECTORY));
    test_lspctl(0, "config set Formats json");
    snprintf(args, sizeof args, "install --dll64 \"%s\" --dll32 \"%s\"", A.dll64, A.dll32);
    test_lspctl(0, args);

    before = test_count_logs(logs);
    pid = test_program(argv[4], &loaded);
    check(loaded);
    check(test_find_log(logs, pid, file, sizeof file));
    log = test_read(file);
    check(log != NULL);
    check(strstr(log, "\"name\":\"FIONBIO\"") != NULL);
    check(strstr(log, "\"name\":\"FIONREAD\"") != NULL);
    check(strstr(log, "\"name\":\"SIO_GET_EXTENSION_FUNCTION_POINTER\"") != NULL);
    free(log);
    check(test_count_logs(logs) == before + 1);

    test_lspctl(0, "uninstall");
    pid = test_program(argv[4], &loaded);
    check(!loaded);
    check(test_count_logs(logs) == before + 1);

    test_lspctl(0, "config unset LogDirectory");
    test_lspctl(0, "config unset Formats");
    return 0;
}
