/* lspctl under Wine 8, on Windows' own catalog backend: each command either
 * works on what Wine has or names every catalog function it lacks, with its
 * documented exit code; none crashes. argv[1]: lspctl.exe. */
#include <string.h>

#include "check.h"
#include "runproc.h"

static runproc_t test_r;

/* Runs `lspctl ARGS` and checks its exit code. */
static void test_run(const char *lspctl, const char *args, DWORD want)
{
    check(runprocf(&test_r, NULL, "\"%s\" %s", lspctl, args) == 0);
    if (test_r.exit_code != want)
        fprintf(stderr, "lspctl %s: exit %lu, want %lu\n--- out:\n%s\n--- err:\n%s\n", args,
                (unsigned long)test_r.exit_code, (unsigned long)want, test_r.out, test_r.err);
    check(test_r.exit_code == want);
}

static size_t test_count(const char *text, const char *s)
{
    size_t n = 0;

    for (const char *p = strstr(text, s); p; p = strstr(p + 1, s))
        n++;
    return n;
}

/* Every command that changes the catalogs needs these, which Wine lacks;
 * a removal (installs 0) only the first four. */
static void test_missing_list(int installs)
{
    static const char *const missing[] = {
        "WSCEnumProtocols32 is missing",      "WSCGetProviderPath32 is missing",
        "WSCGetProviderInfo32 is missing",    "WSCDeinstallProvider32 is missing",
        "WSCInstallProvider64_32 is missing", "WSCWriteProviderOrder32 is missing",
        "WSCSetProviderInfo is missing",      "WSCSetProviderInfo32 is missing",
    };
    size_t i, want = installs ? 8 : 4;
    char said[80];

    for (i = 0; i < sizeof missing / sizeof missing[0]; i++)
        check(test_count(test_r.err, missing[i]) == (i < want), "%s", missing[i]);
    snprintf(said, sizeof said, "%lu catalog functions are missing: nothing was changed",
             (unsigned long)want);
    check(strstr(test_r.err, said) != NULL, "%s", test_r.err);
    check(test_r.out[0] == 0);
}

int main(int argc, char **argv)
{
    const char *l;

    check(argc == 2);
    l = argv[1];

    test_run(l, "show", 8);
    check(strstr(test_r.out, "=== 64-bit catalog: 7 entries ===") != NULL);
    check(test_count(test_r.out, "Entry Type:                         Base Service Provider") == 7);
    check(strstr(test_r.out, "no LSPs: every socket goes straight to its base provider") != NULL);
    check(strstr(test_r.err, "WSCGetProviderPath reported success but did nothing") != NULL);
    check(strstr(test_r.err, "the 32-bit catalog cannot be read: WSCEnumProtocols32 is missing "
                             "from ws2_32.dll") != NULL);

    test_run(l, "show --json", 8);
    check(strncmp(test_r.out, "{\"catalogs\":[{\"catalog\":\"64-bit\",\"entries\":[{\"id\":1001,",
                  55) == 0);
    check(strstr(test_r.out, "{\"catalog\":\"32-bit\",\"error\":\"WSCEnumProtocols32 is missing") !=
          NULL);

    test_run(l, "status", 8);
    check(strstr(test_r.out, "64-bit catalog: not installed") != NULL);
    check(strstr(test_r.out, "32-bit catalog: cannot be read: WSCEnumProtocols32 is missing") !=
          NULL);
    check(strstr(test_r.out, "configuration (HKLM\\SOFTWARE\\siotrace):\n  Enabled ") != NULL ||
          strstr(test_r.out, "configuration (HKLM\\SOFTWARE\\siotrace):\r\n  Enabled ") != NULL);

    test_run(l, "install", 8);
    test_missing_list(1);
    test_run(l, "install --dry-run", 8);
    test_missing_list(1);
    test_run(l, "install --force --protocols tcp", 8);
    test_missing_list(1);
    test_run(l, "uninstall", 8);
    test_missing_list(0);
    test_run(l, "repair --dry-run", 8);
    test_missing_list(0);

    test_run(l, "bypass C:\\windows\\system32\\notepad.exe", 8);
    check(test_count(test_r.err, "WSCGetApplicationCategory is missing from ws2_32.dll") == 1);
    test_run(l, "unbypass C:\\windows\\system32\\notepad.exe", 8);
    check(test_count(test_r.err, "WSCGetApplicationCategory is missing from ws2_32.dll") == 1);

    test_run(l, "--help", 0);
    check(strstr(test_r.out, "Exit codes:") != NULL);
    test_run(l, "", 2);
    test_run(l, "frobnicate", 2);
    check(strstr(test_r.err, "unknown command frobnicate") != NULL);
    test_run(l, "--catalog-file C:\\x.txt show", 2);
    check(strstr(test_r.err, "lspctl-model") != NULL);
    test_run(l, "install --protocols tcp,sctp", 2);
    check(strstr(test_r.err, "unknown protocol \"sctp\"") != NULL);
    test_run(l, "show --bogus", 2);
    return 0;
}
