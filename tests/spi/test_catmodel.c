/* The catalog model keeps Windows' catalog semantics: ids, order, chains,
 * both catalogs, categories, error codes, and atomic, canonical writes. */
#include "catmodel.h"
#include "check.h"

#include <ws2tcpip.h>

#include <string.h>
#include <wchar.h>

#define SENTINEL 0x5eed
#define BASE64   L"%SIOT_TEST_DIR%\\base64.dll"
#define BASE32   L"C:\\base32.dll"

static const GUID msafd4 = {
    0xe70f1aa0, 0xab8b, 0x11cf, {0x8c, 0xa3, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92}};
static const GUID msafd6 = {
    0xf9eab0c0, 0x26d4, 0x11d0, {0xbb, 0xbf, 0x00, 0xaa, 0x00, 0x6c, 0x34, 0xe4}};
static GUID lsp = {0x11111111, 0x2222, 0x3333, {0x44, 0x44, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55}};
static GUID lsp2 = {0x66666666, 0x2222, 0x3333, {0x44, 0x44, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55}};
static GUID chain_guid = {
    0x77777777, 0x2222, 0x3333, {0x44, 0x44, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55}};
static GUID nobody = {0x99999999, 0, 0, {0}};

static WCHAR file[MAX_PATH];

/* The catalog file's bytes, to prove a failed call changed nothing. */
static char *slurp(size_t *len)
{
    FILE *f = _wfopen(file, L"rb");
    static char buf[1 << 18];
    check(f != NULL);
    *len = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    char *copy = malloc(*len + 1);
    check(copy != NULL);
    memcpy(copy, buf, *len);
    return copy;
}

static int unchanged(const char *before, size_t blen)
{
    size_t len;
    char *now = slurp(&len);
    int same = len == blen && memcmp(now, before, len) == 0;
    free(now);
    return same;
}

static int enum_all(int is32, WSAPROTOCOL_INFOW *buf, DWORD cap)
{
    DWORD len = cap * sizeof(*buf);
    int err = SENTINEL;
    int n = (is32 ? catmodel_WSCEnumProtocols32 : catmodel_WSCEnumProtocols)(NULL, buf, &len, &err);
    check(n != SOCKET_ERROR);
    check(err == SENTINEL);
    return n;
}

static WSAPROTOCOL_INFOW cat[64];

static void test_seed_and_enum(void)
{
    DWORD len = 0;
    int err = SENTINEL, n, i;
    INT udp[] = {IPPROTO_UDP, 0};

    check(catmodel_seed(BASE64, BASE32, &err) == 0);
    check(catmodel_WSCEnumProtocols(NULL, NULL, &len, &err) == SOCKET_ERROR);
    check(err == WSAENOBUFS);
    check(len == 6 * sizeof(WSAPROTOCOL_INFOW));
    len = 5 * sizeof(WSAPROTOCOL_INFOW);
    err = SENTINEL;
    check(catmodel_WSCEnumProtocols(NULL, cat, &len, &err) == SOCKET_ERROR && err == WSAENOBUFS);
    check(catmodel_WSCEnumProtocols(NULL, cat, NULL, &err) == SOCKET_ERROR && err == WSAEFAULT);

    n = enum_all(0, cat, 64);
    check(n == 6);
    for (i = 0; i < 6; i++) {
        check(cat[i].dwCatalogEntryId == 1001u + (DWORD)i);
        check(cat[i].ProtocolChain.ChainLen == 1);
        check(cat[i].ProtocolChain.ChainEntries[0] == cat[i].dwCatalogEntryId);
        check(cat[i].dwServiceFlags1 & XP1_IFS_HANDLES);
        check(IsEqualGUID(&cat[i].ProviderId, i < 3 ? &msafd4 : &msafd6));
        check(cat[i].iAddressFamily == (i < 3 ? AF_INET : AF_INET6));
    }
    check(cat[0].iSocketType == SOCK_STREAM && cat[0].iProtocol == IPPROTO_TCP);
    check(cat[0].dwServiceFlags1 == 0x20066 && cat[1].dwServiceFlags1 == 0x20609);
    check(cat[2].iSocketType == SOCK_RAW && cat[2].iProtocol == 0 &&
          cat[2].iProtocolMaxOffset == 255);
    check(cat[4].iMaxSockAddr == (int)sizeof(struct sockaddr_in6));
    check(wcscmp(cat[3].szProtocol, L"MSAFD Tcpip [TCP/IPv6]") == 0);
    check(enum_all(1, cat, 64) == 6);

    /* A protocol filter matches [iProtocol, iProtocol + iProtocolMaxOffset]: RAW too. */
    len = sizeof(cat);
    n = catmodel_WSCEnumProtocols(udp, cat, &len, &err);
    check(n == 4);
    check(cat[0].dwCatalogEntryId == 1002 && cat[1].dwCatalogEntryId == 1003);
    check(cat[2].dwCatalogEntryId == 1005 && cat[3].dwCatalogEntryId == 1006);
}

