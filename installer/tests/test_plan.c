/* Planning, siotrace's state and the LSP map over catalogs built here: the
 * chains siotrace would add, and every refusal, with nothing to install into. */
#include <string.h>

#include "check.h"
#include "plan.h"
#include "show.h"
#include "siot.h"

static const GUID test_base4 = {
    0xe70f1aa0, 0xab8b, 0x11cf, {0x8c, 0xa3, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92}};
static const GUID test_other = {
    0x0badc0de, 0x1111, 0x2222, {0x33, 0x33, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44}};

static snap_entry_t test_e[32];
static snap_t test_s = {CATALOG_64, 0, test_e};

static WSAPROTOCOL_INFOW *test_add(DWORD id, const GUID *g, int af, int type, int proto,
                                   int chain_len, const WCHAR *name)
{
    WSAPROTOCOL_INFOW *e = &test_e[test_s.count++].info;

    memset(e, 0, sizeof *e);
    e->dwCatalogEntryId = id;
    e->ProviderId = *g;
    e->iAddressFamily = af;
    e->iSocketType = type;
    e->iProtocol = proto;
    e->iProtocolMaxOffset = type == SOCK_RAW ? 255 : 0;
    e->dwServiceFlags1 = XP1_IFS_HANDLES | XP1_GUARANTEED_DELIVERY;
    e->ProtocolChain.ChainLen = chain_len;
    e->ProtocolChain.ChainEntries[0] = id;
    wcscpy(e->szProtocol, name);
    return e;
}

/* Windows' six base entries, ids 1001-1006. */
static void test_windows(void)
{
    test_s.count = 0;
    test_add(1001, &test_base4, AF_INET, SOCK_STREAM, IPPROTO_TCP, 1, L"MSAFD Tcpip [TCP/IP]");
    test_add(1002, &test_base4, AF_INET, SOCK_DGRAM, IPPROTO_UDP, 1, L"MSAFD Tcpip [UDP/IP]");
    test_add(1003, &test_base4, AF_INET, SOCK_RAW, 0, 1, L"MSAFD Tcpip [RAW/IP]");
    test_add(1004, &test_base4, AF_INET6, SOCK_STREAM, IPPROTO_TCP, 1, L"MSAFD Tcpip [TCP/IPv6]");
    test_add(1005, &test_base4, AF_INET6, SOCK_DGRAM, IPPROTO_UDP, 1, L"MSAFD Tcpip [UDP/IPv6]");
    test_add(1006, &test_base4, AF_INET6, SOCK_RAW, 0, 1, L"MSAFD Tcpip [RAW/IPv6]");
}

/* Another LSP: layered entry 1007 and a chain 1008 over TCP/IPv4, first in order. */
static void test_other_lsp(int first)
{
    WSAPROTOCOL_INFOW *l, *c;

    l = test_add(1007, &test_other, AF_INET, SOCK_STREAM, IPPROTO_TCP, 0, L"Other");
    l->dwProviderFlags = PFL_HIDDEN;
    c = test_add(1008, &test_other, AF_INET, SOCK_STREAM, IPPROTO_TCP, 2, L"Other over TCP");
    c->ProtocolChain.ChainEntries[0] = 1007;
    c->ProtocolChain.ChainEntries[1] = 1001;
    if (first) {
        snap_entry_t chain = test_e[test_s.count - 1];

        memmove(&test_e[1], &test_e[0], (test_s.count - 1) * sizeof test_e[0]);
        test_e[0] = chain;
    }
}

static int test_plan_all(plan_t *p, unsigned mask, char *why, size_t n)
{
    static snap_t snaps[CATALOG_COUNT];
    const WCHAR *paths[CATALOG_COUNT] = {L"%SystemRoot%\\system32\\siotrace.dll", NULL};

    snaps[CATALOG_64] = test_s;
    return plan_install(snaps, CATALOG_BIT(CATALOG_64), mask, paths, p, why, n);
}

static void test_over_base(void)
{
    plan_t p;
    char why[256];
    size_t k;
    GUID g;

    test_windows();
    check(test_plan_all(&p, 0x3f, why, sizeof why) == 0);
    check(p.chain_count == 6);
    check(p.layered[0].ProtocolChain.ChainLen == LAYERED_PROTOCOL);
    check(IsEqualGUID(&p.layered[0].ProviderId, &siot_layered_guid));
    check(p.layered[0].dwProviderFlags & PFL_HIDDEN);
    check(p.layered[0].dwServiceFlags1 & XP1_IFS_HANDLES);
    check(wcscmp(p.layered[0].szProtocol, L"siotrace") == 0);
    for (k = 0; k < 6; k++) {
        const WSAPROTOCOL_INFOW *c = &p.chains[k].info[0];

        g = siot_chain_guid((unsigned)k + 1);
        check(IsEqualGUID(&c->ProviderId, &g));
        check(siot_is_own_guid(&c->ProviderId));
        check(c->ProtocolChain.ChainLen == 2);
        check(c->ProtocolChain.ChainEntries[1] == 1001 + k);
        check(!(c->dwProviderFlags & PFL_HIDDEN));
        check(c->iSocketType == test_e[k].info.iSocketType);
    }
    check(wcscmp(p.chains[0].info[0].szProtocol, L"siotrace over [MSAFD Tcpip [TCP/IP]]") == 0);
    plan_link(&p, CATALOG_64, 1007);
    check(p.chains[5].info[0].ProtocolChain.ChainEntries[0] == 1007);
    /* tcp6 only */
    check(test_plan_all(&p, 1u << 3, why, sizeof why) == 0);
    check(p.chain_count == 1 && p.chains[0].info[0].ProtocolChain.ChainEntries[1] == 1004);
}

