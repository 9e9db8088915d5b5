/* siotrace's configuration as lspctl checks, writes and reads it: every value
 * lspctl accepts is one siotrace.dll uses, every one it refuses says why. The
 * registry calls go to a private key: HKLM is overridden for this process. */
#include <string.h>

#include "check.h"
#include "config.h"
#include "settings_sys.h"

static settings_raw_t test_v;
static char test_why[256];

static int test_parse(const char *key, int argc, char **argv)
{
    int k = settings_find(key);

    check(k >= 0);
    strcpy(test_why, "untouched");
    return config_parse((settings_id_t)k, argc, argv, &test_v, test_why, sizeof test_why);
}

static int test_parse1(const char *key, const char *value)
{
    char *argv[1] = {(char *)value};

    return test_parse(key, 1, argv);
}

static int test_is_string(DWORD type, const WCHAR *s)
{
    return test_v.type == type && test_v.size == (wcslen(s) + 1) * sizeof(WCHAR) &&
           memcmp(test_v.data, s, test_v.size) == 0;
}

static int test_is_uint(DWORD type, unsigned long long u)
{
    unsigned long long got = 0;

    memcpy(&got, test_v.data, test_v.size);
    return test_v.type == type && test_v.size == (type == REG_DWORD ? 4u : 8u) && got == u;
}

static void test_flags_and_formats(void)
{
    check(test_parse1("enabled", "1") == 0 && test_is_uint(REG_DWORD, 1));
    check(test_parse1("Enabled", "0") == 0 && test_is_uint(REG_DWORD, 0));
    check(test_parse1("Enabled", "2") == -1 && strcmp(test_why, "1 (trace) or 0 (do not)") == 0);
    check(test_parse1("Audit", "0") == 0 && test_is_uint(REG_DWORD, 0));
    check(test_parse1("audit", "1") == 0 && test_is_uint(REG_DWORD, 1));
    check(test_parse1("Audit", "on") == -1);
    check(test_parse1("Enabled", "yes") == -1);
    check(test_parse("Enabled", 0, NULL) == -1 && strcmp(test_why, "exactly one value") == 0);
    check(test_parse1("Formats", "json") == 0 && test_is_string(REG_SZ, L"json"));
    check(test_parse1("Formats", "JSON,Text") == 0 && test_is_string(REG_SZ, L"json,text"));
    check(test_parse1("Formats", "text,json") == 0 && test_is_string(REG_SZ, L"json,text"));
    /* siotrace.dll reads "text" alone, so lspctl takes it too. */
    check(test_parse1("Formats", "text") == 0 && test_is_string(REG_SZ, L"text"));
    check(test_parse1("Formats", "xml") == -1);
    check(settings_find("Colour") == -1);
}

static void test_directories(void)
{
    char longdir[300] = "C:\\";

    check(test_parse1("LogDirectory", "C:\\logs\\siot") == 0 &&
          test_is_string(REG_SZ, L"C:\\logs\\siot"));
    check(test_parse1("LogDirectory", "C:\\logs\\") == 0 && test_is_string(REG_SZ, L"C:\\logs"));
    check(test_parse1("LogDirectory", "%ProgramData%\\siotrace\\logs") == 0 &&
          test_is_string(REG_EXPAND_SZ, L"%ProgramData%\\siotrace\\logs"));
    check(test_parse1("LogDirectory", "%SystemDrive%\\x") == 0);
    check(test_parse1("LogDirectory", "%TEMP%\\x") == -1);
    check(strstr(test_why, "never reads the environment") != NULL);
    check(test_parse1("LogDirectory", "logs") == -1);
    check(test_parse1("LogDirectory", "relative\\logs") == -1);
    check(strstr(test_why, "absolute path on a local drive") != NULL);
    check(test_parse1("LogDirectory", "\\\\server\\share\\logs") == -1);
    check(test_parse1("LogDirectory", "C:\\a\\..\\b") == -1);
    check(strcmp(test_why, "a path without . or .. parts") == 0);
    check(test_parse1("LogDirectory", "C:\\a/b") == -1);
    check(test_parse1("LogDirectory", "C:\\a\\b:c") == -1);
    memset(longdir + 3, 'a', 177);
    check(test_parse1("LogDirectory", longdir) == 0);
    longdir[180] = 'a';
    check(test_parse1("LogDirectory", longdir) == -1);
    check(strcmp(test_why, "a path of at most 180 characters once expanded") == 0);
}