static void test_provider_path(void)
{
    WCHAR path[MAX_PATH];
    int len = MAX_PATH, err = SENTINEL;

    check(catmodel_WSCGetProviderPath((LPGUID)&msafd4, path, &len, &err) == 0);
    check(wcscmp(path, BASE64) == 0); /* not expanded */
    len = MAX_PATH;
    check(catmodel_WSCGetProviderPath32((LPGUID)&msafd6, path, &len, &err) == 0);
    check(wcscmp(path, BASE32) == 0);
    len = 3;
    check(catmodel_WSCGetProviderPath((LPGUID)&msafd4, path, &len, &err) == SOCKET_ERROR);
    check(err == WSAEFAULT && len == (int)wcslen(BASE64) + 1);
    len = MAX_PATH;
    err = SENTINEL;
    check(catmodel_WSCGetProviderPath(&nobody, path, &len, &err) == SOCKET_ERROR &&
          err == WSAEINVAL);
}

static void test_install_order_deinstall(void)
{
    WSAPROTOCOL_INFOW info = cat[0];
    int err = SENTINEL, n;
    size_t blen;
    char *before;

    /* A layered entry, then a chain over TCP/IP, as an installer does it by hand. */
    enum_all(0, cat, 64);
    info = cat[0];
    info.ProtocolChain.ChainLen = LAYERED_PROTOCOL;
    wcscpy(info.szProtocol, L"Test layered");
    check(catmodel_WSCInstallProvider(&lsp, L"C:\\lsp.dll", &info, 1, &err) == 0);
    n = enum_all(0, cat, 64);
    check(n == 7 && cat[6].dwCatalogEntryId == 1007 && cat[6].ProtocolChain.ChainLen == 0);
    check(IsEqualGUID(&cat[6].ProviderId, &lsp));
    check(enum_all(1, cat, 64) == 6); /* the 32-bit catalog is apart */

    before = slurp(&blen);
    err = SENTINEL;
    check(catmodel_WSCInstallProvider(&lsp, L"C:\\lsp.dll", &info, 1, &err) == SOCKET_ERROR);
    check(err == WSANO_RECOVERY && unchanged(before, blen));
    err = SENTINEL;
    check(catmodel_WSCInstallProvider(&lsp2, L"", &info, 1, &err) == SOCKET_ERROR &&
          err == WSAEINVAL);
    info.ProtocolChain.ChainLen = MAX_PROTOCOL_CHAIN + 1;
    check(catmodel_WSCInstallProvider(&lsp2, L"C:\\x", &info, 1, &err) == SOCKET_ERROR &&
          err == WSAEINVAL);
    check(unchanged(before, blen));
    free(before);

    info.ProtocolChain.ChainLen = 2;
    info.ProtocolChain.ChainEntries[0] = 1007;
    info.ProtocolChain.ChainEntries[1] = 1001;
    check(catmodel_WSCInstallProvider(&chain_guid, L"C:\\lsp.dll", &info, 1, &err) == 0);
    n = enum_all(0, cat, 64);
    check(n == 8 && cat[7].dwCatalogEntryId == 1008);
    check(cat[7].ProtocolChain.ChainEntries[0] == 1007 &&
          cat[7].ProtocolChain.ChainEntries[1] == 1001);

    /* Order: the chain first. The same order written again leaves the same bytes. */
    DWORD order[8] = {1008, 1001, 1002, 1003, 1004, 1005, 1006, 1007};
    check(catmodel_WSCWriteProviderOrder(order, 8) == 0);
    enum_all(0, cat, 64);
    check(cat[0].dwCatalogEntryId == 1008 && cat[1].dwCatalogEntryId == 1001);
    before = slurp(&blen);
    check(catmodel_WSCWriteProviderOrder(order, 8) == 0);
    check(unchanged(before, blen));
    check(catmodel_WSCWriteProviderOrder(order, 7) == WSAEINVAL);
    order[7] = 1001;
    check(catmodel_WSCWriteProviderOrder(order, 8) == WSAEINVAL);
    order[7] = 4242;
    check(catmodel_WSCWriteProviderOrder(order, 8) == WSAEINVAL);
    check(catmodel_WSCWriteProviderOrder32(order, 8) == WSAEINVAL);
    check(unchanged(before, blen));
    free(before);

    /* Removing the layered entry leaves its chain, an orphan; ids are not reused. */
    err = SENTINEL;
    check(catmodel_WSCDeinstallProvider(&lsp, &err) == 0 && err == SENTINEL);
    n = enum_all(0, cat, 64);
    check(n == 7 && cat[0].dwCatalogEntryId == 1008);
    check(catmodel_WSCDeinstallProvider(&lsp, &err) == SOCKET_ERROR && err == WSAEINVAL);
    check(catmodel_WSCDeinstallProvider32(&chain_guid, &err) == SOCKET_ERROR && err == WSAEINVAL);
    info.ProtocolChain.ChainLen = 0;
    check(catmodel_WSCInstallProvider(&lsp, L"C:\\lsp.dll", &info, 1, &err) == 0);
    n = enum_all(0, cat, 64);
    check(cat[n - 1].dwCatalogEntryId == 1009);
    check(catmodel_WSCDeinstallProvider(&lsp, &err) == 0);
    check(catmodel_WSCDeinstallProvider(&chain_guid, &err) == 0);
    check(enum_all(0, cat, 64) == 6);
}

