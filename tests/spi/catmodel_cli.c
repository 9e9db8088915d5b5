/* catmodel: seed, show and change a model Winsock catalog file.
 * Usage: see catmodel_cli__usage. Exit status: 0 done, 1 failed (the message
 * says which call and the error), 2 bad usage, 3 `has` found nothing. */
#include "catmodel.h"

#include <sporder.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "xlat.h"

#define CATMODEL_CLI_MAX_IDS 256

static void catmodel_cli__usage(void)
{
    fputs(
        "usage: catmodel [--catalog FILE] COMMAND [ARGS]\n"
        "  seed [--force] [--base DLL] [--base32 DLL]  write the default catalog (when absent)\n"
        "  show [--32]                      list the entries in catalog order\n"
        "  has GUID                         exit 0 when GUID has an entry in the 64-bit catalog\n"
        "  install-lsp [--over-layered | --over-chain] GUID NAME DLL [DLL32] [CATEGORIES]\n"
        "                                   layered entry + one IFS chain per protocol in both\n"
        "                                   catalogs, chains first, categories (default\n"
        "                                   LSP_INSPECTOR) on every entry it made; over the base\n"
        "                                   entries (WSCInstallProviderAndChains64_32), or over\n"
        "                                   what serves each protocol now (another LSP's chain),\n"
        "                                   linked by its layered id or, as the SDK sample's\n"
        "                                   installer does, by its chain id\n"
        "  uninstall GUID                   remove the LSP with that layered GUID and its chains\n"
        "  order [--32] ID...               WSCWriteProviderOrder\n"
        "  category PATH CATEGORIES         WSCSetApplicationCategory\n"
        "The file is FILE, else %SIOT_CATALOG%.\n",
        stderr);
}

static int catmodel_cli__fail(const char *call, int err)
{
    fprintf(stderr, "catmodel: %s failed: error %d\n", call, err);
    return 1;
}

static int catmodel_cli__guid(const wchar_t *s, GUID *g)
{
    unsigned long d1;
    unsigned d2, d3, b[8];
    if (wcslen(s) != 38 || swscanf(s, L"{%8lx-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x}", &d1, &d2, &d3,
                                   &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &b[6], &b[7]) != 11) {
        fprintf(stderr, "catmodel: not a GUID {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}: %ls\n", s);
        return -1;
    }
    g->Data1 = d1;
    g->Data2 = (unsigned short)d2;
    g->Data3 = (unsigned short)d3;
    for (int i = 0; i < 8; i++)
        g->Data4[i] = (unsigned char)b[i];
    return 0;
}

/* The whole catalog through the WSC-shaped calls, as an installer sees it. */
static WSAPROTOCOL_INFOW *catmodel_cli__enum(int is32, int *count)
{
    DWORD len = 0;
    int err, n;
    WSAPROTOCOL_INFOW *buf;
    int(WSPAPI * en)(LPINT, LPWSAPROTOCOL_INFOW, LPDWORD, LPINT) =
        is32 ? catmodel_WSCEnumProtocols32 : catmodel_WSCEnumProtocols;

    if (en(NULL, NULL, &len, &err) != SOCKET_ERROR || err != WSAENOBUFS) {
        catmodel_cli__fail("WSCEnumProtocols", err);
        return NULL;
    }
    buf = malloc(len ? len : 1);
    if (!buf || (n = en(NULL, buf, &len, &err)) == SOCKET_ERROR) {
        catmodel_cli__fail("WSCEnumProtocols", buf ? err : WSA_NOT_ENOUGH_MEMORY);
        free(buf);
        return NULL;
    }
    *count = n;
    return buf;
}

static int catmodel_cli__show(int is32)
{
    int n, i, err;
    WSAPROTOCOL_INFOW *p = catmodel_cli__enum(is32, &n);
    if (!p)
        return 1;
    printf("%-5s %-15s %-38s %-4s %-4s %-5s %-10s %-4s %-10s %s\n", "id", "chain", "guid", "af",
           "type", "proto", "flags", "pfl", "lspcat", "name / path");
    for (i = 0; i < n; i++) {
        char chain[64] = "", text[XLAT_GUID_LEN];
        WCHAR path[MAX_PATH];
        int plen = MAX_PATH;
        DWORD cat = 0;
        size_t csize = sizeof(cat);
        for (int j = 0; j < p[i].ProtocolChain.ChainLen; j++)
            snprintf(chain + strlen(chain), sizeof(chain) - strlen(chain), "%s%lu", j ? "," : "",
                     (unsigned long)p[i].ProtocolChain.ChainEntries[j]);
        if ((is32 ? catmodel_WSCGetProviderPath32 : catmodel_WSCGetProviderPath)(
                &p[i].ProviderId, path, &plen, &err) == SOCKET_ERROR)
            wcscpy(path, L"?");
        (is32 ? catmodel_WSCGetProviderInfo32 : catmodel_WSCGetProviderInfo)(
            &p[i].ProviderId, ProviderInfoLspCategories, (PBYTE)&cat, &csize, 0, &err);
        printf("%-5lu %-15s ", (unsigned long)p[i].dwCatalogEntryId, chain[0] ? chain : "-");
        xlat_guid_format_reg(text, (const uint8_t *)&p[i].ProviderId);
        printf("%s %-4d %-4d %-5d 0x%08lx 0x%-2lx 0x%08lx %ls\n%79s%ls\n", text,
               p[i].iAddressFamily, p[i].iSocketType, p[i].iProtocol,
               (unsigned long)p[i].dwServiceFlags1, (unsigned long)p[i].dwProviderFlags,
               (unsigned long)cat, p[i].szProtocol, "", path);
    }
    free(p);
    return 0;
}