static void test_lists_and_sizes(void)
{
    char *names[] = {"curl.exe", "a.exe,B.EXE", "curl.exe", "b.exe"};
    char *bad[] = {"C:\\x.exe"};

    check(test_parse("Include", 4, names) == 0);
    check(test_v.type == REG_MULTI_SZ);
    check(test_v.size == sizeof L"curl.exe\0a.exe\0B.EXE\0");
    check(memcmp(test_v.data, L"curl.exe\0a.exe\0B.EXE\0", test_v.size) == 0);
    check(test_parse("Exclude", 1, bad) == -1);
    check(test_parse1("Exclude", "a.exe,,b.exe") == -1);
    check(test_parse("Exclude", 0, NULL) == -1);
    check(strstr(test_why, "config unset") != NULL);

    check(test_parse1("MaxFileBytes", "65536") == 0 && test_is_uint(REG_DWORD, 65536));
    check(test_parse1("MaxFileBytes", "64K") == 0 && test_is_uint(REG_DWORD, 65536));
    check(test_parse1("MaxFileBytes", "1MiB") == 0 && test_is_uint(REG_DWORD, 1048576));
    check(test_parse1("MaxFileBytes", "8G") == 0 && test_is_uint(REG_QWORD, 8ULL << 30));
    check(test_parse1("MaxFileBytes", "4096") == 0);
    check(test_parse1("MaxFileBytes", "4095") == -1 &&
          strcmp(test_why, "at least 4096 bytes") == 0);
    check(test_parse1("MaxFileBytes", "12X") == -1);
    check(test_parse1("MaxFileBytes", "-1") == -1);
    check(test_parse1("MaxFileBytes", "99999999999999999999999") == -1);
}

/* Values as another tool might have left them: checked with siotrace's rules.
 * Enabled 7 and a UNC directory were taken by lspctl's copy of the rules and
 * refused by its `config set`; the one set of rules ignores both. */
static void test_validate(void)
{
    static const struct {
        const char *key;
        DWORD type;
        const void *data;
        DWORD size;
        int ok;
    } cases[] = {
        {"Enabled", REG_SZ, L"1", 4, 0},
        {"Enabled", REG_DWORD, "\x07\0\0\0", 4, 0},
        {"Enabled", REG_QWORD, "\x01\0\0\0\0\0\0\0", 8, 1},
        {"MaxFileBytes", REG_DWORD, "\x64\0\0\0", 4, 0},
        {"MaxFileBytes", REG_QWORD, "\0\0\0\0\x01\0\0\0", 8, 1},
        {"Formats", REG_SZ, L"text", 10, 1},
        {"Formats", REG_SZ, L"bogus", 12, 0},
        {"LogDirectory", REG_EXPAND_SZ, L"%TEMP%\\x", 18, 0},
        {"LogDirectory", REG_SZ, L"\\\\srv\\share", 24, 0},
        {"LogDirectory", REG_SZ, L"C:\\srv\\share", 26, 1},
        {"LogDirectory", REG_SZ, L"logs", 10, 0},
        {"Include", REG_SZ, L"a.exe", 12, 0},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        settings_raw_t v;

        memset(&v, 0, sizeof v);
        v.type = cases[i].type;
        v.size = cases[i].size;
        memcpy(v.data, cases[i].data, v.size);
        check((config_validate((settings_id_t)settings_find(cases[i].key), &v, test_why,
                               sizeof test_why) == 0) == cases[i].ok);
    }
}

/* ProgramData as the system's profile list gives it, whatever the
 * environment says; Windows' own default when the list gives none. */
