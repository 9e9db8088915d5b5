/* lspctl-model on the catalog model: install, show, status, uninstall,
 * reinstall, with both ways of installing, and beside another LSP already in
 * the catalog (siotrace above it) or installed after it (above siotrace).
 * argv: lspctl-secfake.exe (the log directory's security reads back, so a
 * repair after an install finds nothing to do), x64 and x86 fixture DLLs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "jdoc.h"
#include "model.h"
#include "siot.h"

#define TEST_MAX 64

static model_args_t A;
static runproc_t R;

#define test_lspctl(want, args)   model_expect(&R, &A, want, args)
#define test_install(want, extra) model_install(&R, &A, want, extra)

static int test_find(const WSAPROTOCOL_INFOW *e, int n, const GUID *g, int chain_len)
{
    int i;

    for (i = 0; i < n; i++)
        if (IsEqualGUID(&e[i].ProviderId, g) && e[i].ProtocolChain.ChainLen == chain_len)
            return i;
    return -1;
}

/* siotrace in one catalog: its layered entry, its DLL and category, and its six
 * chains first in the order, each under its own GUID, over `below` (the
 * layered id of an LSP under it, or 0) and the base entry 1001 + k. */
static void test_installed(int which, const char *dll, DWORD below)
{
    WSAPROTOCOL_INFOW e[TEST_MAX];
    int n = model_entries(which, e, TEST_MAX), l, k, j, err = 0, len = MAX_PATH;
    WCHAR path[MAX_PATH], want[MAX_PATH];
    DWORD cats = 0;
    size_t size = sizeof cats;
    GUID id = siot_layered_guid;

    l = test_find(e, n, &siot_layered_guid, 0);
    check(l >= 0);
    check(e[l].dwServiceFlags1 & XP1_IFS_HANDLES);
    /* Hidden and not matching protocol 0, whichever way it was installed. */
    check(e[l].dwProviderFlags == PFL_HIDDEN, "layered entry flags 0x%lx",
          (unsigned long)e[l].dwProviderFlags);
    for (k = 0; k < 6; k++) {
        const WSAPROTOCOLCHAIN *c = &e[k].ProtocolChain;

        check(c->ChainEntries[0] == e[l].dwCatalogEntryId);
        check(c->ChainLen == (below ? 3 : 2));
        if (below)
            check(c->ChainEntries[1] == below);
        check(c->ChainEntries[c->ChainLen - 1] == 1001u + (DWORD)k);
        check(e[k].dwServiceFlags1 & XP1_IFS_HANDLES);
        check(!IsEqualGUID(&e[k].ProviderId, &siot_layered_guid));
        for (j = 0; j < k; j++)
            check(!IsEqualGUID(&e[k].ProviderId, &e[j].ProviderId));
    }
    check((which == CATFILE_64 ? catmodel_WSCGetProviderInfo(&id, ProviderInfoLspCategories,
                                                             (PBYTE)&cats, &size, 0, &err)
                               : catmodel_WSCGetProviderInfo32(&id, ProviderInfoLspCategories,
                                                               (PBYTE)&cats, &size, 0, &err)) == 0);
    check(cats == LSP_INSPECTOR);
    check((which == CATFILE_64 ? catmodel_WSCGetProviderPath(&id, path, &len, &err)
                               : catmodel_WSCGetProviderPath32(&id, path, &len, &err)) == 0);
    MultiByteToWideChar(CP_UTF8, 0, dll, -1, want, MAX_PATH);
    check(wcscmp(path, want) == 0);
}

