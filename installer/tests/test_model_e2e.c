/* End to end: lspctl-model installs siotrace into the model catalog, a plain
 * Winsock program run through the SPI test host gets siotrace in its chain
 * and the log shows its IOCTLs; after `lspctl bypass` of a second program
 * (another image path) that one runs with no LSP in its chains and leaves no
 * log, while the first is still traced; after `lspctl uninstall` the first
 * runs with no LSP in its chain and no new log. The log directory is set with
 * `lspctl config set`. argv: lspctl-model.exe, siotrace.dll, x86 fixture DLL,
 * the program, the test base provider, the second program (Windows paths). */
#include <string.h>

#include "check.h"
#include "model.h"

static model_args_t A;
static runproc_t R;

#define test_lspctl(want, args) model_expect(&R, &A, want, args)

/* Runs the program, which finds the model as lspctl-model does (SIOT_CATALOG);
 * returns its pid, whether siotrace was loaded into it and how many LSP
 * chains it saw. */
static unsigned long test_program(const char *program, int *loaded, int *chains)
{
    char catalog[MAX_PATH + 16];
    const char *env[2] = {catalog, NULL};
    unsigned long pid = 0;

    snprintf(catalog, sizeof catalog, "SIOT_CATALOG=%s", model_file());
    check(runprocf(&R, env, "\"%s\"", program) == 0);
    if (R.exit_code != 0)
        fprintf(stderr, "program: exit %lu\n%s\n%s\n", (unsigned long)R.exit_code, R.out, R.err);
    check(R.exit_code == 0);
    check(sscanf(R.out, "pid %lu\nprotocol chains: %d", &pid, chains) == 2 && pid > 0);
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

/* The newest log of the program `image` run as process pid
 * (<image>.<pid>.<instance>.<n>.jsonl: a pid of an earlier run may have left
 * one too); false when there is none. */
static int test_find_log(const char *dir, const char *image, unsigned long pid, char *out, size_t n)
{
    char pattern[MAX_PATH];
    WIN32_FIND_DATAA fd;
    FILETIME newest = {0, 0};
    HANDLE h;

    snprintf(pattern, sizeof pattern, "%s\\%s.%lu.*.jsonl", dir, image, pid);
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

/* The traced program's newest log shows its IOCTLs. */
static void test_traced(const char *logs, unsigned long pid)
{
    char file[MAX_PATH], *log;

    check(test_find_log(logs, "e2e_traced.exe", pid, file, sizeof file));
    log = test_read(file);
    check(log != NULL);
    check(strstr(log, "\"name\":\"FIONBIO\"") != NULL);
    check(strstr(log, "\"name\":\"FIONREAD\"") != NULL);
    check(strstr(log, "\"name\":\"SIO_GET_EXTENSION_FUNCTION_POINTER\"") != NULL);
    free(log);
}

/* `lspctl bypass` of the second program: before it, that program is traced as
 * the first is; after it, the host gives it no chain of siotrace (its
 * categories permit only LSP_SYSTEM, siotrace's are LSP_INSPECTOR), its
 * sockets go to the base provider and work, and no log is written for it;
 * the first program is still traced. */
static void test_bypass(const char *logs, const char *traced, const char *bypassed)
{
    char args[MAX_PATH + 16], file[MAX_PATH];
    unsigned long pid;
    int loaded, chains, before = test_count_logs(logs);

    pid = test_program(bypassed, &loaded, &chains);
    check(loaded && chains > 0, " chains %d", chains);
    check(test_find_log(logs, "e2e_bypassed.exe", pid, file, sizeof file));
    check(test_count_logs(logs) == before + 1);

    snprintf(args, sizeof args, "bypass \"%s\"", bypassed);
    test_lspctl(0, args);
    pid = test_program(bypassed, &loaded, &chains);
    check(!loaded && chains == 0, " loaded %d, chains %d", loaded, chains);
    check(!test_find_log(logs, "e2e_bypassed.exe", pid, file, sizeof file));
    check(test_count_logs(logs) == before + 1);

    pid = test_program(traced, &loaded, &chains);
    check(loaded && chains > 0, " chains %d", chains);
    test_traced(logs, pid);
    check(test_count_logs(logs) == before + 2);
}

int main(int argc, char **argv)
{
    WCHAR base[MAX_PATH];
    char logs[MAX_PATH], args[2048];
    unsigned long pid;
    int loaded, chains, before;
    DWORD attrs;

    check(argc == 7);
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
    pid = test_program(argv[4], &loaded, &chains);
    check(loaded && chains > 0, " chains %d", chains);
    test_traced(logs, pid);
    check(test_count_logs(logs) == before + 1);

    test_bypass(logs, argv[4], argv[6]);
    before = test_count_logs(logs);

    test_lspctl(0, "uninstall");
    pid = test_program(argv[4], &loaded, &chains);
    check(!loaded && chains == 0, " loaded %d, chains %d", loaded, chains);
    check(test_count_logs(logs) == before);

    test_lspctl(0, "config unset LogDirectory");
    test_lspctl(0, "config unset Formats");
    return 0;
}
