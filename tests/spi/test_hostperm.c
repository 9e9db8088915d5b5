/* Which LSPs a program lets Winsock load: the rule of "Categorizing layered
 * service providers and apps" case by case (its own example included), then
 * on the model: a program's categories as WSCSetApplicationCategory left
 * them, and every layer of a chain, whichever way the chain links it. */
#include "catmodel.h"
#include "check.h"
#include "hostperm.h"

#include <wchar.h>

static const hostperm_t uncategorized = {0, 0};

static hostperm_t app(DWORD categories)
{
    hostperm_t a = {1, categories};
    return a;
}

static void test_uncategorized_program(void)
{
    check(hostperm_allows(&uncategorized, 0));
    check(hostperm_allows(&uncategorized, LSP_INSPECTOR));
    check(hostperm_allows(&uncategorized, LSP_SYSTEM));
    check(hostperm_allows(&uncategorized, 0xffffffffu));
}

/* The page's example, word for word: Foo.exe loads only LSP1, Bar.exe only LSP3. */
static void test_documented_example(void)
{
    hostperm_t foo = app(LSP_SYSTEM | LSP_FIREWALL | LSP_CRYPTO_COMPRESS);
    hostperm_t bar = app(LSP_FIREWALL | LSP_CRYPTO_COMPRESS);
    DWORD lsp1 = LSP_SYSTEM, lsp2 = 0, lsp3 = LSP_FIREWALL;
    DWORD lsp4 = LSP_SYSTEM | LSP_FIREWALL | LSP_CRYPTO_COMPRESS | LSP_INSPECTOR;

    check(hostperm_allows(&foo, lsp1));
    check(!hostperm_allows(&foo, lsp2));
    check(!hostperm_allows(&foo, lsp3));
    check(!hostperm_allows(&foo, lsp4));
    check(!hostperm_allows(&bar, lsp1));
    check(!hostperm_allows(&bar, lsp2));
    check(hostperm_allows(&bar, lsp3));
    check(!hostperm_allows(&bar, lsp4));
}

static void test_each_condition(void)
{
    hostperm_t two = app(LSP_INSPECTOR | LSP_FIREWALL);
    hostperm_t system = app(LSP_SYSTEM | LSP_INSPECTOR);

    /* At least one category in common: an LSP without any has none. */
    check(!hostperm_allows(&two, 0));
    check(!hostperm_allows(&two, LSP_PROXY));
    /* Every category of the LSP is the program's. */
    check(hostperm_allows(&two, LSP_INSPECTOR));
    check(hostperm_allows(&two, LSP_INSPECTOR | LSP_FIREWALL));
    check(!hostperm_allows(&two, LSP_INSPECTOR | LSP_PROXY));
    check(!hostperm_allows(&two, LSP_SYSTEM | LSP_INSPECTOR));
    /* A program with LSP_SYSTEM takes only LSPs that have it. */
    check(!hostperm_allows(&system, LSP_INSPECTOR));
    check(hostperm_allows(&system, LSP_SYSTEM));
    check(hostperm_allows(&system, LSP_SYSTEM | LSP_INSPECTOR));
}

/* `lspctl bypass` leaves a program with LSP_SYSTEM alone; siotrace is an
 * LSP_INSPECTOR. Every bit set still includes LSP_SYSTEM, so it is not how
 * an uncategorized program behaves; 0, by the same rule, permits nothing. */
static void test_edges(void)
{
    hostperm_t bypassed = app(LSP_SYSTEM);
    hostperm_t all = app(0xffffffffu);
    hostperm_t none = app(0);

    check(!hostperm_allows(&bypassed, LSP_INSPECTOR));
    check(hostperm_allows(&bypassed, LSP_SYSTEM));
    check(!hostperm_allows(&bypassed, LSP_SYSTEM | LSP_INSPECTOR));
    check(!hostperm_allows(&bypassed, 0));
    check(!hostperm_allows(&all, LSP_INSPECTOR));
    check(hostperm_allows(&all, LSP_SYSTEM | LSP_INSPECTOR));
    check(!hostperm_allows(&none, 0));
    check(!hostperm_allows(&none, LSP_INSPECTOR));
}

static void test_program_on_model(void)
{
    hostperm_t a;
    DWORD prev;
    int err;

    a.categorized = -1;
    check(hostperm_read(L"C:\\Tools\\prog.exe", &a) == 0);
    check(!a.categorized && a.categories == 0);
    check(catmodel_WSCSetApplicationCategory(L"C:\\Tools\\Prog.exe", 17, NULL, 0, LSP_FIREWALL,
                                             &prev, &err) == 0);
    check(catmodel_WSCSetApplicationCategory(L"C:\\Tools\\Prog.exe", 17, NULL, 0, LSP_INSPECTOR,
                                             &prev, &err) == 0);
    check(hostperm_read(L"c:\\tools\\PROG.EXE", &a) == 0);
    check(a.categorized && a.categories == (LSP_FIREWALL | LSP_INSPECTOR));
    /* Categorized with 0 is categorized. */
    check(catmodel_WSCSetApplicationCategory(L"C:\\zero.exe", 11, NULL, 0, 0, &prev, &err) == 0);
    check(hostperm_read(L"C:\\zero.exe", &a) == 0 && a.categorized && a.categories == 0);
    /* An entry with Extra is not the program's own. */
    check(catmodel_WSCSetApplicationCategory(L"C:\\svc.exe", 10, L"-k net", 6, LSP_SYSTEM, &prev,
                                             &err) == 0);
    check(hostperm_read(L"C:\\svc.exe", &a) == 0 && !a.categorized);
}