static void test_over_other_lsp(void)
{
    plan_t p;
    char why[256];

    test_windows();
    test_other_lsp(1);
    check(test_plan_all(&p, 0x3f, why, sizeof why) == 0);
    /* TCP/IPv4 goes over the other LSP's chain, the rest over base entries. */
    check(p.chains[0].info[0].ProtocolChain.ChainLen == 3);
    check(p.chains[0].info[0].ProtocolChain.ChainEntries[1] == 1007);
    check(p.chains[0].info[0].ProtocolChain.ChainEntries[2] == 1001);
    check(p.chains[1].info[0].ProtocolChain.ChainLen == 2);
}

static void test_refusals(void)
{
    plan_t p;
    char why[256];
    WSAPROTOCOL_INFOW *e;

    test_windows();
    test_s.count = 5; /* no RAW/IPv6 */
    check(test_plan_all(&p, 0x3f, why, sizeof why) == -1);
    check(strstr(why, "RAW/IPv6: the 64-bit catalog has no entry for it") != NULL);
    check(test_plan_all(&p, 0x1f, why, sizeof why) == 0);

    test_windows();
    test_e[1].info.dwServiceFlags1 &= ~(DWORD)XP1_IFS_HANDLES;
    check(test_plan_all(&p, 0x3f, why, sizeof why) == -1);
    check(strstr(why, "UDP/IPv4: \"MSAFD Tcpip [UDP/IP]\" (id 1002)") != NULL);
    check(strstr(why, "IFS") != NULL);

    test_windows();
    test_other_lsp(1);
    e = &test_e[0].info;
    e->ProtocolChain.ChainLen = MAX_PROTOCOL_CHAIN;
    check(test_plan_all(&p, 1, why, sizeof why) == -1);
    check(strstr(why, "already 7 long") != NULL);
    check(test_plan_all(&p, 0, why, sizeof why) == -1);
    check(strcmp(why, "no protocols chosen") == 0);
}

static void test_order(void)
{
    plan_t p;
    char why[256];
    DWORD *ids;
    static snap_entry_t now_e[32];
    snap_t now = {CATALOG_64, 0, now_e};
    size_t count, i;

    test_windows();
    check(test_plan_all(&p, 0x3, why, sizeof why) == 0);
    memcpy(now_e, test_e, 6 * sizeof test_e[0]);
    now.count = 6;
    test_add(1009, &siot_layered_guid, AF_INET, SOCK_STREAM, 6, 0, L"siotrace");
    test_add(1010, &p.chains[0].id, AF_INET, SOCK_STREAM, 6, 2, L"c1");
    test_add(1011, &p.chains[1].id, AF_INET, SOCK_DGRAM, 17, 2, L"c2");
    memcpy(&now_e[6], &test_e[6], 3 * sizeof test_e[0]);
    now.count = 9;
    test_s.count = 6;
    p.chains[0].info[0].dwCatalogEntryId = 1010;
    p.chains[1].info[0].dwCatalogEntryId = 1011;
    ids = plan_order(&p, CATALOG_64, &now, &count);
    check(ids && count == 9);
    check(ids[0] == 1010 && ids[1] == 1011);
    for (i = 0; i < 6; i++)
        check(ids[2 + i] == 1001 + i);
    check(ids[8] == 1009);
    free(ids);
}

