/* The Winsock backend under Wine 8: every WSC* function Wine lacks is
 * reported missing by name, every one that answers success without doing
 * anything is caught by the check that follows it, and nothing aborts. */
#include <string.h>

#include "apply.h"
#include "check.h"
#include "plan.h"
#include "siot.h"
#include "txn.h"
#include "wine.h"

/* {E70F1AA0-AB8B-11CF-8CA3-00805F48A192}: MSAFD Tcpip, Wine's TCP/IP and UDP/IP. */
static const GUID test_tcpip = {
    0xe70f1aa0, 0xab8b, 0x11cf, {0x8c, 0xa3, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92}};

static void test_error(catalog_t *cat, catalog_fail_t kind, const char *call)
{
    if (cat->error.kind != kind || strcmp(cat->error.call, call) != 0)
        fprintf(stderr, "got kind %d call %s (%s), want kind %d call %s\n", cat->error.kind,
                cat->error.call, cat->error.detail, kind, call);
    check(cat->error.kind == kind);
    check(strcmp(cat->error.call, call) == 0);
}

/* Which functions exist: Wine 8 has the plain ones, no *32, no *64_32, no
 * WSCSetProviderInfo, no WSCGetApplicationCategory. */
static void test_supports(catalog_t *cat)
{
    static const struct {
        catalog_op_t op;
        catalog_which_t w;
        const char *missing; /* NULL: present */
    } want[] = {
        {CATALOG_OP_ENUMERATE, CATALOG_64, NULL},
        {CATALOG_OP_PATH, CATALOG_64, NULL},
        {CATALOG_OP_INSTALL, CATALOG_64, NULL},
        {CATALOG_OP_INSTALL_CHAINS, CATALOG_64, "WSCInstallProviderAndChains64_32"},
        {CATALOG_OP_DEINSTALL, CATALOG_64, NULL},
        {CATALOG_OP_WRITE_ORDER, CATALOG_64, NULL},
        {CATALOG_OP_GET_CATEGORY, CATALOG_64, NULL},
        {CATALOG_OP_SET_CATEGORY, CATALOG_64, "WSCSetProviderInfo"},
        {CATALOG_OP_SET_APP, CATALOG_64, "WSCGetApplicationCategory"},
        {CATALOG_OP_GET_APP, CATALOG_64, "WSCGetApplicationCategory"},
        {CATALOG_OP_ENUMERATE, CATALOG_32, "WSCEnumProtocols32"},
        {CATALOG_OP_PATH, CATALOG_32, "WSCGetProviderPath32"},
        {CATALOG_OP_INSTALL, CATALOG_32, "WSCInstallProvider64_32"},
        {CATALOG_OP_INSTALL_CHAINS, CATALOG_32, "WSCInstallProviderAndChains64_32"},
        {CATALOG_OP_DEINSTALL, CATALOG_32, "WSCDeinstallProvider32"},
        {CATALOG_OP_WRITE_ORDER, CATALOG_32, "WSCWriteProviderOrder32"},
        {CATALOG_OP_GET_CATEGORY, CATALOG_32, "WSCGetProviderInfo32"},
        {CATALOG_OP_SET_CATEGORY, CATALOG_32, "WSCSetProviderInfo32"},
    };
    size_t i;

    for (i = 0; i < sizeof want / sizeof want[0]; i++) {
        int has = catalog_supports(cat, want[i].op, want[i].w);

        check(has == (want[i].missing == NULL));
        if (want[i].missing)
            test_error(cat, CATALOG_MISSING, want[i].missing);
    }
}

