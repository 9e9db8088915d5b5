/* lspctl repair on the catalog model: chains whose layered entry is gone
 * (another LSP's, injected), a siotrace left half-installed in one catalog or
 * without its category, and a broken chain that shares its GUID with working
 * entries, which is left alone; and the log directory: missing, right, owned
 * by another account, with another DACL, a link or a file. lspctl-secfake
 * keeps the security lspctl sets, as Windows does and Wine does not, and the
 * test gives directories other owners and DACLs through its store.
 * argv: lspctl-secfake.exe, x64 and x86 DLLs, a directory that is a symbolic
 * link. */
#include <aclapi.h>
#include <sddl.h>
#include <string.h>

#include "aclstore.h"
#include "check.h"
#include "logdir.h"
#include "model.h"
#include "siot.h"

#define TEST_MAX 64

static model_args_t A;
static runproc_t R;
#define test_lspctl(want, args) model_expect(&R, &A, want, args)
#define test_install()          model_install(&R, &A, 0, "")

/* `repair` says `said` and takes the model back to seed. */
static void test_repaired_to(const char *seed, const char *said)
{
    test_lspctl(0, "repair");
    check(strstr(R.out, said) != NULL, "%s", R.out);
    check(model_holds(seed));
}

/* Another LSP whose layered entry was removed without its chains. */
static void test_other_orphaned(void)
{
    DWORD id;
    int err = 0;

    check(catmodel_WSCInstallProviderAndChains64_32(&model_other, L"C:\\other64.dll",
                                                    L"C:\\other32.dll", L"Other LSP",
                                                    XP1_IFS_HANDLES, NULL, 0, &id, &err) == 0);
    check(catmodel_WSCDeinstallProvider(&model_other, &err) == 0);
    check(catmodel_WSCDeinstallProvider32(&model_other, &err) == 0);
}

static void test_orphans(void)
{
    char *seed;

    model_init("repair-orphans");
    seed = model_bytes();
    test_other_orphaned();
    test_lspctl(0, "show");
    check(strstr(R.out, "broken chains (`lspctl repair` removes them):") != NULL);
    check(strstr(R.out, "its layered entry is gone (1007)") != NULL);
    model_expect_unchanged(&R, &A, 0, "repair --dry-run");
    check(strstr(R.out, "broken: 64-bit catalog entry 1008") != NULL);
    check(strstr(R.out, "broken: 32-bit catalog entry 1013") != NULL);
    test_repaired_to(seed, "removed 6 providers");
    model_expect_unchanged(&R, &A, 0, "repair");
    check(strstr(R.out, "nothing to repair") != NULL);
    free(seed);
}

/* siotrace's layered entry gone from the 32-bit catalog alone. */
static void test_half_installed(void)
{
    GUID id = siot_layered_guid;
    int err = 0;
    char *seed, args[1024];

    model_init("repair-half");
    seed = model_bytes();
    test_install();
    check(catmodel_WSCDeinstallProvider32(&id, &err) == 0);
    test_lspctl(5, "status");
    /* Its chains came from WSCInstallProviderAndChains: without their first
     * link nothing marks them as siotrace's; they are broken chains. */
    check(strstr(R.out, "32-bit catalog: 6 broken chains") != NULL);
    check(strstr(R.out, "32-bit catalog: not installed") != NULL);
    snprintf(args, sizeof args, "install --dll64 \"%s\" --dll32 \"%s\"", A.dll64, A.dll32);
    model_expect_unchanged(&R, &A, 5, args);
    check(strstr(R.err, "siotrace is partly installed") != NULL);
    model_expect_unchanged(&R, &A, 0, "repair --dry-run");
    check(strstr(R.out, "siotrace is missing in the 32-bit catalog: all its entries go") != NULL);
    check(strstr(R.out, "broken: 32-bit catalog entry 1008") != NULL);
    test_lspctl(0, "repair");
    test_lspctl(1, "status");
    check(model_holds(seed));
    free(seed);
}

