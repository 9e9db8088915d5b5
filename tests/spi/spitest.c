#include "spitest.h"
#include "catmodel.h"
#include "check.h"

#include <wchar.h>

void spitest_catalog(const char *name)
{
    WCHAR dll[MAX_PATH], file[MAX_PATH], dir[MAX_PATH];
    DWORD n = GetModuleFileNameW(NULL, dll, MAX_PATH);
    WCHAR *slash = wcsrchr(dll, L'\\');
    int err;

    check(n > 0 && n < MAX_PATH && slash);
    /* The catalog names the DLL through a variable, as %SystemRoot% is used:
     * the host must expand it. */
    *slash = 0;
    check(SetEnvironmentVariableW(L"SIOT_TEST_BIN", dll));
    check(GetCurrentDirectoryW(MAX_PATH, dir) > 0);
    check(_snwprintf(file, MAX_PATH, L"%ls\\%hs.catalog", dir, name) > 0);
    check(SetEnvironmentVariableW(L"SIOT_CATALOG", file));
    catmodel_use(file);
    check(catmodel_seed(L"%SIOT_TEST_BIN%\\siot_baseprov.dll",
                        L"%SIOT_TEST_BIN%\\siot_baseprov.dll", &err) == 0);
}

void spitest_install_testlsp(GUID *guid)
{
    WCHAR dll[MAX_PATH];
    DWORD id;
    int err;
    DWORD n = GetModuleFileNameW(NULL, dll, MAX_PATH);
    WCHAR *slash = wcsrchr(dll, L'\\');
    check(n > 0 && n < MAX_PATH && slash);
    wcscpy(slash + 1, L"siot_testlsp.dll");
    check(catmodel_WSCInstallProviderAndChains64_32(guid, dll, NULL, L"testlsp", XP1_IFS_HANDLES,
                                                    NULL, 0, &id, &err) == 0);
}

spitest_log_t spitest_log(void)
{
    HMODULE m = NULL;
    spitest_log_t log;
    /* A reference of its own: the log outlives the host's FreeLibrary at WSACleanup. */
    check(GetModuleHandleExW(0, L"siot_baseprov.dll", &m) && m != NULL);
    log.next = (baselog_next_fn)(void (*)(void))GetProcAddress(m, "baselog_next");
    log.get = (baselog_get_fn)(void (*)(void))GetProcAddress(m, "baselog_get");
    log.name = (baselog_name_fn)(void (*)(void))GetProcAddress(m, "baselog_name");
    check(log.next && log.get && log.name);
    return log;
}

baselog_call_t spitest_find(const spitest_log_t *log, LONG from, baselog_fn_t fn)
{
    baselog_call_t c;
    LONG i, end = log->next();
    for (i = from; i < end; i++)
        if (log->get(i, &c) && c.fn == fn)
            return c;
    fprintf(stderr, "no %s call in the base provider's log since #%ld\n", log->name(fn),
            (long)from);
    exit(1);
}

int spitest_count(const spitest_log_t *log, LONG from, baselog_fn_t fn)
{
    baselog_call_t c;
    LONG i, end = log->next();
    int n = 0;
    for (i = from; i < end; i++)
        n += log->get(i, &c) && c.fn == fn;
    return n;
}
