/* lspctl repair on the catalog model: chains whose layered entry is gone
 * (another LSP's, injected), a siotrace left half-installed in one catalog or
 * without its category, and a broken chain that shares its GUID with working
 * entries, which is left alone. argv: lspctl-model.exe, x64 and x86 DLLs. */
#include <string.h>

#include "check.h"
#include "model.h"
#include "siot.h"

#define TEST_MAX 64

static model_args_t A;
static runproc_t R;
#define test_lspctl(want, args) model_expect(&R, &A, want, args)
#define test_install()          model_install(&R, &A, 0, "")

static void test_unchanged_by(const char *args, int want)
{
    char *before = model_bytes(), *after;

    test_lspctl(want, args);
    after = model_bytes();
    check(strcmp(before, after) == 0);
    free(before);
    free(after);
}

/* `repair` says `said` and takes the model back to seed. */
static void test_repaired_to(const char *seed, const char *said)
{
    test_lspctl(0, "repair");
    check(strstr(R.out, said) != NULL, "%s", R.out);
    check(model_holds(seed));
}

/* Another LSP whose layered entry was removed without its chains. */
static void test_orphans(void)
{
    DWORD id;
    int err = 0;
    char *seed;

    model_init("repair-orphans");
    seed = model_bytes();
    check(catmodel_WSCInstallProviderAndChains64_32(&model_other, L"C:\\other64.dll",
                                                    L"C:\\other32.dll", L"Other LSP",
                                                    XP1_IFS_HANDLES, NULL, 0, &id, &err) == 0);
    check(catmodel_WSCDeinstallProvider(&model_other, &err) == 0);
    check(catmodel_WSCDeinstallProvider32(&model_other, &err) == 0);
    test_lspctl(0, "show");
    check(strstr(R.out, "broken chains (`lspctl repair` removes them):") != NULL);
    check(strstr(R.out, "its layered entry is gone (1007)") != NULL);
    test_unchanged_by("repair --dry-run", 0);
    check(strstr(R.out, "broken: 64-bit catalog entry 1008") != NULL);
    check(strstr(R.out, "broken: 32-bit catalog entry 1013") != NULL);
    test_repaired_to(seed, "removed 6 providers");
    test_unchanged_by("repair", 0);
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
    test_unchanged_by(args, 5);
    check(strstr(R.err, "siotrace is partly installed") != NULL);
    test_unchanged_by("repair --dry-run", 0);
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
    test_unchanged_by("repair", 0);
    check(strstr(R.out, "left alone: 64-bit catalog entry") != NULL);
    check(strstr(R.out, "but its GUID also holds working entries") != NULL);
    check(strstr(R.out, "nothing to repair") != NULL);
}

int main(int argc, char **argv)
{
    model_args(argc, argv, &A);
    test_orphans();
    test_half_installed();
    test_no_category();
    test_shared_guid();
    return 0;
}