static void test_and_chains(void)
{
    DWORD id = 0;
    int err = SENTINEL, n, i, j;
    WCHAR path[MAX_PATH];
    int len = MAX_PATH;

    check(catmodel_WSCInstallProviderAndChains64_32(&lsp, L"C:\\lsp64.dll", L"C:\\lsp32.dll",
                                                    L"siotrace", XP1_IFS_HANDLES, NULL, 0, &id,
                                                    &err) == 0);
    check(err == SENTINEL && id == 1010);
    for (int is32 = 0; is32 < 2; is32++) {
        n = enum_all(is32, cat, 64);
        check(n == 13);
        for (i = 0; i < 6; i++) {
            const WSAPROTOCOLCHAIN *ch = &cat[i].ProtocolChain;
            check(ch->ChainLen == 2 && ch->ChainEntries[0] == cat[12].dwCatalogEntryId);
            check(ch->ChainEntries[1] == cat[6 + i].dwCatalogEntryId);
            check(cat[i].iSocketType == cat[6 + i].iSocketType);
            check(cat[i].dwServiceFlags1 & XP1_IFS_HANDLES);
            for (j = 0; j < 13; j++)
                check(j == i || !IsEqualGUID(&cat[i].ProviderId, &cat[j].ProviderId));
        }
        check(wcscmp(cat[0].szProtocol, L"siotrace over [MSAFD Tcpip [TCP/IP]]") == 0);
        check(cat[12].ProtocolChain.ChainLen == 0 && IsEqualGUID(&cat[12].ProviderId, &lsp));
        check(cat[12].dwCatalogEntryId == 1010);
        check(cat[12].dwProviderFlags == PFL_HIDDEN); /* MSAFD's 0x8 cleared, 0x4 set */
        check(cat[12].dwServiceFlags1 == XP1_IFS_HANDLES);
        check(wcscmp(cat[12].szProtocol, L"siotrace") == 0);
        check(cat[6].dwCatalogEntryId == 1001);
    }
    len = MAX_PATH;
    check(catmodel_WSCGetProviderPath32(&lsp, path, &len, &err) == 0 &&
          wcscmp(path, L"C:\\lsp32.dll") == 0);
    err = SENTINEL;
    check(catmodel_WSCInstallProviderAndChains64_32(&lsp, L"C:\\a", NULL, L"x", 0, NULL, 0, NULL,
                                                    &err) == SOCKET_ERROR);
    check(err == WSAEINVAL); /* "a duplicate provider ID" */

    /* A second LSP over UDP/IP only: it layers over the top-most entry serving UDP/IP, siotrace's
     * chain, and over nothing else (the base entry below that chain gets no chain of its own). */
    WSAPROTOCOL_INFOW want = {0};
    want.iAddressFamily = AF_INET;
    want.iSocketType = SOCK_DGRAM;
    want.iProtocol = IPPROTO_UDP;
    check(catmodel_WSCInstallProviderAndChains(&lsp2, L"C:\\b.dll", L"other", 0, &want, 1, &id,
                                               &err) == 0);
    check(id == 1017);
    n = enum_all(0, cat, 64);
    check(n == 15);
    check(cat[0].dwCatalogEntryId == 1018 && cat[0].ProtocolChain.ChainLen == 3);
    check(cat[0].ProtocolChain.ChainEntries[0] == id);
    check(cat[0].ProtocolChain.ChainEntries[1] == 1010 &&
          cat[0].ProtocolChain.ChainEntries[2] == 1002);
    check(wcscmp(cat[0].szProtocol, L"other over [siotrace over [MSAFD Tcpip [UDP/IP]]]") == 0);
    check(!(cat[0].dwServiceFlags1 & XP1_IFS_HANDLES));
    check(cat[1].ProtocolChain.ChainEntries[0] == 1010); /* siotrace's chains follow */
    check(cat[14].dwCatalogEntryId == id && cat[14].iSocketType == SOCK_DGRAM);
    check(enum_all(1, cat, 64) == 13);
    want.iProtocol = 4242;
    err = SENTINEL;
    check(catmodel_WSCInstallProviderAndChains(&nobody, L"C:\\b.dll", L"o", 0, &want, 1, &id,
                                               &err) == SOCKET_ERROR);
    check(err == WSAEINVAL);
}