static void test_round_trip(const char *how)
{
    char *seed, *installed, *now;

    model_init("install");
    seed = model_bytes();
    test_lspctl(1, "status");
    check(strstr(R.out, "siotrace is not installed.") != NULL);

    test_install(0, "--dry-run");
    check(strstr(R.out, "install plan (--dry-run: nothing is changed):") != NULL);
    now = model_bytes();
    check(strcmp(seed, now) == 0);
    free(now);

    test_install(0, how);
    check(strstr(R.out, "siotrace installed:") != NULL);
    test_installed(CATFILE_64, A.dll64, 0);
    test_installed(CATFILE_32, A.dll32, 0);
    installed = model_bytes();

    test_lspctl(0, "status");
    check(strstr(R.out, "64-bit catalog: installed; layered entry present, 6 chains, 0 broken") !=
          NULL);
    check(strstr(R.out, "sockets passing through it: TCP/IPv4 UDP/IPv4 RAW/IPv4 TCP/IPv6 UDP/IPv6 "
                        "RAW/IPv6") != NULL);
    check(strstr(R.out, "LSP categories: LSP_INSPECTOR") != NULL);
    check(strstr(R.out, "siotrace is installed.") != NULL);

    test_lspctl(0, "show");
    check(strstr(R.out, "Entry Type:                         Layered Service Provider") != NULL);
    check(strstr(R.out, "LSP Categories:                     LSP_INSPECTOR") != NULL);
    check(strstr(R.out, "siotrace > MSAFD Tcpip [TCP/IP]") != NULL);
    test_lspctl(0, "show --json");
    check(jdoc_valid(R.out, strlen(R.out)), "not one JSON document:\n%s", R.out);
    check(strstr(R.out, "\"lsps\":[{\"name\":\"siotrace\",\"provider_id\":"
                        "\"{17084EE7-78C8-47CC-AAD0-0B188B764700}\"") != NULL);
    check(strstr(R.out, "\"target\":\"RAW/IPv6\",\"path\":\"siotrace > MSAFD Tcpip [RAW/IPv6]\"") !=
          NULL);
    /* Categories by number and, since show --json gives them, by name. */
    check(strstr(R.out, "\"lsp_categories\":1,\"lsp_category_names\":[\"LSP_INSPECTOR\"]") != NULL);

    /* A second install says so and changes nothing. */
    test_install(0, how);
    check(strstr(R.out, "already installed in every catalog; nothing was changed") != NULL);
    now = model_bytes();
    check(strcmp(installed, now) == 0);
    free(now);

    test_install(0, "--force");
    test_installed(CATFILE_64, A.dll64, 0);
    test_installed(CATFILE_32, A.dll32, 0);

    test_lspctl(0, "uninstall --dry-run");
    check(strstr(R.out, "remove 64-bit catalog entry") != NULL);
    test_lspctl(0, "uninstall");
    check(strstr(R.out, "siotrace uninstalled:") != NULL);
    check(model_holds(seed));
    test_lspctl(0, "uninstall");
    check(strstr(R.out, "siotrace is not installed; nothing was changed") != NULL);
    test_lspctl(1, "status");

    /* And again. */
    test_install(0, how);
    test_installed(CATFILE_64, A.dll64, 0);
    test_lspctl(0, "uninstall");
    check(model_holds(seed));
    free(installed);
    free(seed);
}

/* Another vendor's LSP, chains first, over every base entry, as its installer
 * would put it with WSCInstallProviderAndChains64_32. */
static void test_add_other(void)
{
    DWORD id = 0;
    int err = 0;

    check(catmodel_WSCInstallProviderAndChains64_32(&model_other, L"C:\\other64.dll",
                                                    L"C:\\other32.dll", L"Other LSP",
                                                    XP1_IFS_HANDLES, NULL, 0, &id, &err) == 0);
}

static DWORD test_layered_id(int which, const GUID *g)
{
    WSAPROTOCOL_INFOW e[TEST_MAX];
    int n = model_entries(which, e, TEST_MAX), i = test_find(e, n, g, 0);

    check(i >= 0);
    return e[i].dwCatalogEntryId;
}

/* siotrace installed where another LSP already is: it goes on top, over that
 * LSP's chains, and leaves them as they were. */
static void test_over_other(const char *how)
{
    char *before;

    model_init("install-over");
    test_add_other();
    before = model_bytes();
    test_install(0, how);
    test_installed(CATFILE_64, A.dll64, test_layered_id(CATFILE_64, &model_other));
    test_installed(CATFILE_32, A.dll32, test_layered_id(CATFILE_32, &model_other));
    test_lspctl(0, "status");
    check(strstr(R.out, "siotrace is installed.") != NULL);
    test_lspctl(0, "show");
    check(strstr(R.out, "siotrace > Other LSP > MSAFD Tcpip [UDP/IP]") != NULL);
    test_lspctl(0, "uninstall");
    check(model_holds(before));
    free(before);
}

/* Every command, with another LSP installed after siotrace over siotrace's
 * chains, linked in `link` style: siotrace still sees every socket, nothing
 * is broken, and nothing will remove siotrace from under that LSP. The SDK
 * sample's style names siotrace's chain where the other style names its
 * layered entry: [Other LSP, siotrace chain, base]. */