static void test_program_data(HKEY fake)
{
    static const WCHAR data[] = L"%SystemDrive%\\Data";
    WCHAR root[MAX_PATH];
    settings_sys_t sys;
    HKEY profiles;

    check(GetSystemWindowsDirectoryW(root, MAX_PATH) > 2 && root[1] == L':');
    check(SetEnvironmentVariableW(L"ProgramData", L"C:\\users-own"));
    settings_sys_load(&sys);
    check(wcscmp((WCHAR *)sys.system_root, root) == 0);
    check(sys.program_data[0] == root[0] &&
          wcscmp((WCHAR *)sys.program_data + 1, L":\\ProgramData") == 0);
    check(RegCreateKeyExW(fake, L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList", 0,
                          NULL, 0, KEY_ALL_ACCESS, NULL, &profiles, NULL) == ERROR_SUCCESS);
    check(RegSetValueExW(profiles, L"ProgramData", 0, REG_EXPAND_SZ, (const BYTE *)data,
                         sizeof data) == ERROR_SUCCESS);
    RegCloseKey(profiles);
    settings_sys_load(&sys);
    check(sys.program_data[0] == root[0] && wcscmp((WCHAR *)sys.program_data + 1, L":\\Data") == 0);
    check(RegDeleteTreeW(fake, L"SOFTWARE\\Microsoft") == ERROR_SUCCESS);
}

static void test_registry(void)
{
    settings_id_t k = SETTINGS_EXCLUDE, dir = SETTINGS_LOG_DIRECTORY;
    char *names[] = {"wsl.exe,svchost.exe"};
    char text[256];
    WCHAR logs[MAX_PATH];
    settings_raw_t v;
    LONG err = 0;
    HKEY fake;

    check(RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\siotrace-test-hklm", 0, NULL, 0,
                          KEY_ALL_ACCESS, NULL, &fake, NULL) == ERROR_SUCCESS);
    check(RegOverridePredefKey(HKEY_LOCAL_MACHINE, fake) == ERROR_SUCCESS);
    test_program_data(fake);

    check(config_read(k, &v, &err) == 1);
    check(test_parse("Exclude", 1, names) == 0);
    check(config_write(k, &test_v, &err) == 0);
    check(config_read(k, &v, &err) == 0 && v.type == REG_MULTI_SZ);
    config_format(&v, text, sizeof text);
    check(strcmp(text, "wsl.exe,svchost.exe") == 0);
    check(config_delete(k, &err) == 0);
    check(config_read(k, &v, &err) == 1);
    check(config_delete(k, &err) == 0);

    /* The default, then a value naming a system variable. */
    check(config_log_directory(logs, MAX_PATH, test_why, sizeof test_why) == 0);
    check(wcslen(logs) == 28 && wcscmp(logs + 1, L":\\ProgramData\\siotrace\\logs") == 0);
    check(test_parse1("LogDirectory", "%SystemDrive%\\siotlogs") == 0);
    check(config_write(dir, &test_v, &err) == 0);
    check(config_log_directory(logs, MAX_PATH, test_why, sizeof test_why) == 0);
    check(wcslen(logs) == 11 && logs[1] == L':' && wcscmp(logs + 2, L"\\siotlogs") == 0);
    check(config_delete(dir, &err) == 0);

    /* A value siotrace ignores is no log directory to create. */
    v.type = REG_SZ;
    v.size = sizeof L"logs";
    memcpy(v.data, L"logs", v.size);
    check(config_write(dir, &v, &err) == 0);
    check(config_log_directory(logs, MAX_PATH, test_why, sizeof test_why) == -1);
    check(strstr(test_why, "absolute path on a local drive") != NULL);
    check(config_delete(dir, &err) == 0);

    RegOverridePredefKey(HKEY_LOCAL_MACHINE, NULL);
    RegCloseKey(fake);
    RegDeleteTreeW(HKEY_CURRENT_USER, L"Software\\siotrace-test-hklm");
}

int main(void)
{
    test_flags_and_formats();
    test_directories();
    test_lists_and_sizes();
    test_validate();
    test_registry();
    return 0;
}
