/* The rest of lspctl-model's command line: bypass and unbypass (the
 * application categories, one list for both catalogs), exclude and include
 * (the Exclude and Include settings), config get, set and unset with their
 * checks, and the usage errors. argv: lspctl-model.exe, x64 and x86 DLLs. */
#include <string.h>

#include "check.h"
#include "model.h"

static model_args_t A;
static runproc_t R;

#define test_lspctl(want, args)    model_expect(&R, &A, want, args)
#define test_unchanged(want, args) model_expect_unchanged(&R, &A, want, args)

static DWORD test_app(const WCHAR *path)
{
    DWORD cats = 0xdeadbeef;
    int err = 0;

    check(catmodel_WSCGetApplicationCategory(path, (DWORD)wcslen(path), NULL, 0, &cats, &err) == 0);
    return cats;
}

static void test_set_app(const WCHAR *path, DWORD cats)
{
    DWORD previous;
    int err = 0;

    check(catmodel_WSCSetApplicationCategory(path, (DWORD)wcslen(path), NULL, 0, cats, &previous,
                                             &err) == 0);
}

/* Categories only grow (WSCSetApplicationCategory ORs them): bypass adds
 * LSP_SYSTEM, which nothing takes back; unbypass can only add siotrace's
 * category to a program that permits others. */
static void test_app_categories(void)
{
    char *seed, *now;

    model_init("cli");
    seed = model_bytes();
    test_lspctl(0, "bypass C:\\Windows\\System32\\wsl.exe");
    check(strstr(R.out, "C:\\Windows\\System32\\wsl.exe now permits LSP_SYSTEM") != NULL, "%s",
          R.out);
    check(strstr(R.out, "`lspctl unbypass` cannot undo this") != NULL);
    check(strstr(R.out, "does not exist (yet)") != NULL);
    check(test_app(L"C:\\Windows\\System32\\wsl.exe") == LSP_SYSTEM);
    test_unchanged(0, "bypass C:\\Windows\\System32\\wsl.exe");
    check(strstr(R.out, "permits LSP_SYSTEM, so siotrace does not load into it already; nothing "
                        "was changed") != NULL,
          "%s", R.out);
    test_unchanged(5, "unbypass C:\\Windows\\System32\\wsl.exe");
    check(strstr(R.err, "has no call that takes LSP_SYSTEM back") != NULL, "%s", R.err);
    check(strstr(R.err, "Nothing was changed") != NULL);
    check(test_app(L"C:\\Windows\\System32\\wsl.exe") == LSP_SYSTEM);

    test_unchanged(0, "unbypass C:\\never.exe");
    check(strstr(R.out, "C:\\never.exe is not categorized (every LSP loads into it), so siotrace "
                        "loads into it already; nothing was changed") != NULL,
          "%s", R.out);

    /* Categorized by someone else without siotrace's category: unbypass adds it. */
    test_set_app(L"C:\\fw.exe", LSP_FIREWALL);
    test_lspctl(0, "unbypass C:\\fw.exe");
    check(test_app(L"C:\\fw.exe") == (LSP_FIREWALL | LSP_INSPECTOR));
    check(strstr(R.out, "siotrace loads into it from its next start") != NULL, "%s", R.out);
    test_unchanged(0, "unbypass C:\\fw.exe");
    test_lspctl(0, "bypass C:\\fw.exe");
    check(test_app(L"C:\\fw.exe") == (LSP_FIREWALL | LSP_INSPECTOR | LSP_SYSTEM));

    /* A relative path is the program's full path: Windows matches that. */
    check(SetCurrentDirectoryW(L"C:\\"));
    test_lspctl(0, "bypass rel.exe");
    check(strstr(R.out, "C:\\rel.exe now permits LSP_SYSTEM") != NULL, "%s", R.out);
    check(test_app(L"C:\\rel.exe") == LSP_SYSTEM);

    test_lspctl(2, "bypass");
    test_lspctl(2, "bypass a.exe b.exe");
    test_lspctl(2, "unbypass");
    /* The catalogs themselves are untouched: application lines are added. */
    now = model_bytes();
    check(strstr(seed, "\napp\t") == NULL);
    check(strncmp(seed, now, strlen(seed)) == 0);
    check(strncmp(now + strlen(seed), "app\t", 4) == 0);
    free(now);
    free(seed);
}

/* The names exactly as siotrace.dll reads them: a REG_MULTI_SZ of image
 * file names, compared in any case. */
static int test_names(const WCHAR *value, const WCHAR *want, DWORD want_bytes)
{
    BYTE data[512];
    DWORD type = 0, size = sizeof data;
    HKEY key;
    LONG err;

    check(RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\siotrace", 0,
                        KEY_QUERY_VALUE | KEY_WOW64_64KEY, &key) == ERROR_SUCCESS);
    err = RegQueryValueExW(key, value, NULL, &type, data, &size);
    RegCloseKey(key);
    return err == ERROR_SUCCESS && type == REG_MULTI_SZ && size == want_bytes &&
           memcmp(data, want, size) == 0;
}

/* The behaviour `exclude` and `include` have had since they stopped being
 * the category change (now `bypass`): they add a path's image name to the
 * Exclude or Include setting, once. */