static void test_under_other(catmodel_link_t link)
{
    static const char *const refused[] = {"uninstall", "uninstall --purge", "install --force",
                                          "repair"};
    char *before, *now;
    DWORD id = 0;
    int err = 0;
    size_t k;

    model_init(link == CATMODEL_LINK_CHAIN ? "install-under-chain" : "install-under");
    test_install(0, "");
    check(catmodel_install_lsp_over(&model_other, L"C:\\other64.dll", L"C:\\other32.dll",
                                    L"Other LSP", XP1_IFS_HANDLES, link, &id, &err) == 0,
          "error %d", err);
    before = model_bytes();
    test_lspctl(0, "status");
    check(strstr(R.out, "sockets passing through it: TCP/IPv4 UDP/IPv4 RAW/IPv4 TCP/IPv6 UDP/IPv6 "
                        "RAW/IPv6") != NULL,
          "%s", R.out);
    check(strstr(R.out, "broken") == NULL || strstr(R.out, "0 broken entries") != NULL, "%s",
          R.out);
    test_lspctl(0, "show");
    check(strstr(R.out, "Other LSP > siotrace > MSAFD Tcpip [TCP/IP]") != NULL, "%s", R.out);
    check(strstr(R.out, "BROKEN") == NULL && strstr(R.out, "broken chains") == NULL, "%s", R.out);
    test_lspctl(0, "show --json");
    check(strstr(R.out, "\"broken\"") == NULL, "%s", R.out);
    test_lspctl(5, "uninstall");
    check(strstr(R.err, "\"Other LSP over [siotrace over [MSAFD Tcpip [TCP/IP]]]\"") != NULL, "%s",
          R.err);
    check(strstr(R.err, "is layered over siotrace; remove that LSP first. Nothing was changed") !=
          NULL);
    for (k = 0; k < sizeof refused / sizeof refused[0]; k++) {
        if (strcmp(refused[k], "repair") == 0) {
            test_lspctl(0, "repair");
            check(strstr(R.out, "nothing to repair") != NULL, "%s", R.out);
        } else if (strcmp(refused[k], "install --force") == 0) {
            test_install(5, "--force");
        } else {
            test_lspctl(5, refused[k]);
        }
        now = model_bytes();
        check(strcmp(before, now) == 0, "%s changed the catalog", refused[k]);
        free(now);
    }
    test_install(0, "");
    check(strstr(R.out, "already installed") != NULL, "%s", R.out);
    free(before);
}

/* Windows 7, where siotrace.dll cannot load: install refuses before touching
 * anything. Wine reports Windows 7 unless told otherwise, and the test prefix
 * tells it only for lspctl's own names: a copy of lspctl-model under another
 * name runs as Windows 7. */
static void test_windows7(void)
{
    char old[MAX_PATH + 16], *slash;
    model_args_t a = A;
    char *before, *after;

    snprintf(old, sizeof old, "%s", A.lspctl);
    slash = strrchr(old, '\\');
    if (!slash || (strrchr(old, '/') && strrchr(old, '/') > slash))
        slash = strrchr(old, '/');
    check(slash != NULL, "%s", old);
    strcpy(slash + 1, "lspctl-win7.exe");
    check(CopyFileA(A.lspctl, old, FALSE));
    a.lspctl = old;
    model_init("win7");
    before = model_bytes();
    check(model_lspctl(&R, &a, NULL, "install --dll64 \"%s\" --dll32 \"%s\"", A.dll64, A.dll32) ==
          8);
    check(strstr(R.err, "install: siotrace needs Windows 8 or later") != NULL &&
              strstr(R.err, "this is Windows 6.1") != NULL,
          "%s", R.err);
    after = model_bytes();
    check(strcmp(before, after) == 0);
    free(before);
    free(after);
    check(DeleteFileA(old));
}

/* Another LSP put first over the base entries alone bypasses siotrace: status
 * says so, install asks for --force, and --force puts siotrace on top. */
static void test_bypassed(void)
{
    WSAPROTOCOL_INFOW e[TEST_MAX];
    DWORD order[TEST_MAX], other;
    int n, i, k = 0, err = 0;

    model_init("install-bypassed");
    test_install(0, "--protocols tcp4");
    test_install(5, "");
    check(strstr(R.err, "not for every protocol asked") != NULL);
    test_install(0, "--protocols tcp4");
    check(strstr(R.out, "already installed") != NULL);
    n = model_entries(CATFILE_64, e, TEST_MAX);
    /* The other LSP: a layered entry and a chain over TCP/IPv4's base entry. */
    e[0] = e[n - 1]; /* siotrace's layered entry as a shape */
    e[0].ProviderId = model_other;
    check(catmodel_WSCInstallProvider(&model_other, L"C:\\other64.dll", &e[0], 1, &err) == 0);
    other = test_layered_id(CATFILE_64, &model_other);
    n = model_entries(CATFILE_64, e, TEST_MAX);
    for (i = 0; i < n && e[i].dwCatalogEntryId != 1001; i++)
        ;
    e[TEST_MAX - 1] = e[i];
    e[TEST_MAX - 1].ProtocolChain.ChainLen = 2;
    e[TEST_MAX - 1].ProtocolChain.ChainEntries[0] = other;
    e[TEST_MAX - 1].ProtocolChain.ChainEntries[1] = 1001;
    model_other.Data4[7] = 0x45;
    check(catmodel_WSCInstallProvider(&model_other, L"C:\\other64.dll", &e[TEST_MAX - 1], 1,
                                      &err) == 0);
    model_other.Data4[7] = 0x44;
    n = model_entries(CATFILE_64, e, TEST_MAX);
    order[k++] = e[n - 1].dwCatalogEntryId;
    for (i = 0; i < n - 1; i++)
        order[k++] = e[i].dwCatalogEntryId;
    check(catmodel_WSCWriteProviderOrder(order, (DWORD)k) == 0);

    test_lspctl(5, "status");
    check(strstr(R.out, "BYPASSED for some protocols") != NULL);
    test_install(5, "--protocols tcp4");
    check(strstr(R.err, "`lspctl install --force` reinstalls it on top") != NULL);
    test_install(0, "--protocols tcp4 --force");
    n = model_entries(CATFILE_64, e, TEST_MAX);
    check(e[0].ProtocolChain.ChainLen == 3 && e[0].ProtocolChain.ChainEntries[1] == other);
    test_lspctl(0, "status");
}