static int catmodel_cli__exists(const WCHAR *path)
{
    return GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES;
}

static int catmodel_cli__seed(int argc, wchar_t **argv)
{
    WCHAR def[MAX_PATH];
    const WCHAR *base = NULL, *base32 = NULL;
    int force = 0, err, i;
    DWORD n;

    for (i = 0; i < argc; i++) {
        if (wcscmp(argv[i], L"--force") == 0)
            force = 1;
        else if (wcscmp(argv[i], L"--base") == 0 && i + 1 < argc)
            base = argv[++i];
        else if (wcscmp(argv[i], L"--base32") == 0 && i + 1 < argc)
            base32 = argv[++i];
        else
            return catmodel_cli__usage(), 2;
    }
    if (!catmodel_path())
        return fputs("catmodel: no catalog file: set SIOT_CATALOG or --catalog\n", stderr), 1;
    if (!force && catmodel_cli__exists(catmodel_path()))
        return 0;
    if (!base) {
        /* The test base provider is built beside this program. */
        n = GetModuleFileNameW(NULL, def, MAX_PATH);
        WCHAR *slash = n && n < MAX_PATH ? wcsrchr(def, L'\\') : NULL;
        if (!slash || (size_t)(slash - def) + 20 >= MAX_PATH)
            return catmodel_cli__fail("GetModuleFileNameW", (int)GetLastError());
        wcscpy(slash + 1, L"siot_baseprov.dll");
        base = def;
    }
    if (catmodel_seed(base, base32 ? base32 : base, &err) == SOCKET_ERROR)
        return catmodel_cli__fail("seed", err);
    return 0;
}

/* Every entry of the LSP whose layered entry has `guid`: the layered id, or 0. */
static DWORD catmodel_cli__layered_id(const WSAPROTOCOL_INFOW *p, int n, const GUID *guid)
{
    for (int i = 0; i < n; i++)
        if (p[i].ProtocolChain.ChainLen == LAYERED_PROTOCOL && IsEqualGUID(&p[i].ProviderId, guid))
            return p[i].dwCatalogEntryId;
    return 0;
}

static int catmodel_cli__set_categories(int is32, const GUID *guid, DWORD cats)
{
    int n, i, err;
    WSAPROTOCOL_INFOW *p = catmodel_cli__enum(is32, &n);
    DWORD id;
    if (!p)
        return 1;
    id = catmodel_cli__layered_id(p, n, guid);
    for (i = 0; i < n; i++) {
        if (p[i].dwCatalogEntryId != id &&
            !(p[i].ProtocolChain.ChainLen > 1 && p[i].ProtocolChain.ChainEntries[0] == id))
            continue;
        if ((is32 ? catmodel_WSCSetProviderInfo32 : catmodel_WSCSetProviderInfo)(
                &p[i].ProviderId, ProviderInfoLspCategories, (PBYTE)&cats, sizeof(cats), 0, &err) ==
            SOCKET_ERROR) {
            free(p);
            return catmodel_cli__fail("WSCSetProviderInfo", err);
        }
    }
    free(p);
    return 0;
}

/* -1 for the default (over the base entries), else a catmodel_link_t. */
static int catmodel_cli__link(const wchar_t *opt)
{
    if (wcscmp(opt, L"--over-layered") == 0)
        return CATMODEL_LINK_LAYERED;
    if (wcscmp(opt, L"--over-chain") == 0)
        return CATMODEL_LINK_CHAIN;
    return -2;
}