static void test_reads(catalog_t *cat)
{
    WSAPROTOCOL_INFOW *infos = (WSAPROTOCOL_INFOW *)1;
    size_t count = 99;
    WCHAR path[MAX_PATH];
    DWORD categories = 0xdeadbeef, now;
    int categorized;

    check(catalog_enumerate(cat, CATALOG_64, &infos, &count) == 0);
    check(count == 7 && infos[0].dwCatalogEntryId == 1001);
    free(infos);
    check(catalog_enumerate(cat, CATALOG_32, &infos, &count) == -1);
    check(infos == NULL && count == 0);
    test_error(cat, CATALOG_MISSING, "WSCEnumProtocols32");
    /* Wine's returns 0 and writes nothing. */
    check(catalog_path(cat, CATALOG_64, &test_tcpip, path, MAX_PATH) == -1);
    test_error(cat, CATALOG_NO_EFFECT, "WSCGetProviderPath");
    check(path[0] == 0);
    check(catalog_get_category(cat, CATALOG_64, &test_tcpip, &categories) == -1);
    test_error(cat, CATALOG_FAILED, "WSCGetProviderInfo");
    check(cat->error.code == WSANO_RECOVERY && categories == 0);
    check(catalog_set_category(cat, CATALOG_64, &siot_layered_guid, LSP_INSPECTOR) == -1);
    test_error(cat, CATALOG_MISSING, "WSCSetProviderInfo");
    check(catalog_set_app(cat, L"C:\\windows\\system32\\notepad.exe", LSP_SYSTEM, &categories,
                          &now) == -1);
    test_error(cat, CATALOG_MISSING, "WSCGetApplicationCategory");
    check(catalog_get_app(cat, L"C:\\windows\\system32\\notepad.exe", &now, &categorized) == -1);
    test_error(cat, CATALOG_MISSING, "WSCGetApplicationCategory");
    check(now == 0 && categorized == 0);
}

/* Wine's WSCInstallProvider answers success and keeps nothing: the check
 * after it finds no entry, and the restore finds nothing to undo. */
static void test_fake_install(catalog_t *cat)
{
    const WCHAR *paths[CATALOG_COUNT] = {L"C:\\siotrace64.dll", L"C:\\siotrace32.dll"};
    char why[256];
    txn_t t;
    plan_t p;
    char report[2048];

    check(txn_begin(&t, cat) == 0);
    check(plan_install(t.before, CATALOG_BIT(CATALOG_64), 1u << 0, paths, &p, why, sizeof why) ==
          0);
    check(apply_install(cat, &t, &p, 0) == -1);
    test_error(cat, CATALOG_NO_EFFECT, "WSCInstallProvider");
    check(strstr(cat->error.detail, "{17084EE7-78C8-47CC-AAD0-0B188B764700}") != NULL);
    check(txn_restore(&t, report, sizeof report) == TXN_EXACT);
    txn_end(&t);
}

/* Wine's WSCDeinstallProvider and WSCWriteProviderOrder: success, no effect. */
static void test_fake_changes(catalog_t *cat)
{
    apply_list_t tcpip = {0};
    DWORD order[7];
    WSAPROTOCOL_INFOW *infos;
    size_t count, i;

    apply_list_add(&tcpip, &test_tcpip, CATALOG_BIT(CATALOG_64));
    check(apply_remove(cat, &tcpip) == -1);
    test_error(cat, CATALOG_NO_EFFECT, "WSCDeinstallProvider");
    check(catalog_enumerate(cat, CATALOG_64, &infos, &count) == 0 && count == 7);
    for (i = 0; i < count; i++)
        order[i] = infos[count - 1 - i].dwCatalogEntryId;
    free(infos);
    check(apply_order(cat, CATALOG_64, order, count) == -1);
    test_error(cat, CATALOG_NO_EFFECT, "WSCWriteProviderOrder");
}

int main(void)
{
    catalog_error_t error;
    catalog_t *cat;

    if (!wine_running()) {
        fprintf(stderr, "test_wscat drives Wine's fake catalog functions; it runs only under "
                        "Wine\n");
        return 1;
    }
    cat = catalog_open(&error);
    check(cat != NULL);
    check(cat->catalogs == CATALOG_BOTH);
    test_supports(cat);
    test_reads(cat);
    /* The 32-bit catalog is out of reach: work in the 64-bit one alone. */
    cat->catalogs = CATALOG_BIT(CATALOG_64);
    test_fake_install(cat);
    test_fake_changes(cat);
    catalog_close(cat);
    return 0;
}