static void test_categories(void)
{
    DWORD cats = LSP_INSPECTOR, got = 0, prev = 77;
    size_t size = sizeof(got);
    int err = SENTINEL;
    const WCHAR *app = L"C:\\Windows\\System32\\wsl.exe";

    check(catmodel_WSCSetProviderInfo(&lsp, ProviderInfoLspCategories, (PBYTE)&cats, sizeof(cats),
                                      0, &err) == 0);
    check(catmodel_WSCGetProviderInfo(&lsp, ProviderInfoLspCategories, (PBYTE)&got, &size, 0,
                                      &err) == 0);
    check(got == LSP_INSPECTOR && size == sizeof(DWORD));
    got = 5;
    check(catmodel_WSCGetProviderInfo32(&lsp, ProviderInfoLspCategories, (PBYTE)&got, &size, 0,
                                        &err) == 0);
    check(got == 0); /* the 32-bit catalog has its own */
    size = 1;
    check(catmodel_WSCGetProviderInfo(&lsp, ProviderInfoLspCategories, (PBYTE)&got, &size, 0,
                                      &err) == SOCKET_ERROR);
    check(err == WSAEFAULT && size == sizeof(DWORD));
    err = SENTINEL;
    check(catmodel_WSCGetProviderInfo(&nobody, ProviderInfoLspCategories, (PBYTE)&got, &size, 0,
                                      &err) == SOCKET_ERROR);
    check(err == WSAEINVALIDPROVIDER);
    check(catmodel_WSCSetProviderInfo(&lsp, ProviderInfoLspCategories, (PBYTE)&cats, 2, 0, &err) ==
          SOCKET_ERROR);
    check(err == WSAEINVAL);
    check(catmodel_WSCSetProviderInfo(&lsp, ProviderInfoAudit, (PBYTE)&cats, 4, 0, &err) ==
          SOCKET_ERROR);
    check(err == ERROR_CALL_NOT_IMPLEMENTED);

    check(catmodel_WSCSetApplicationCategory(app, (DWORD)wcslen(app), NULL, 0, LSP_SYSTEM, &prev,
                                             &err) == 0);
    check(prev == 0);
    check(catmodel_WSCSetApplicationCategory(L"c:\\windows\\system32\\WSL.EXE", (DWORD)wcslen(app),
                                             NULL, 0, LSP_SYSTEM | LSP_INSPECTOR, &prev,
                                             &err) == 0);
    check(prev == LSP_SYSTEM);
    check(catmodel_WSCGetApplicationCategory(app, (DWORD)wcslen(app), NULL, 0, &got, &err) == 0);
    check(got == (LSP_SYSTEM | LSP_INSPECTOR));
    /* Categories are ORed: a second call adds, never takes away, and gives the old value. */
    check(catmodel_WSCSetApplicationCategory(app, (DWORD)wcslen(app), NULL, 0, LSP_FIREWALL, &prev,
                                             &err) == 0);
    check(prev == (LSP_SYSTEM | LSP_INSPECTOR));
    check(catmodel_WSCSetApplicationCategory(app, (DWORD)wcslen(app), NULL, 0, 0, &prev, &err) ==
          0);
    check(prev == (LSP_SYSTEM | LSP_INSPECTOR | LSP_FIREWALL));
    check(catmodel_WSCGetApplicationCategory(app, (DWORD)wcslen(app), NULL, 0, &got, &err) == 0);
    check(got == (LSP_SYSTEM | LSP_INSPECTOR | LSP_FIREWALL));
    check(catmodel_WSCSetApplicationCategory(app, (DWORD)wcslen(app), NULL, 0, 0xFFFFFFFF, NULL,
                                             &err) == 0);
    check(catmodel_WSCGetApplicationCategory(app, (DWORD)wcslen(app), NULL, 0, &got, &err) == 0);
    check(got == 0xFFFFFFFF);
    /* The same path with other arguments is another program. */
    check(catmodel_WSCSetApplicationCategory(app, (DWORD)wcslen(app), L"-k net", 6, LSP_SYSTEM,
                                             &prev, &err) == 0);
    check(prev == 0);
    err = SENTINEL;
    check(catmodel_WSCGetApplicationCategory(app, (DWORD)wcslen(app), L"-x", 2, &got, &err) ==
          SOCKET_ERROR);
    check(err == WSASERVICE_NOT_FOUND);
    check(catmodel_WSCSetApplicationCategory(app, 0, NULL, 0, 0, &prev, &err) == SOCKET_ERROR &&
          err == WSAEINVAL);
}

