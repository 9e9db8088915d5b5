/* What lspctl keeps outside the catalogs: install registers the Event Log
 * source (Application\siotrace, naming the DLL as the catalog names it);
 * uninstall keeps it, the configuration and the logs; uninstall --purge
 * removes all three (--dry-run first says so and removes nothing); an
 * install --dry-run registers nothing.
 * argv: lspctl-model.exe, x64 and x86 DLLs. */
#include <string.h>

#include "check.h"
#include "evsrc.h"
#include "model.h"

static model_args_t A;
static runproc_t R;

#define test_lspctl(want, args) model_expect(&R, &A, want, args)

static int test_key(const WCHAR *path)
{
    HKEY k;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_READ | KEY_WOW64_64KEY, &k) != 0)
        return 0;
    RegCloseKey(k);
    return 1;
}

int main(int argc, char **argv)
{
    char logs[MAX_PATH], file[MAX_PATH + 32], args[2048];
    WCHAR msg[MAX_PATH], wlogs[MAX_PATH];
    FILE *f;

    check(argc == 4);
    model_args(argc, argv, &A);
    model_init("purge");
    check(GetTempPathA(MAX_PATH, logs) > 0);
    strcat(logs, "siot-purge-logs");
    MultiByteToWideChar(CP_UTF8, 0, logs, -1, wlogs, MAX_PATH);
    snprintf(args, sizeof args, "config set LogDirectory \"%s\"", logs);
    test_lspctl(0, args);
    snprintf(args, sizeof args, "install --dll64 \"%s\" --dll32 \"%s\"", A.dll64, A.dll32);
    test_lspctl(0, args);
    check(evsrc_message_file(msg, MAX_PATH) == 1 && wcsstr(msg, L".dll") != NULL);
    test_lspctl(0, "status");
    check(strstr(R.out, "Event Log source siotrace: registered, messages from ") != NULL);
    snprintf(file, sizeof file, "%s\\app.exe.1.20261201T000000000000Z.1.jsonl", logs);
    check((f = fopen(file, "wb")) != NULL);
    fclose(f);

    test_lspctl(0, "uninstall");
    check(strstr(R.out, "--purge removes them") != NULL);
    check(test_key(EVSRC_KEY) && test_key(L"SOFTWARE\\siotrace"));
    check(GetFileAttributesA(file) != INVALID_FILE_ATTRIBUTES);

    test_lspctl(0, "uninstall --purge --dry-run");
    check(strstr(R.out, "remove the Event Log source siotrace") != NULL);
    check(strstr(R.out, "remove the log directory") != NULL);
    check(test_key(EVSRC_KEY) && GetFileAttributesA(file) != INVALID_FILE_ATTRIBUTES);

    test_lspctl(0, "uninstall --purge");
    check(strstr(R.out, "Purged: the Event Log source, the configuration and the log directory"));
    check(!test_key(EVSRC_KEY) && !test_key(L"SOFTWARE\\siotrace"));
    check(GetFileAttributesW(wlogs) == INVALID_FILE_ATTRIBUTES);
    test_lspctl(1, "status");
    check(strstr(R.out, "Event Log source siotrace: not registered") != NULL);
    test_lspctl(0, "uninstall --purge");
    /* A plan changes nothing outside the catalogs either. */
    snprintf(args, sizeof args, "install --dry-run --dll64 \"%s\" --dll32 \"%s\"", A.dll64,
             A.dll32);
    test_lspctl(0, args);
    check(!test_key(EVSRC_KEY) && !test_key(L"SOFTWARE\\siotrace"));
    return 0;
}