/* siotrace whole but without its LSP category in the 64-bit catalog. */
static void test_no_category(void)
{
    GUID id = siot_layered_guid;
    DWORD none = 0;
    int err = 0;
    char *seed;

    model_init("repair-category");
    seed = model_bytes();
    test_install();
    check(catmodel_WSCSetProviderInfo(&id, ProviderInfoLspCategories, (PBYTE)&none, sizeof none, 0,
                                      &err) == 0);
    test_lspctl(5, "status");
    check(strstr(R.out, "LSP categories: none") != NULL);
    test_repaired_to(seed, "without its LSP category in the 64-bit catalog");
    free(seed);
}

/* A chain that names a missing layered entry under the GUID of working
 * entries: removal goes by GUID, so it stays, and repair says why. */
static void test_shared_guid(void)
{
    WSAPROTOCOL_INFOW e[TEST_MAX], bad;
    int n, err = 0;
    GUID other2 = model_other;

    model_init("repair-shared");
    n = model_entries(CATFILE_64, e, TEST_MAX);
    check(n == 6);
    bad = e[0];
    bad.ProtocolChain.ChainLen = 2;
    bad.ProtocolChain.ChainEntries[0] = 4242;
    bad.ProtocolChain.ChainEntries[1] = 1001;
    other2.Data4[7] = 0x99;
    e[1].ProviderId = other2;
    check(catmodel_WSCInstallProvider(&other2, L"C:\\other64.dll", &e[1], 1, &err) == 0);
    /* The same GUID cannot be installed twice: put both entries in one call. */
    check(catmodel_WSCDeinstallProvider(&other2, &err) == 0);
    e[1].ProviderId = other2;
    bad.ProviderId = other2;
    e[2] = bad;
    check(catmodel_WSCInstallProvider(&other2, L"C:\\other64.dll", &e[1], 2, &err) == 0);
    model_expect_unchanged(&R, &A, 0, "repair");
    check(strstr(R.out, "left alone: 64-bit catalog entry") != NULL);
    check(strstr(R.out, "but its GUID also holds working entries") != NULL);
    check(strstr(R.out, "nothing to repair") != NULL);
}

/* The log directory these tests use, and its owner and DACL as lspctl sets
 * them, as this system spells them. */
static WCHAR test_logs[MAX_PATH], test_right[ACLSTORE_SDDL_MAX];
static char test_logs8[MAX_PATH * 3];

static void test_acl_init(void)
{
    PSECURITY_DESCRIPTOR sd;
    WCHAR *text;

    check(ConvertStringSecurityDescriptorToSecurityDescriptorW(logdir_sddl, SDDL_REVISION_1, &sd,
                                                               NULL));
    check(ConvertSecurityDescriptorToStringSecurityDescriptorW(
        sd, SDDL_REVISION_1, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, &text, NULL));
    check(wcsncmp(text, L"O:BAD:", 6) == 0 && wcslen(text) < ACLSTORE_SDDL_MAX);
    wcscpy(test_right, text);
    LocalFree(text);
    LocalFree(sd);
}

/* Whether the store holds sddl for dir. */
static int test_acl_is(const WCHAR *dir, const WCHAR *sddl)
{
    WCHAR got[ACLSTORE_SDDL_MAX];

    return aclstore_get(dir, got) && wcscmp(got, sddl) == 0;
}

/* The log directory with owner (an SDDL owner: O:SY) and the DACL lspctl sets. */
static void test_acl_owner(const WCHAR *owner)
{
    WCHAR sddl[ACLSTORE_SDDL_MAX];

    _snwprintf(sddl, ACLSTORE_SDDL_MAX, L"%ls%ls", owner, wcsstr(test_right, L"D:"));
    check(aclstore_put(test_logs, sddl) == 0);
}

/* LogDirectory written as an administrator's `reg add` would: lspctl config
 * set would refuse a link or a file. */
static void test_log_directory(const WCHAR *dir)
{
    HKEY key;

    check(RegCreateKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\siotrace", 0, NULL, 0,
                          KEY_SET_VALUE | KEY_WOW64_64KEY, NULL, &key, NULL) == ERROR_SUCCESS);
    check(RegSetValueExW(key, L"LogDirectory", 0, REG_SZ, (const BYTE *)dir,
                         (DWORD)((wcslen(dir) + 1) * sizeof(WCHAR))) == ERROR_SUCCESS);
    RegCloseKey(key);
}