static const WSAPROTOCOL_INFOW *by_id(const WSAPROTOCOL_INFOW *a, int n, DWORD id)
{
    for (int i = 0; i < n; i++)
        if (a[i].dwCatalogEntryId == id)
            return &a[i];
    return NULL;
}

/* The entry's chain is [e0, e1, e2] cut to len (a macro, so a failure names the caller's line). */
#define chain_is(p, len, e0, e1, e2)                                                               \
    do {                                                                                           \
        const WSAPROTOCOL_INFOW *p_ = (p);                                                         \
        check(p_ != NULL && p_->ProtocolChain.ChainLen == (len));                                  \
        check(p_->ProtocolChain.ChainEntries[0] == (DWORD)(e0));                                   \
        check((len) < 2 || p_->ProtocolChain.ChainEntries[1] == (DWORD)(e1));                      \
        check((len) < 3 || p_->ProtocolChain.ChainEntries[2] == (DWORD)(e2));                      \
    } while (0)

/* A fresh catalog with siotrace installed over the base entries: layered 1007, chains
 * 1008-1013 over 1001-1006, in both catalogs. */
static void seed_with_siotrace(void)
{
    DWORD id = 0;
    int err = SENTINEL;
    check(catmodel_seed(BASE64, BASE32, &err) == 0);
    check(catmodel_WSCInstallProviderAndChains64_32(&lsp, L"C:\\lsp64.dll", L"C:\\lsp32.dll",
                                                    L"siotrace", XP1_IFS_HANDLES, NULL, 0, &id,
                                                    &err) == 0);
    check(id == 1007 && err == SENTINEL);
}

/* Another vendor's LSP over siotrace, in each link style: the chains sit over siotrace's chains
 * (ids 1008-1013), in both catalogs, first in the order. */