static void test_state(void)
{
    siot_state_t st;
    WSAPROTOCOL_INFOW *e;
    GUID c1 = siot_chain_guid(1);
    DWORD link;
    const char *why;

    test_windows();
    siot_read(&test_s, &st);
    check(!siot_present(&st) && st.layered < 0 && st.serving == 0);

    test_add(1007, &siot_layered_guid, AF_INET, SOCK_STREAM, 6, 0, L"siotrace");
    e = test_add(1008, &c1, AF_INET, SOCK_STREAM, IPPROTO_TCP, 2, L"siotrace over TCP");
    e->ProtocolChain.ChainEntries[0] = 1007;
    e->ProtocolChain.ChainEntries[1] = 1001;
    siot_read(&test_s, &st);
    check(siot_present(&st) && siot_sound(&st));
    check(st.layered == 6 && st.chains == 1 && st.broken == 0 && st.targets == 1);
    /* Not first in the order: TCP sockets still get the base entry. */
    check(st.serving == 0);
    check(st.guid_count == 2 && IsEqualGUID(&st.guids[1], &siot_layered_guid));
    test_e[0] = test_e[7];
    test_e[7].info = test_e[0].info;
    test_e[7].info.dwCatalogEntryId = 1001;
    test_e[7].info.ProviderId = test_base4;
    test_e[7].info.ProtocolChain.ChainLen = 1;
    test_e[7].info.ProtocolChain.ChainEntries[0] = 1001;
    siot_read(&test_s, &st);
    check(st.serving == 1);

    /* Another LSP over siotrace: it is "above". */
    e = test_add(1009, &test_other, AF_INET, SOCK_STREAM, 6, 0, L"Other");
    e = test_add(1010, &test_other, AF_INET, SOCK_STREAM, IPPROTO_TCP, 3, L"Other over siotrace");
    e->ProtocolChain.ChainEntries[0] = 1009;
    e->ProtocolChain.ChainEntries[1] = 1007;
    e->ProtocolChain.ChainEntries[2] = 1001;
    siot_read(&test_s, &st);
    check(st.above == 9);
    check(!snap_broken(&test_s, 9, &link, &why));

    /* The layered entry gone: the chain is siotrace's by GUID, and broken. */
    memmove(&test_e[6], &test_e[7], 3 * sizeof test_e[0]);
    test_s.count--;
    siot_read(&test_s, &st);
    check(st.layered < 0 && st.broken == 1 && !siot_sound(&st) && siot_present(&st));
    check(snap_broken(&test_s, 0, &link, &why) && link == 1007);
    check(strcmp(why, "its layered entry is gone") == 0);
    check(snap_broken(&test_s, 8, &link, &why) && link == 1007);
    check(strcmp(why, "a link names no entry") == 0);
    check(snap_all_broken(&test_s, &c1));
    check(!snap_all_broken(&test_s, &test_other));
}

/* Another LSP over siotrace in the SDK sample's style, its second link
 * siotrace's chain: not broken, above siotrace, named by the layers. */
static void test_link_styles(void)
{
    siot_state_t st;
    WSAPROTOCOL_INFOW *e;
    GUID c1 = siot_chain_guid(1);
    DWORD link;
    const char *why;
    char names[256];

    test_windows();
    test_add(1007, &siot_layered_guid, AF_INET, SOCK_STREAM, 6, 0, L"siotrace");
    e = test_add(1008, &c1, AF_INET, SOCK_STREAM, IPPROTO_TCP, 2, L"siotrace over TCP");
    e->ProtocolChain.ChainEntries[0] = 1007;
    e->ProtocolChain.ChainEntries[1] = 1001;
    test_add(1009, &test_other, AF_INET, 0, 0, 0, L"Other");
    e = test_add(1010, &test_other, AF_INET, SOCK_STREAM, IPPROTO_TCP, 3, L"Other over siotrace");
    e->ProtocolChain.ChainEntries[0] = 1009;
    e->ProtocolChain.ChainEntries[1] = 1008;
    e->ProtocolChain.ChainEntries[2] = 1001;
    check(snap_link_layer(&test_s, 9, 0) == 8 && snap_link_layer(&test_s, 9, 1) == 6);
    check(snap_link_layer(&test_s, 9, 2) == -1 && snap_link_layer(&test_s, 9, 3) == -1);
    check(!snap_broken(&test_s, 9, &link, &why));
    siot_read(&test_s, &st);
    check(st.above == 9 && siot_sound(&st) && st.broken == 0);
    show_chain_names(&test_s, 9, names, sizeof names);
    check_str(names, "Other > siotrace > MSAFD Tcpip [TCP/IP]");

    /* A chain link that does not continue into the links that follow it. */
    e->ProtocolChain.ChainEntries[2] = 1002;
    check(snap_link_layer(&test_s, 9, 1) == -1);
    check(snap_broken(&test_s, 9, &link, &why) && link == 1008);
    check_str(why, "a link above the last is neither a layered entry nor the chain below");
    siot_read(&test_s, &st);
    check(st.above == -1);
    /* Nor is a chain a chain's first link. */
    e->ProtocolChain.ChainEntries[0] = 1008;
    e->ProtocolChain.ChainEntries[2] = 1001;
    check(snap_link_layer(&test_s, 9, 0) == -1);
    check(snap_broken(&test_s, 9, &link, &why) && link == 1008);
}

int main(void)
{
    test_over_base();
    test_over_other_lsp();
    test_refusals();
    test_order();
    test_state();
    test_link_styles();
    return 0;
}