static GUID inner = {0x1e1e1e1e, 0x1, 0x2, {1, 2, 3, 4, 5, 6, 7, 8}};
static GUID outer = {0x2e2e2e2e, 0x1, 0x2, {1, 2, 3, 4, 5, 6, 7, 8}};
static GUID top = {0x3e3e3e3e, 0x1, 0x2, {1, 2, 3, 4, 5, 6, 7, 8}};

static WSAPROTOCOL_INFOW cat[128];
static int cat_n;

static void set_categories(GUID *g, DWORD categories)
{
    int err;
    check(catmodel_WSCSetProviderInfo(g, ProviderInfoLspCategories, (PBYTE)&categories,
                                      sizeof categories, 0, &err) == 0);
}

/* The IPv4 TCP entry that the chain of layered entry `layered` heads. */
static const WSAPROTOCOL_INFOW *tcp_chain(DWORD layered)
{
    const WSAPROTOCOL_INFOW *found = NULL;
    int i;
    for (i = 0; i < cat_n && !found; i++)
        if (cat[i].ProtocolChain.ChainLen > 1 && cat[i].ProtocolChain.ChainEntries[0] == layered &&
            cat[i].iAddressFamily == AF_INET && cat[i].iSocketType == SOCK_STREAM)
            found = &cat[i];
    check(found != NULL, " no TCP chain under layered entry %lu", (unsigned long)layered);
    return found;
}

static int permits(DWORD categories, DWORD layered)
{
    hostperm_t a = app(categories);
    return hostperm_chain(&a, tcp_chain(layered), cat, (size_t)cat_n);
}

/* inner (LSP_INSPECTOR) over the base entries, outer (LSP_FIREWALL) over
 * inner's chains naming inner's layered entry, top (no category) over outer's
 * chains naming outer's chain, as the SDK sample's installer links them. */
static void test_chains_on_model(void)
{
    DWORD in_id, out_id, top_id, len = sizeof cat;
    hostperm_t a;
    int err;

    check(catmodel_WSCInstallProviderAndChains64_32(&inner, L"C:\\inner.dll", NULL, L"inner",
                                                    XP1_IFS_HANDLES, NULL, 0, &in_id, &err) == 0);
    check(catmodel_install_lsp_over(&outer, L"C:\\outer.dll", NULL, L"outer", XP1_IFS_HANDLES,
                                    CATMODEL_LINK_LAYERED, &out_id, &err) == 0);
    check(catmodel_install_lsp_over(&top, L"C:\\top.dll", NULL, L"top", XP1_IFS_HANDLES,
                                    CATMODEL_LINK_CHAIN, &top_id, &err) == 0);
    set_categories(&inner, LSP_INSPECTOR);
    set_categories(&outer, LSP_FIREWALL);
    cat_n = catmodel_WSCEnumProtocols(NULL, cat, &len, &err);
    check(cat_n > 0);
    check(tcp_chain(top_id)->ProtocolChain.ChainLen == 4);
    check(tcp_chain(top_id)->ProtocolChain.ChainEntries[1] == tcp_chain(out_id)->dwCatalogEntryId);

    check(permits(LSP_INSPECTOR, in_id));
    check(!permits(LSP_FIREWALL, in_id));
    check(permits(LSP_INSPECTOR | LSP_FIREWALL, out_id));
    check(!permits(LSP_FIREWALL, out_id)); /* outer is permitted, inner beneath it is not */
    check(!permits(LSP_INSPECTOR, out_id));
    check(!permits(LSP_INSPECTOR | LSP_FIREWALL, top_id)); /* top has no category */
    set_categories(&top, LSP_FIREWALL);
    check(permits(LSP_INSPECTOR | LSP_FIREWALL, top_id));
    check(!permits(LSP_INSPECTOR, top_id)); /* outer, reached through its chain's id */
    check(hostperm_chain(&uncategorized, tcp_chain(top_id), cat, (size_t)cat_n));
    /* Base and layered entries name no layer to refuse. */
    a = app(LSP_SYSTEM);
    for (int i = 0; i < cat_n; i++)
        if (cat[i].ProtocolChain.ChainLen <= BASE_PROTOCOL)
            check(hostperm_chain(&a, &cat[i], cat, (size_t)cat_n));

    /* A chain whose LSP's layered entry is gone counts as uncategorized. */
    check(catmodel_WSCDeinstallProvider(&inner, &err) == 0);
    len = sizeof cat;
    cat_n = catmodel_WSCEnumProtocols(NULL, cat, &len, &err);
    check(cat_n > 0);
    check(!permits(LSP_INSPECTOR | LSP_FIREWALL, out_id));
    check(hostperm_chain(&uncategorized, tcp_chain(out_id), cat, (size_t)cat_n));
}

int main(void)
{
    WCHAR dir[MAX_PATH], file[MAX_PATH];
    int err;

    check(GetCurrentDirectoryW(MAX_PATH, dir) > 0);
    check(GetTempFileNameW(dir, L"prm", 0, file) != 0);
    catmodel_use(file);
    check(catmodel_seed(L"C:\\base64.dll", L"C:\\base32.dll", &err) == 0);

    test_uncategorized_program();
    test_documented_example();
    test_each_condition();
    test_edges();
    test_program_on_model();
    test_chains_on_model();
    DeleteFileW(file);
    puts("hostperm: ok");
    return 0;
}