static void test_link_styles(void)
{
    static const GUID vendor = {0x0e0d0e0d, 0x1, 0x2, {3, 4, 5, 6, 7, 8, 9, 10}};
    DWORD id = 0;
    int err = SENTINEL, n, i, is32;

    for (int style = 0; style < 2; style++) {
        catmodel_link_t link = style ? CATMODEL_LINK_CHAIN : CATMODEL_LINK_LAYERED;
        seed_with_siotrace();
        check(catmodel_install_lsp_over((LPGUID)&vendor, L"C:\\vendor.dll", NULL, L"vendor",
                                        XP1_IFS_HANDLES, link, &id, &err) == 0);
        check(id == 1014 && err == SENTINEL);
        for (is32 = 0; is32 < 2; is32++) {
            n = enum_all(is32, cat, 64);
            check(n == 6 + 7 + 7);
            for (i = 0; i < 6; i++) {
                /* [vendor, siotrace-chain, base] or [vendor, siotrace-layered, base] */
                check(cat[i].dwCatalogEntryId == 1015u + (DWORD)i);
                chain_is(&cat[i], 3, 1014, style ? 1008u + (DWORD)i : 1007, 1001u + (DWORD)i);
                check(cat[i].iSocketType == cat[12 + i].iSocketType);
                check(cat[i].dwServiceFlags1 & XP1_IFS_HANDLES);
                chain_is(&cat[6 + i], 2, 1007, 1001u + (DWORD)i, 0);
            }
            const WSAPROTOCOL_INFOW *v = by_id(cat, n, 1014);
            check(v == &cat[n - 1] && v->ProtocolChain.ChainLen == 0);
            check(v->dwProviderFlags == PFL_HIDDEN);
            /* The sample's dummy entry has no socket type or protocol; the model's
             * WSCInstallProviderAndChains keeps the first lower entry's. */
            check(v->iSocketType == (style ? 0 : SOCK_STREAM));
            check(v->iProtocol == (style ? 0 : IPPROTO_TCP));
            check(wcscmp(cat[0].szProtocol,
                         L"vendor over [siotrace over [MSAFD Tcpip [TCP/IP]]]") == 0);
        }
    }

    /* An installer writing the sample's style by hand is accepted as it is. */
    WSAPROTOCOL_INFOW info = cat[0];
    info.ProtocolChain.ChainEntries[1] = 1009;
    info.ProtocolChain.ChainEntries[2] = 1002;
    check(catmodel_WSCInstallProvider(&chain_guid, L"C:\\vendor.dll", &info, 1, &err) == 0);
    n = enum_all(0, cat, 64);
    chain_is(by_id(cat, n, 1021), 3, 1014, 1009, 1002);
    err = SENTINEL;
    check(catmodel_install_lsp_over(&lsp2, L"C:\\v", NULL, L"v2", 0, (catmodel_link_t)7, &id,
                                    &err) == SOCKET_ERROR &&
          err == WSAEINVAL);
}

/* WSCInstallProviderAndChains' choice of lower entries and its documented errors. */
static void test_chain_targets(void)
{
    WSAPROTOCOL_INFOW want[3] = {{0}};
    DWORD id = 0;
    int err, n;
    size_t blen;
    char *before;

    /* A hidden entry for UDP/IP first in the order: the top-most match, so it is layered over. */
    check(catmodel_seed(BASE64, BASE32, &err) == 0);
    n = enum_all(0, cat, 64);
    WSAPROTOCOL_INFOW hidden = cat[1];
    hidden.dwProviderFlags |= PFL_HIDDEN;
    wcscpy(hidden.szProtocol, L"Hidden UDP");
    check(catmodel_WSCInstallProvider(&chain_guid, L"C:\\hidden.dll", &hidden, 1, &err) == 0);
    DWORD order[7] = {1007, 1001, 1002, 1003, 1004, 1005, 1006};
    check(catmodel_WSCWriteProviderOrder(order, 7) == 0);

    /* UDP/IP twice and TCP/IP: duplicates are ignored, one chain each. */
    want[0].iAddressFamily = want[1].iAddressFamily = want[2].iAddressFamily = AF_INET;
    want[0].iSocketType = want[2].iSocketType = SOCK_DGRAM;
    want[0].iProtocol = want[2].iProtocol = IPPROTO_UDP;
    want[1].iSocketType = SOCK_STREAM;
    want[1].iProtocol = IPPROTO_TCP;
    want[2].dwCatalogEntryId = 1002; /* every other member is ignored */
    err = SENTINEL;
    check(catmodel_WSCInstallProviderAndChains(&lsp, L"C:\\lsp.dll", L"siotrace", XP1_IFS_HANDLES,
                                               want, 3, &id, &err) == 0);
    check(id == 1008 && err == SENTINEL);
    n = enum_all(0, cat, 64);
    check(n == 7 + 3);
    chain_is(&cat[0], 2, 1008, 1007, 0); /* over the hidden entry, first in catalog order */
    check(cat[0].dwCatalogEntryId == 1009);
    chain_is(&cat[1], 2, 1008, 1001, 0);
    check(cat[1].dwCatalogEntryId == 1010);
    check(cat[2].dwCatalogEntryId == 1007 && cat[3].dwCatalogEntryId == 1001);
    /* The layered entry copies the first entry it layers over: the hidden one. */
    check(cat[9].dwCatalogEntryId == 1008 && cat[9].iSocketType == SOCK_DGRAM);
    check(cat[9].dwProviderFlags == PFL_HIDDEN);

    /* Errors, each leaving the catalog as it was. */
    before = slurp(&blen);
    err = SENTINEL;
    check(catmodel_WSCInstallProviderAndChains(&lsp2, L"C:\\b.dll", L"siotrace", 0, NULL, 0, &id,
                                               &err) == SOCKET_ERROR);
    check(err == WSAEINVAL); /* the LSP name is taken */
    err = SENTINEL;
    check(catmodel_WSCInstallProviderAndChains(NULL, L"C:\\b.dll", L"b", 0, NULL, 0, &id, &err) ==
          SOCKET_ERROR);
    check(err == WSAEINVAL);
    err = SENTINEL;
    check(catmodel_WSCInstallProviderAndChains(&lsp2, L"C:\\b.dll", L"b", 0, want, 0, &id, &err) ==
          SOCKET_ERROR);
    check(err == WSAEINVAL);
    want[1].iProtocol = 4242; /* one element without a match fails the call */
    err = SENTINEL;
    check(catmodel_WSCInstallProviderAndChains(&lsp2, L"C:\\b.dll", L"b", 0, want, 3, &id, &err) ==
          SOCKET_ERROR);
    check(err == WSAEINVAL);
    check(unchanged(before, blen));
    free(before);

    /* LSPs stacked over UDP/IP until its top-most chain has MAX_PROTOCOL_CHAIN (7) entries:
     * one more would exceed it. */
    GUID g = lsp2;
    WCHAR name[16];
    for (int k = 3; k <= MAX_PROTOCOL_CHAIN; k++) {
        g.Data1++;
        _snwprintf(name, 16, L"layer%d", k);
        err = SENTINEL;
        check(catmodel_WSCInstallProviderAndChains(&g, L"C:\\b.dll", name, 0, want, 1, &id, &err) ==
              0);
        n = enum_all(0, cat, 64);
        check(cat[0].ProtocolChain.ChainLen == k);
    }
    before = slurp(&blen);
    g.Data1++;
    check(catmodel_WSCInstallProviderAndChains(&g, L"C:\\b.dll", L"one too many", 0, want, 1, &id,
                                               &err) == SOCKET_ERROR);
    check(err == WSANO_RECOVERY && unchanged(before, blen));
    free(before);

    /* No base entry at all, and no list: WSANO_RECOVERY. */
    check(catmodel_seed(BASE64, BASE32, &err) == 0);
    check(catmodel_WSCDeinstallProvider((LPGUID)&msafd4, &err) == 0);
    check(catmodel_WSCDeinstallProvider((LPGUID)&msafd6, &err) == 0);
    err = SENTINEL;
    check(catmodel_WSCInstallProviderAndChains(&lsp, L"C:\\lsp.dll", L"siotrace", 0, NULL, 0, &id,
                                               &err) == SOCKET_ERROR);
    check(err == WSANO_RECOVERY);
}