static void test_exclude_include(void)
{
    test_lspctl(0, "config unset Exclude");
    test_lspctl(0, "config unset Include");
    test_lspctl(0, "exclude \"C:\\Program Files\\curl\\curl.exe\"");
    check(strstr(R.out, "Exclude = curl.exe") != NULL);
    check(strstr(R.out, "No program whose image is named curl.exe (in any folder, any case) is "
                        "traced") != NULL);
    check(test_names(L"Exclude", L"curl.exe\0", sizeof L"curl.exe\0"));
    test_lspctl(0, "exclude D:\\other\\CURL.EXE");
    check(strstr(R.out, "CURL.EXE is already in Exclude; nothing was changed") != NULL);
    test_lspctl(0, "exclude wsl");
    check(test_names(L"Exclude", L"curl.exe\0wsl\0", sizeof L"curl.exe\0wsl\0"));
    test_lspctl(0, "include C:\\Tools\\curl.exe");
    check(strstr(R.out, "Include = curl.exe") != NULL);
    check(strstr(R.out, "note: Include was empty; now only the images it names are traced") !=
          NULL);
    check(strstr(R.out, "note: curl.exe is also in Exclude, which wins") != NULL);
    check(test_names(L"Include", L"curl.exe\0", sizeof L"curl.exe\0"));
    test_lspctl(0, "include C:\\Tools\\nc.exe");
    check(strstr(R.out, "Include = curl.exe,nc.exe") != NULL);
    check(strstr(R.out, "Include was empty") == NULL && strstr(R.out, "also in Exclude") == NULL);
    test_lspctl(2, "exclude");
    test_lspctl(2, "exclude C:\\Tools\\");
    test_lspctl(2, "include a.exe b.exe");
    test_lspctl(0, "config unset Exclude");
    test_lspctl(0, "config unset Include");
}

static void test_config(void)
{
    test_lspctl(0, "config get");
    check(strstr(R.out, "Enabled       1 (default)") != NULL);
    check(strstr(R.out, "MaxFileBytes  67108864 (default)") != NULL);
    test_lspctl(0, "config set Formats json,text");
    check(strstr(R.out, "Formats = json,text") != NULL);
    test_lspctl(0, "config get Formats");
    check(strcmp(R.out, "json,text\r\n") == 0 || strcmp(R.out, "json,text\n") == 0);
    test_lspctl(0, "config set Exclude wsl.exe svchost.exe,wsl.exe");
    check(strstr(R.out, "Exclude = wsl.exe,svchost.exe") != NULL);
    test_lspctl(0, "config set MaxFileBytes 1M");
    check(strstr(R.out, "MaxFileBytes = 1048576") != NULL);
    test_lspctl(2, "config set Enabled 2");
    check(strstr(R.err, "config set Enabled: expected 1 (trace) or 0 (do not); nothing was "
                        "changed") != NULL);
    test_lspctl(2, "config set LogDirectory %TEMP%\\logs");
    test_lspctl(2, "config set Colour blue");
    check(strstr(R.err, "unknown key Colour") != NULL);
    test_lspctl(2, "config frob");
    test_lspctl(0, "config unset Formats");
    test_lspctl(0, "config unset Exclude");
    test_lspctl(0, "config unset MaxFileBytes");
    test_lspctl(0, "config get Formats");
    check(strstr(R.out, "json (default)") != NULL);
}

/* Every command that changes something asks for an elevated administrator
 * before anything else; the ones that only read do not. */
static void test_not_admin(void)
{
    static const char *const changes[] = {
        "install --dll64 C:\\x64.dll --dll32 C:\\x86.dll",
        "uninstall",
        "repair",
        "bypass C:\\a.exe",
        "unbypass C:\\a.exe",
        "exclude C:\\a.exe",
        "include C:\\a.exe",
        "config set Formats json",
        "config unset Formats",
    };
    char *seed = model_bytes(), *now;
    size_t i;

    for (i = 0; i < sizeof changes / sizeof changes[0]; i++) {
        int rc = model_lspctl_unelevated(&R, &A, "%s", changes[i]);

        if (rc != 3)
            fprintf(stderr, "%s: exit %d\n%s\n%s\n", changes[i], rc, R.out, R.err);
        check(rc == 3);
        check(strstr(R.err, "run it as an administrator (elevated); nothing was changed") != NULL);
    }
    check(model_lspctl_unelevated(&R, &A, "status") == 1);
    check(model_lspctl_unelevated(&R, &A, "show") == 0);
    check(model_lspctl_unelevated(&R, &A, "config get") == 0);
    now = model_bytes();
    check(strcmp(seed, now) == 0);
    free(now);
    free(seed);
}

int main(int argc, char **argv)
{
    model_args(argc, argv, &A);
    model_init("cli-admin");
    test_not_admin();
    test_app_categories();
    test_exclude_include();
    test_config();
    test_lspctl(2, "install --dll64");
    check(strstr(R.err, "--dll64 needs a value") != NULL);
    test_lspctl(2, "install --protocols");
    test_lspctl(2, "uninstall --now");
    return 0;
}