static int catmodel_cli__install(int argc, wchar_t **argv)
{
    GUID guid;
    DWORD id, cats = LSP_INSPECTOR;
    int err, link = -1;

    if (argc > 0 && wcsncmp(argv[0], L"--", 2) == 0) {
        if ((link = catmodel_cli__link(argv[0])) < -1)
            return catmodel_cli__usage(), 2;
        argc--;
        argv++;
    }
    if (argc < 3 || argc > 5 || catmodel_cli__guid(argv[0], &guid) != 0)
        return catmodel_cli__usage(), 2;
    if (argc == 5)
        cats = wcstoul(argv[4], NULL, 0);
    if (link < 0 && catmodel_WSCInstallProviderAndChains64_32(
                        &guid, argv[2], argc > 3 ? argv[3] : NULL, argv[1], XP1_IFS_HANDLES, NULL,
                        0, &id, &err) == SOCKET_ERROR)
        return catmodel_cli__fail("WSCInstallProviderAndChains64_32", err);
    if (link >= 0 && catmodel_install_lsp_over(&guid, argv[2], argc > 3 ? argv[3] : NULL, argv[1],
                                               XP1_IFS_HANDLES, (catmodel_link_t)link, &id,
                                               &err) == SOCKET_ERROR)
        return catmodel_cli__fail("catmodel_install_lsp_over", err);
    if (catmodel_cli__set_categories(0, &guid, cats) ||
        catmodel_cli__set_categories(1, &guid, cats))
        return 1;
    fprintf(stderr, "catmodel: installed %ls as layered entry %lu with its chains first\n", argv[1],
            (unsigned long)id);
    return 0;
}

static int catmodel_cli__uninstall_one(int is32, const GUID *guid)
{
    int n, i, err;
    WSAPROTOCOL_INFOW *p = catmodel_cli__enum(is32, &n);
    int(WSPAPI * deinstall)(LPGUID, LPINT) =
        is32 ? catmodel_WSCDeinstallProvider32 : catmodel_WSCDeinstallProvider;
    DWORD id;
    if (!p)
        return 1;
    id = catmodel_cli__layered_id(p, n, guid);
    if (!id) {
        free(p);
        return fputs("catmodel: no such layered entry\n", stderr), 1;
    }
    for (i = 0; i < n; i++)
        if (p[i].ProtocolChain.ChainLen > 1 && p[i].ProtocolChain.ChainEntries[0] == id &&
            deinstall(&p[i].ProviderId, &err) == SOCKET_ERROR && err != WSAEINVAL) {
            free(p);
            return catmodel_cli__fail("WSCDeinstallProvider", err);
        }
    free(p);
    if (deinstall((LPGUID)guid, &err) == SOCKET_ERROR)
        return catmodel_cli__fail("WSCDeinstallProvider", err);
    return 0;
}

static int catmodel_cli__order(int argc, wchar_t **argv)
{
    int is32 = argc > 0 && wcscmp(argv[0], L"--32") == 0;
    DWORD ids[CATMODEL_CLI_MAX_IDS];
    int i, n = argc - is32, err;
    if (n <= 0 || n > CATMODEL_CLI_MAX_IDS)
        return catmodel_cli__usage(), 2;
    for (i = 0; i < n; i++)
        ids[i] = wcstoul(argv[i + is32], NULL, 10);
    err = (is32 ? catmodel_WSCWriteProviderOrder32 : catmodel_WSCWriteProviderOrder)(ids, (DWORD)n);
    return err ? catmodel_cli__fail("WSCWriteProviderOrder", err) : 0;
}

int wmain(int argc, wchar_t **argv)
{
    GUID guid;
    int err;

    if (argc > 2 && wcscmp(argv[1], L"--catalog") == 0) {
        catmodel_use(argv[2]);
        argc -= 2;
        argv += 2;
    }
    if (argc < 2)
        return catmodel_cli__usage(), 2;
    const wchar_t *cmd = argv[1];
    argc -= 2;
    argv += 2;
    if (wcscmp(cmd, L"seed") == 0)
        return catmodel_cli__seed(argc, argv);
    if (wcscmp(cmd, L"show") == 0)
        return catmodel_cli__show(argc > 0 && wcscmp(argv[0], L"--32") == 0);
    if (wcscmp(cmd, L"has") == 0 && argc == 1) {
        WCHAR path[MAX_PATH];
        int len = MAX_PATH;
        if (catmodel_cli__guid(argv[0], &guid) != 0)
            return 2;
        if (catmodel_WSCGetProviderPath(&guid, path, &len, &err) == 0)
            return 0;
        return err == WSAEINVAL ? 3 : catmodel_cli__fail("WSCGetProviderPath", err);
    }
    if (wcscmp(cmd, L"install-lsp") == 0)
        return catmodel_cli__install(argc, argv);
    if (wcscmp(cmd, L"uninstall") == 0 && argc == 1) {
        if (catmodel_cli__guid(argv[0], &guid) != 0)
            return 2;
        return catmodel_cli__uninstall_one(0, &guid) || catmodel_cli__uninstall_one(1, &guid);
    }
    if (wcscmp(cmd, L"order") == 0)
        return catmodel_cli__order(argc, argv);
    if (wcscmp(cmd, L"category") == 0 && argc == 2) {
        DWORD prev;
        if (catmodel_WSCSetApplicationCategory(argv[0], (DWORD)wcslen(argv[0]), NULL, 0,
                                               wcstoul(argv[1], NULL, 0), &prev,
                                               &err) == SOCKET_ERROR)
            return catmodel_cli__fail("WSCSetApplicationCategory", err);
        return 0;
    }
    catmodel_cli__usage();
    return 2;
}