/* One call writing both catalogs gives the same ids in both, even when their counters differ. */
static void test_same_ids(void)
{
    WSAPROTOCOL_INFOW info;
    WSAPROTOCOL_INFOW cat32[64];
    DWORD id = 0;
    int err, n, n32, i;

    check(catmodel_seed(BASE64, BASE32, &err) == 0);
    enum_all(0, cat, 64);
    info = cat[0];
    wcscpy(info.szProtocol, L"64-bit only");
    check(catmodel_WSCInstallProvider(&chain_guid, L"C:\\x.dll", &info, 1, &err) == 0);
    check(catmodel_WSCDeinstallProvider(&chain_guid, &err) == 0); /* 64: next 1008, 32: 1007 */

    check(catmodel_WSCInstallProvider64_32(&lsp2, L"C:\\x.dll", &info, 1, &err) == 0);
    check(catmodel_WSCInstallProviderAndChains64_32(&lsp, L"C:\\lsp64.dll", L"C:\\lsp32.dll",
                                                    L"siotrace", XP1_IFS_HANDLES, NULL, 0, &id,
                                                    &err) == 0);
    check(id == 1009);
    n = enum_all(0, cat, 64);
    n32 = enum_all(1, cat32, 64);
    check(n == 6 + 1 + 7 && n32 == n);
    for (i = 0; i < n; i++) {
        check(cat[i].dwCatalogEntryId == cat32[i].dwCatalogEntryId);
        check(cat[i].ProtocolChain.ChainLen == cat32[i].ProtocolChain.ChainLen);
        check(memcmp(cat[i].ProtocolChain.ChainEntries, cat32[i].ProtocolChain.ChainEntries,
                     sizeof(DWORD) * (size_t)cat[i].ProtocolChain.ChainLen) == 0);
    }
    check(by_id(cat, n, 1008) && IsEqualGUID(&by_id(cat, n, 1008)->ProviderId, &lsp2));
    check(cat[0].dwCatalogEntryId == 1010 && cat[5].dwCatalogEntryId == 1015);
    /* Both counters continue after the ids used. */
    info.ProtocolChain.ChainLen = 1;
    check(catmodel_WSCInstallProvider(&chain_guid, L"C:\\x.dll", &info, 1, &err) == 0);
    n = enum_all(0, cat, 64);
    check(cat[n - 1].dwCatalogEntryId == 1016);
    check(catmodel_WSCInstallProvider64_32(&nobody, L"C:\\x.dll", &info, 1, &err) == 0);
    n = enum_all(0, cat, 64);
    n32 = enum_all(1, cat32, 64);
    check(cat[n - 1].dwCatalogEntryId == 1017 && cat32[n32 - 1].dwCatalogEntryId == 1017);
}