static int test_said(const char *what)
{
    char want[MAX_PATH * 4];

    snprintf(want, sizeof want, "log directory %s: %s", test_logs8, what);
    return strstr(R.out, want) != NULL;
}

/* `status` reads the log directory back as lspctl sets it. */
static void test_status_right(void)
{
    test_lspctl(1, "status");
    check(test_said("present, access control as lspctl sets it"), "%s", R.out);
}

/* lspctl's own directory, through `config set` (secured, and read back right). */
static void test_logs_init(void)
{
    char args[MAX_PATH * 4];

    check(GetTempPathW(MAX_PATH, test_logs) > 0);
    wcscat(test_logs, L"siot-repair-logs");
    RemoveDirectoryW(test_logs);
    WideCharToMultiByte(CP_UTF8, 0, test_logs, -1, test_logs8, sizeof test_logs8, NULL, NULL);
    model_acl("repair");
    test_acl_init();
    model_init("repair-logs");
    snprintf(args, sizeof args, "config set LogDirectory \"%s\"", test_logs8);
    test_lspctl(0, args);
    check(strstr(R.err, "reads back otherwise") == NULL, "%s", R.err);
    check(test_acl_is(test_logs, test_right));
}

static void test_logs_right(void)
{
    model_init("repair-logs");
    model_expect_unchanged(&R, &A, 0, "repair");
    check(test_said("owner and access control right"), "%s", R.out);
    check(strstr(R.out, "nothing to repair; nothing was changed") != NULL);
    check(test_acl_is(test_logs, test_right));
}

static void test_logs_missing(void)
{
    DWORD attrs;

    model_init("repair-logs");
    check(RemoveDirectoryW(test_logs));
    check(aclstore_put(test_logs, NULL) == 0);
    test_lspctl(0, "repair --dry-run");
    check(test_said("does not exist; it is created, with its access control"), "%s", R.out);
    check(strstr(R.out, "nothing to repair") == NULL);
    check(GetFileAttributesW(test_logs) == INVALID_FILE_ATTRIBUTES);
    test_lspctl(0, "repair");
    check(strstr(R.out, "  created the log directory, with its access control") != NULL, "%s",
          R.out);
    check(strstr(R.out, "nothing to repair") == NULL);
    check(strstr(R.err, "reads back otherwise") == NULL, "%s", R.err);
    attrs = GetFileAttributesW(test_logs);
    check(attrs != INVALID_FILE_ATTRIBUTES && (attrs & FILE_ATTRIBUTE_DIRECTORY));
    check(test_acl_is(test_logs, test_right));
    test_status_right();
    test_logs_right();
}

/* Owned by a standard user: reset. Owned by SYSTEM: left as it is. */
static void test_logs_owner(void)
{
    WCHAR seed[ACLSTORE_SDDL_MAX];

    model_init("repair-logs");
    test_acl_owner(L"O:S-1-5-21-1-2-3-1001");
    check(aclstore_get(test_logs, seed));
    test_lspctl(0, "repair --dry-run");
    check(test_said("owned by S-1-5-21-1-2-3-1001, not SYSTEM or Administrators; its owner and "
                    "access control are reset"),
          "%s", R.out);
    check(test_acl_is(test_logs, seed));
    test_lspctl(0, "repair");
    check(strstr(R.out, "  reset the log directory's owner and access control") != NULL, "%s",
          R.out);
    check(strstr(R.out, "nothing to repair") == NULL);
    check(test_acl_is(test_logs, test_right));
    test_status_right();

    test_acl_owner(L"O:SY");
    check(aclstore_get(test_logs, seed));
    model_expect_unchanged(&R, &A, 0, "repair");
    check(strstr(R.out, "nothing to repair; nothing was changed") != NULL, "%s", R.out);
    check(test_acl_is(test_logs, seed));
    check(aclstore_put(test_logs, test_right) == 0);
}