/* Puts a copy of the TCP/IPv4 base entry, named name and with extra provider
 * flags, first in both catalogs, under GUID g. */
static void test_add_first(GUID *g, const WCHAR *name, DWORD flags)
{
    WSAPROTOCOL_INFOW e[TEST_MAX];
    DWORD order[TEST_MAX];
    int n, i, err = 0;

    n = model_entries(CATFILE_64, e, TEST_MAX);
    check(n > 0 && e[0].dwCatalogEntryId == 1001);
    e[TEST_MAX - 1] = e[0];
    e[TEST_MAX - 1].ProviderId = *g;
    e[TEST_MAX - 1].dwProviderFlags |= flags;
    wcscpy(e[TEST_MAX - 1].szProtocol, name);
    check(catmodel_WSCInstallProvider64_32(g, L"C:\\other64.dll", &e[TEST_MAX - 1], 1, &err) == 0);
    n = model_entries(CATFILE_64, e, TEST_MAX);
    order[0] = e[n - 1].dwCatalogEntryId;
    for (i = 0; i < n - 1; i++)
        order[i + 1] = e[i].dwCatalogEntryId;
    check(catmodel_WSCWriteProviderOrder(order, (DWORD)n) == 0);
    check(catmodel_WSCWriteProviderOrder32(order, (DWORD)n) == 0);
}

/* WSCInstallProviderAndChains layers over the top-most entry of a protocol,
 * hidden or not, and refuses a name already taken; sockets get the first
 * visible entry. Where the two differ, install plans one call per entry, and
 * siotrace sits over the entry sockets get. */
static void test_chains_call_misfits(void)
{
    static const struct {
        const WCHAR *name;
        DWORD flags;
        const char *said;
    } cases[] = {
        {L"Hidden TCP", PFL_HIDDEN,
         "one install call per entry (TCP/IPv4: the hidden entry 1007 comes before entry 1001 in "
         "the 64-bit catalog)"},
        {L"siotrace", 0,
         "one install call per entry (entry 1007 of the 64-bit catalog is named \"siotrace\" "
         "already)"},
    };
    WSAPROTOCOL_INFOW e[TEST_MAX];
    size_t k;
    int n;

    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        model_init(k ? "install-name-taken" : "install-hidden-first");
        test_add_first(&model_other, cases[k].name, cases[k].flags);
        test_install(0, "--dry-run");
        check(strstr(R.out, cases[k].said) != NULL, "%s", R.out);
        test_install(0, "");
        n = model_entries(CATFILE_64, e, TEST_MAX);
        check(e[0].ProtocolChain.ChainLen == 2);
        check(e[0].ProtocolChain.ChainEntries[1] == (cases[k].flags ? 1001u : 1007u), "over %lu",
              (unsigned long)e[0].ProtocolChain.ChainEntries[1]);
        check(n == 7 + 7, "%d entries", n);
        test_lspctl(0, "status");
        check(strstr(R.out, "sockets passing through it: TCP/IPv4 UDP/IPv4 RAW/IPv4 TCP/IPv6 "
                            "UDP/IPv6 RAW/IPv6") != NULL,
              "%s", R.out);
    }
}

int main(int argc, char **argv)
{
    model_args(argc, argv, &A);
    model_acl("install");
    test_round_trip("");
    test_round_trip("--legacy");
    test_over_other("");
    test_over_other("--legacy");
    test_under_other(CATMODEL_LINK_LAYERED);
    test_under_other(CATMODEL_LINK_CHAIN);
    test_bypassed();
    test_chains_call_misfits();
    test_windows7();
    return 0;
}