/* Another installer's change between two calls: the entry count changes under the caller. */
static void test_change_between_calls(void)
{
    static const GUID other = {
        0x51075e1e, 0xc4a7, 0x4e0d, {0x9a, 0x11, 0x0c, 0xa7, 0xa1, 0x09, 0x00, 0x07}};
    DWORD order[6];
    int err, n, i;

    check(catmodel_seed(BASE64, BASE32, &err) == 0);
    catmodel_change_at(2);
    n = enum_all(0, cat, 64); /* call 1: nothing yet */
    check(n == 6);
    for (i = 0; i < n; i++)
        order[i] = cat[(i + 1) % n].dwCatalogEntryId;
    check(catmodel_WSCWriteProviderOrder(order, 6) == WSAEINVAL); /* call 2: 7 entries now */
    for (int is32 = 0; is32 < 2; is32++) {
        n = enum_all(is32, cat, 64);
        check(n == 7);
        check(cat[0].dwCatalogEntryId == 1001); /* the order was not written */
        check(cat[6].dwCatalogEntryId == 1007 && IsEqualGUID(&cat[6].ProviderId, &other));
        chain_is(&cat[6], 1, 1007, 0, 0);
        check(cat[6].iSocketType == SOCK_STREAM);
        check(wcscmp(cat[6].szProtocol, L"Another installer's provider") == 0);
    }
    check(enum_all(0, cat, 64) == 7); /* once only */
    catmodel_change_at(0);
}

static void test_faults(void)
{
    size_t blen;
    char *before;

    seed_with_siotrace();
    before = slurp(&blen);
    DWORD cats = 0;
    int err = SENTINEL;

    catmodel_fail_nth_change(2, WSANO_RECOVERY);
    check(catmodel_WSCSetProviderInfo(&lsp, ProviderInfoLspCategories, (PBYTE)&cats, 4, 0, &err) ==
          0);
    free(before);
    before = slurp(&blen);
    check(catmodel_WSCDeinstallProvider(&lsp, &err) == SOCKET_ERROR && err == WSANO_RECOVERY);
    check(unchanged(before, blen));
    check(catmodel_WSCDeinstallProvider(&lsp, &err) == 0); /* one failure only */
    free(before);

    /* A missing or broken file is a catalog that cannot be opened. */
    DWORD len = sizeof(cat);
    FILE *f = _wfopen(file, L"ab");
    check(f != NULL);
    fputs("garbage\n", f);
    fclose(f);
    err = SENTINEL;
    check(catmodel_WSCEnumProtocols(NULL, cat, &len, &err) == SOCKET_ERROR &&
          err == WSANO_RECOVERY);
    check(DeleteFileW(file));
    err = SENTINEL;
    check(catmodel_WSCEnumProtocols(NULL, cat, &len, &err) == SOCKET_ERROR &&
          err == WSANO_RECOVERY);
}

int main(void)
{
    WCHAR dir[MAX_PATH];
    check(GetCurrentDirectoryW(MAX_PATH, dir) > 0);
    check(GetTempFileNameW(dir, L"cat", 0, file) != 0);
    catmodel_use(file);
    check(wcscmp(catmodel_path(), file) == 0);

    test_seed_and_enum();
    test_provider_path();
    test_install_order_deinstall();
    test_and_chains();
    test_categories();
    test_link_styles();
    test_chain_targets();
    test_same_ids();
    test_change_between_calls();
    test_faults();
    puts("catmodel: ok");
    return 0;
}