/* Everyone may read and delete logs: the DACL is reset. */
static void test_logs_dacl(void)
{
    model_init("repair-logs");
    check(aclstore_put(test_logs, L"O:BAD:AI(A;OICI;FA;;;WD)") == 0);
    test_lspctl(0, "repair --dry-run");
    check(test_said("its access control is D:AI(A;OICI;FA;;;WD); its owner and access control are "
                    "reset"),
          "%s", R.out);
    check(test_acl_is(test_logs, L"O:BAD:AI(A;OICI;FA;;;WD)"));
    test_lspctl(0, "repair");
    check(strstr(R.out, "  reset the log directory's owner and access control") != NULL, "%s",
          R.out);
    check(test_acl_is(test_logs, test_right));
    test_status_right();
}

/* Broken chains and a missing directory: both fixed, both reported. */
static void test_logs_and_chains(void)
{
    char *seed;

    model_init("repair-logs");
    seed = model_bytes();
    test_other_orphaned();
    check(RemoveDirectoryW(test_logs));
    test_repaired_to(seed, "removed 6 providers");
    check(strstr(R.out, "  created the log directory, with its access control") != NULL);
    check(test_acl_is(test_logs, test_right));
    free(seed);
}

/* A link or a file where the directory should be: nothing is changed, the
 * catalogs' broken chains included, and nothing is made through the link. */
static void test_logs_refused(const WCHAR *dir, const char *why)
{
    WCHAR pattern[MAX_PATH], sddl[ACLSTORE_SDDL_MAX];
    WIN32_FIND_DATAW found;
    HANDLE h;
    int entries = 0;
    char want[MAX_PATH * 4], dir8[MAX_PATH * 3];
    DWORD attrs = GetFileAttributesW(dir);

    model_init("repair-logs");
    test_other_orphaned();
    test_log_directory(dir);
    WideCharToMultiByte(CP_UTF8, 0, dir, -1, dir8, sizeof dir8, NULL, NULL);
    snprintf(want, sizeof want,
             "repair: the log directory %s %s; lspctl neither follows nor replaces it: remove it "
             "and run `lspctl repair` again, which creates the directory. Nothing was changed",
             dir8, why);
    model_expect_unchanged(&R, &A, 9, "repair --dry-run");
    check(strstr(R.err, want) != NULL, "%s", R.err);
    model_expect_unchanged(&R, &A, 9, "repair");
    check(strstr(R.err, want) != NULL, "%s", R.err);
    check(strstr(R.out, "removed") == NULL);
    check(!aclstore_get(dir, sddl));
    check(GetFileAttributesW(dir) == attrs);
    _snwprintf(pattern, MAX_PATH, L"%ls\\*", dir);
    h = FindFirstFileW(pattern, &found);
    if (h != INVALID_HANDLE_VALUE) {
        do
            entries += wcscmp(found.cFileName, L".") && wcscmp(found.cFileName, L"..");
        while (FindNextFileW(h, &found));
        FindClose(h);
    }
    check(entries == 0);
}

static void test_logs_link(const char *link8)
{
    WCHAR link[MAX_PATH];

    MultiByteToWideChar(CP_UTF8, 0, link8, -1, link, MAX_PATH);
    check(GetFileAttributesW(link) & FILE_ATTRIBUTE_REPARSE_POINT);
    test_logs_refused(link, "is a junction or link");
}

static void test_logs_file(void)
{
    WCHAR file[MAX_PATH];
    HANDLE h;

    _snwprintf(file, MAX_PATH, L"%ls-file", test_logs);
    h = CreateFileW(file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    check(h != INVALID_HANDLE_VALUE);
    CloseHandle(h);
    test_logs_refused(file, "exists and is not a directory");
    check(DeleteFileW(file));
}

int main(int argc, char **argv)
{
    check(argc == 5);
    model_args(argc, argv, &A);
    test_logs_init();
    test_orphans();
    test_half_installed();
    test_no_category();
    test_shared_guid();
    test_logs_right();
    test_logs_missing();
    test_logs_owner();
    test_logs_dacl();
    test_logs_and_chains();
    test_logs_link(argv[4]);
    test_logs_file();
    test_lspctl(0, "config unset LogDirectory");
    RemoveDirectoryW(test_logs);
    return 0;
}
