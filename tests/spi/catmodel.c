#include "catmodel.h"
#include "catfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#ifdef _WIN64
#define CATMODEL_NATIVE CATFILE_64
#else
#define CATMODEL_NATIVE CATFILE_32
#endif

static SRWLOCK catmodel__lock = SRWLOCK_INIT;
static WCHAR catmodel__chosen[MAX_PATH];
static WCHAR catmodel__current[MAX_PATH];
static int catmodel__fail_loaded;
static int catmodel__fail_n;
static int catmodel__fail_error;
static int catmodel__change_loaded;
static int catmodel__change_n;

/* The entry the other installer of catmodel_change_at adds. */
static const GUID catmodel__other_guid = {
    0x51075e1e, 0xc4a7, 0x4e0d, {0x9a, 0x11, 0x0c, 0xa7, 0xa1, 0x09, 0x00, 0x07}};

void catmodel_use(const WCHAR *path)
{
    AcquireSRWLockExclusive(&catmodel__lock);
    catmodel__chosen[0] = 0;
    if (path)
        wcsncat(catmodel__chosen, path, MAX_PATH - 1);
    ReleaseSRWLockExclusive(&catmodel__lock);
}

/* Under the lock. */
static const WCHAR *catmodel__resolve(void)
{
    DWORD n;
    if (catmodel__chosen[0])
        return catmodel__chosen;
    n = GetEnvironmentVariableW(L"SIOT_CATALOG", catmodel__current, MAX_PATH);
    return n > 0 && n < MAX_PATH ? catmodel__current : NULL;
}

const WCHAR *catmodel_path(void)
{
    const WCHAR *p;
    AcquireSRWLockExclusive(&catmodel__lock);
    p = catmodel__resolve();
    ReleaseSRWLockExclusive(&catmodel__lock);
    return p;
}

void catmodel_fail_nth_change(int n, int error)
{
    AcquireSRWLockExclusive(&catmodel__lock);
    catmodel__fail_loaded = 1;
    catmodel__fail_n = n;
    catmodel__fail_error = error;
    ReleaseSRWLockExclusive(&catmodel__lock);
}

void catmodel_change_at(int n)
{
    AcquireSRWLockExclusive(&catmodel__lock);
    catmodel__change_loaded = 1;
    catmodel__change_n = n;
    ReleaseSRWLockExclusive(&catmodel__lock);
}

/* Under the lock: whether another installer changes the catalog before this
 * call. */
static int catmodel__change_due(void)
{
    if (!catmodel__change_loaded) {
        char v[32];
        DWORD n = GetEnvironmentVariableA("SIOT_CATALOG_CHANGE_AT", v, sizeof(v));
        catmodel__change_loaded = 1;
        if (n > 0 && n < sizeof(v) && sscanf(v, "%d", &catmodel__change_n) != 1)
            catmodel__change_n = 0;
    }
    return catmodel__change_n > 0 && --catmodel__change_n == 0;
}

/* Under the lock: another installer's base entry, a copy of the first base
 * entry, appended to both catalogs under one new id, and saved. */
static int catmodel__other_installer(catfile_t *cf, const WCHAR *path)
{
    DWORD a = cf->cat[CATFILE_64].next_id, b = cf->cat[CATFILE_32].next_id;
    DWORD id = a > b ? a : b;
    for (int w = 0; w < 2; w++) {
        catfile_catalog_t *c = &cf->cat[w];
        size_t i;
        for (i = 0; i < c->count && c->entries[i].info.ProtocolChain.ChainLen != BASE_PROTOCOL; i++)
            ;
        if (i == c->count || c->count == CATFILE_MAX_ENTRIES)
            return WSANO_RECOVERY;
        catfile_entry_t *e = &c->entries[c->count++];
        *e = c->entries[i];
        e->info.ProviderId = catmodel__other_guid;
        e->info.dwCatalogEntryId = id;
        e->info.ProtocolChain.ChainEntries[0] = id;
        wcscpy(e->info.szProtocol, L"Another installer's provider");
        e->lsp_categories = 0;
        c->next_id = id + 1;
    }
    return catfile_save(path, cf) == 0 ? 0 : WSANO_RECOVERY;
}

static int catmodel__result(int err, LPINT lpErrno)
{
    if (err == 0)
        return 0;
    if (lpErrno)
        *lpErrno = err;
    return SOCKET_ERROR;
}

/* Takes the lock and loads the catalog; on success the caller must call
 * catmodel__close. */
static int catmodel__open(catfile_t **out)
{
    const WCHAR *path;
    catfile_t *cf = malloc(sizeof(*cf));
    int line;

    if (!cf)
        return WSA_NOT_ENOUGH_MEMORY;
    AcquireSRWLockExclusive(&catmodel__lock);
    path = catmodel__resolve();
    if (!path || catfile_load(path, cf, &line) != 0 ||
        (catmodel__change_due() && catmodel__other_installer(cf, path) != 0)) {
        ReleaseSRWLockExclusive(&catmodel__lock);
        free(cf);
        return WSANO_RECOVERY;
    }
    *out = cf;
    return 0;
}

/* Under the lock: whether fault injection fails this change. */
static int catmodel__injected(void)
{
    if (!catmodel__fail_loaded) {
        char v[64];
        DWORD n = GetEnvironmentVariableA("SIOT_CATALOG_FAIL", v, sizeof(v));
        catmodel__fail_loaded = 1;
        if (n > 0 && n < sizeof(v) &&
            sscanf(v, "%d %d", &catmodel__fail_n, &catmodel__fail_error) != 2)
            catmodel__fail_n = 0;
    }
    if (catmodel__fail_n <= 0)
        return 0;
    if (--catmodel__fail_n > 0)
        return 0;
    return catmodel__fail_error ? catmodel__fail_error : WSANO_RECOVERY;
}

/* Saves the catalog when `err` is 0 and `changed`, then releases the lock.
 * Returns the call's error. */
static int catmodel__close(catfile_t *cf, int err, int changed)
{
    if (err == 0 && changed) {
        err = catmodel__injected();
        if (err == 0 && catfile_save(catmodel__resolve(), cf) != 0)
            err = WSANO_RECOVERY;
    }
    ReleaseSRWLockExclusive(&catmodel__lock);
    free(cf);
    return err;
}

static catfile_entry_t *catmodel__find_guid(catfile_catalog_t *c, const GUID *g)
{
    size_t i;
    for (i = 0; i < c->count; i++)
        if (IsEqualGUID(&c->entries[i].info.ProviderId, g))
            return &c->entries[i];
    return NULL;
}

static int catmodel__valid_path(const WCHAR *p)
{
    return p && p[0] && catfile_valid_string(p, MAX_PATH);
}

/* ---- seed ---- */

#define CATMODEL_XP1_STREAM                                                                        \
    (XP1_GUARANTEED_DELIVERY | XP1_GUARANTEED_ORDER | XP1_GRACEFUL_CLOSE | XP1_EXPEDITED_DATA |    \
     XP1_IFS_HANDLES)
#define CATMODEL_XP1_DGRAM                                                                         \
    (XP1_CONNECTIONLESS | XP1_MESSAGE_ORIENTED | XP1_SUPPORT_BROADCAST | XP1_SUPPORT_MULTIPOINT |  \
     XP1_IFS_HANDLES)

static const GUID catmodel__msafd4 = {
    0xe70f1aa0, 0xab8b, 0x11cf, {0x8c, 0xa3, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92}};
static const GUID catmodel__msafd6 = {
    0xf9eab0c0, 0x26d4, 0x11d0, {0xbb, 0xbf, 0x00, 0xaa, 0x00, 0x6c, 0x34, 0xe4}};

static const struct {
    int af, type, proto, maxoff;
    DWORD flags, msg;
    const WCHAR *name;
} catmodel__defaults[] = {
    {AF_INET, SOCK_STREAM, IPPROTO_TCP, 0, CATMODEL_XP1_STREAM, 0, L"MSAFD Tcpip [TCP/IP]"},
    {AF_INET, SOCK_DGRAM, IPPROTO_UDP, 0, CATMODEL_XP1_DGRAM, 65467, L"MSAFD Tcpip [UDP/IP]"},
    {AF_INET, SOCK_RAW, 0, 255, CATMODEL_XP1_DGRAM, 65467, L"MSAFD Tcpip [RAW/IP]"},
    {AF_INET6, SOCK_STREAM, IPPROTO_TCP, 0, CATMODEL_XP1_STREAM, 0, L"MSAFD Tcpip [TCP/IPv6]"},
    {AF_INET6, SOCK_DGRAM, IPPROTO_UDP, 0, CATMODEL_XP1_DGRAM, 65467, L"MSAFD Tcpip [UDP/IPv6]"},
    {AF_INET6, SOCK_RAW, 0, 255, CATMODEL_XP1_DGRAM, 65467, L"MSAFD Tcpip [RAW/IPv6]"},
};

static void catmodel__seed_catalog(catfile_catalog_t *c, const WCHAR *dll)
{
    size_t i;
    for (i = 0; i < sizeof(catmodel__defaults) / sizeof(catmodel__defaults[0]); i++) {
        catfile_entry_t *e = &c->entries[i];
        WSAPROTOCOL_INFOW *p = &e->info;
        int v6 = catmodel__defaults[i].af == AF_INET6;
        p->dwServiceFlags1 = catmodel__defaults[i].flags;
        p->dwProviderFlags = PFL_MATCHES_PROTOCOL_ZERO;
        p->ProviderId = v6 ? catmodel__msafd6 : catmodel__msafd4;
        p->dwCatalogEntryId = 1001 + (DWORD)i;
        p->ProtocolChain.ChainLen = BASE_PROTOCOL;
        p->ProtocolChain.ChainEntries[0] = p->dwCatalogEntryId;
        p->iVersion = 2;
        p->iAddressFamily = catmodel__defaults[i].af;
        p->iMaxSockAddr = p->iMinSockAddr = v6 ? 28 : 16;
        p->iSocketType = catmodel__defaults[i].type;
        p->iProtocol = catmodel__defaults[i].proto;
        p->iProtocolMaxOffset = catmodel__defaults[i].maxoff;
        p->iNetworkByteOrder = BIGENDIAN;
        p->iSecurityScheme = SECURITY_PROTOCOL_NONE;
        p->dwMessageSize = catmodel__defaults[i].msg;
        wcscpy(p->szProtocol, catmodel__defaults[i].name);
        wcscpy(e->path, dll);
    }
    c->count = i;
    c->next_id = 1001 + (DWORD)i;
}

int catmodel_seed(const WCHAR *base_dll64, const WCHAR *base_dll32, LPINT lpErrno)
{
    catfile_t *cf;
    const WCHAR *path;
    int err = 0;

    if (!catmodel__valid_path(base_dll64) || !catmodel__valid_path(base_dll32))
        return catmodel__result(WSAEINVAL, lpErrno);
    cf = calloc(1, sizeof(*cf));
    if (!cf)
        return catmodel__result(WSA_NOT_ENOUGH_MEMORY, lpErrno);
    catmodel__seed_catalog(&cf->cat[CATFILE_64], base_dll64);
    catmodel__seed_catalog(&cf->cat[CATFILE_32], base_dll32);
    AcquireSRWLockExclusive(&catmodel__lock);
    path = catmodel__resolve();
    if (!path || catfile_save(path, cf) != 0)
        err = WSANO_RECOVERY;
    ReleaseSRWLockExclusive(&catmodel__lock);
    free(cf);
    return catmodel__result(err, lpErrno);
}

/* ---- enumerate, look up ---- */

static int catmodel__wanted(const WSAPROTOCOL_INFOW *p, const INT *protocols)
{
    if (!protocols)
        return 1;
    for (; *protocols; protocols++)
        if (*protocols >= p->iProtocol && *protocols <= p->iProtocol + p->iProtocolMaxOffset)
            return 1;
    return 0;
}

static int catmodel__enum(catfile_which_t which, LPINT protocols, LPWSAPROTOCOL_INFOW buf,
                          LPDWORD len, LPINT lpErrno)
{
    catfile_t *cf;
    size_t i, n = 0;
    int err;

    if (!len || !lpErrno)
        return catmodel__result(WSAEFAULT, lpErrno);
    if ((err = catmodel__open(&cf)) != 0)
        return catmodel__result(err, lpErrno);
    catfile_catalog_t *c = &cf->cat[which];
    for (i = 0; i < c->count; i++)
        n += catmodel__wanted(&c->entries[i].info, protocols);
    if (!buf || *len < n * sizeof(WSAPROTOCOL_INFOW)) {
        *len = (DWORD)(n * sizeof(WSAPROTOCOL_INFOW));
        err = WSAENOBUFS;
    } else {
        n = 0;
        for (i = 0; i < c->count; i++)
            if (catmodel__wanted(&c->entries[i].info, protocols))
                buf[n++] = c->entries[i].info;
    }
    err = catmodel__close(cf, err, 0);
    return err ? catmodel__result(err, lpErrno) : (int)n;
}

int WSPAPI catmodel_WSCEnumProtocols(LPINT lpiProtocols, LPWSAPROTOCOL_INFOW lpProtocolBuffer,
                                     LPDWORD lpdwBufferLength, LPINT lpErrno)
{
    return catmodel__enum(CATMODEL_NATIVE, lpiProtocols, lpProtocolBuffer, lpdwBufferLength,
                          lpErrno);
}

int WSPAPI catmodel_WSCEnumProtocols32(LPINT lpiProtocols, LPWSAPROTOCOL_INFOW lpProtocolBuffer,
                                       LPDWORD lpdwBufferLength, LPINT lpErrno)
{
    return catmodel__enum(CATFILE_32, lpiProtocols, lpProtocolBuffer, lpdwBufferLength, lpErrno);
}

static int catmodel__get_path(catfile_which_t which, LPGUID guid, WCHAR *out, LPINT len,
                              LPINT lpErrno)
{
    catfile_t *cf;
    catfile_entry_t *e;
    int err;

    if (!guid || !out || !len)
        return catmodel__result(WSAEFAULT, lpErrno);
    if ((err = catmodel__open(&cf)) != 0)
        return catmodel__result(err, lpErrno);
    e = catmodel__find_guid(&cf->cat[which], guid);
    if (!e) {
        err = WSAEINVAL;
    } else {
        int need = (int)wcslen(e->path) + 1;
        if (*len < need) {
            *len = need;
            err = WSAEFAULT;
        } else {
            memcpy(out, e->path, (size_t)need * sizeof(WCHAR));
        }
    }
    return catmodel__result(catmodel__close(cf, err, 0), lpErrno);
}

int WSPAPI catmodel_WSCGetProviderPath(LPGUID lpProviderId, WCHAR *lpszProviderDllPath,
                                       LPINT lpProviderDllPathLen, LPINT lpErrno)
{
    return catmodel__get_path(CATMODEL_NATIVE, lpProviderId, lpszProviderDllPath,
                              lpProviderDllPathLen, lpErrno);
}

int WSPAPI catmodel_WSCGetProviderPath32(LPGUID lpProviderId, WCHAR *lpszProviderDllPath,
                                         LPINT lpProviderDllPathLen, LPINT lpErrno)
{
    return catmodel__get_path(CATFILE_32, lpProviderId, lpszProviderDllPath, lpProviderDllPathLen,
                              lpErrno);
}

/* ---- install, remove, order ---- */

/* The id a call that writes `n` catalogs gives its first new entry: the same
 * in every catalog it writes (see catmodel.h), so the larger next id. */
static DWORD catmodel__first_id(catfile_t *cf, int both)
{
    DWORD a = cf->cat[CATFILE_64].next_id, b = cf->cat[CATFILE_32].next_id;
    if (!both)
        return cf->cat[CATMODEL_NATIVE].next_id;
    return a > b ? a : b;
}

/* After a call that used ids [first, first + used): every catalog it wrote
 * continues after them. */
static void catmodel__used_ids(catfile_t *cf, int both, DWORD first, DWORD used)
{
    cf->cat[both ? CATFILE_64 : CATMODEL_NATIVE].next_id = first + used;
    if (both)
        cf->cat[CATFILE_32].next_id = first + used;
}

static int catmodel__install(catfile_catalog_t *c, const GUID *guid, const WCHAR *path,
                             const WSAPROTOCOL_INFOW *list, DWORD n, DWORD first)
{
    DWORD i;
    if (catmodel__find_guid(c, guid))
        return WSANO_RECOVERY;
    for (i = 0; i < n; i++)
        if (list[i].ProtocolChain.ChainLen > MAX_PROTOCOL_CHAIN ||
            !catfile_valid_string(list[i].szProtocol, WSAPROTOCOL_LEN + 1))
            return WSAEINVAL;
    if (c->count + n > CATFILE_MAX_ENTRIES)
        return WSA_NOT_ENOUGH_MEMORY;
    for (i = 0; i < n; i++) {
        catfile_entry_t *e = &c->entries[c->count++];
        memset(e, 0, sizeof(*e));
        e->info = list[i];
        e->info.ProviderId = *guid;
        e->info.dwCatalogEntryId = first + i;
        wcscpy(e->path, path);
    }
    return 0;
}

static int catmodel__install_list(int both, LPGUID guid, const WCHAR *path,
                                  const LPWSAPROTOCOL_INFOW list, DWORD n, LPINT lpErrno)
{
    catfile_t *cf;
    DWORD first;
    int err;

    if (!guid || !path || !list)
        return catmodel__result(WSAEFAULT, lpErrno);
    if (n == 0 || !catmodel__valid_path(path))
        return catmodel__result(WSAEINVAL, lpErrno);
    if ((err = catmodel__open(&cf)) != 0)
        return catmodel__result(err, lpErrno);
    first = catmodel__first_id(cf, both);
    if (both)
        err = catmodel__install(&cf->cat[CATFILE_64], guid, path, list, n, first);
    if (!err)
        err = catmodel__install(&cf->cat[both ? CATFILE_32 : CATMODEL_NATIVE], guid, path, list, n,
                                first);
    if (!err)
        catmodel__used_ids(cf, both, first, n);
    return catmodel__result(catmodel__close(cf, err, 1), lpErrno);
}

int WSPAPI catmodel_WSCInstallProvider(LPGUID lpProviderId, const WCHAR *lpszProviderDllPath,
                                       const LPWSAPROTOCOL_INFOW lpProtocolInfoList,
                                       DWORD dwNumberOfEntries, LPINT lpErrno)
{
    return catmodel__install_list(0, lpProviderId, lpszProviderDllPath, lpProtocolInfoList,
                                  dwNumberOfEntries, lpErrno);
}

int WSPAPI catmodel_WSCInstallProvider64_32(LPGUID lpProviderId, const WCHAR *lpszProviderDllPath,
                                            const LPWSAPROTOCOL_INFOW lpProtocolInfoList,
                                            DWORD dwNumberOfEntries, LPINT lpErrno)
{
    return catmodel__install_list(1, lpProviderId, lpszProviderDllPath, lpProtocolInfoList,
                                  dwNumberOfEntries, lpErrno);
}

/* What one LSP installation asks for, whichever way it is made. */
typedef struct catmodel__lsp_t {
    const GUID *guid;
    const WCHAR *name;
    DWORD flags;                   /* dwServiceFlags: XP1_IFS_HANDLES or 0 */
    const WSAPROTOCOL_INFOW *list; /* NULL: every protocol of the base entries */
    DWORD n;
    int over_top; /* with list NULL: over what serves each protocol now */
    catmodel_link_t link;
} catmodel__lsp_t;

static int catmodel__same_triple(const WSAPROTOCOL_INFOW *a, const WSAPROTOCOL_INFOW *b)
{
    return a->iAddressFamily == b->iAddressFamily && a->iSocketType == b->iSocketType &&
           a->iProtocol == b->iProtocol;
}

/* The top-most entry in catalog order, hidden ones included, that serves the
 * protocol of `want` and can be layered over (not a layered entry); or
 * c->count. */
static size_t catmodel__top(const catfile_catalog_t *c, const WSAPROTOCOL_INFOW *want)
{
    size_t i;
    for (i = 0; i < c->count; i++)
        if (c->entries[i].info.ProtocolChain.ChainLen != LAYERED_PROTOCOL &&
            catmodel__same_triple(&c->entries[i].info, want))
            break;
    return i;
}

/* Marks the top-most entry serving each element of the list (duplicates
 * ignored); returns how many entries are marked, or -WSAEINVAL when an element
 * has none. */
static int catmodel__targets_listed(const catfile_catalog_t *c, const catmodel__lsp_t *l,
                                    unsigned char *mark)
{
    int nt = 0;
    for (DWORD i = 0; i < l->n; i++) {
        size_t t = catmodel__top(c, &l->list[i]);
        if (t == c->count)
            return -WSAEINVAL;
        nt += !mark[t];
        mark[t] = 1;
    }
    return nt;
}

/* For each protocol of the base entries, marks its first base entry or, with
 * over_top, the top-most entry serving it; one mark per protocol, since a
 * chain over a second base entry of a protocol would never be reached (the
 * reference: no "inaccessible duplicate provider entries"). Returns how many
 * entries are marked, or -WSANO_RECOVERY when there is no base entry. */
static int catmodel__targets_base(const catfile_catalog_t *c, int over_top, unsigned char *mark)
{
    int nt = 0;
    for (size_t i = 0; i < c->count; i++) {
        const WSAPROTOCOL_INFOW *p = &c->entries[i].info;
        size_t j, t;
        if (p->ProtocolChain.ChainLen != BASE_PROTOCOL)
            continue;
        for (j = 0; j < i; j++)
            if (c->entries[j].info.ProtocolChain.ChainLen == BASE_PROTOCOL &&
                catmodel__same_triple(&c->entries[j].info, p))
                break;
        if (j < i)
            continue;
        t = over_top ? catmodel__top(c, p) : i;
        nt += !mark[t];
        mark[t] = 1;
    }
    return nt ? nt : -WSANO_RECOVERY;
}

/* Marks the entries to layer over; returns their number or, negated, the error. */
static int catmodel__targets(const catfile_catalog_t *c, const catmodel__lsp_t *l,
                             unsigned char *mark)
{
    memset(mark, 0, CATFILE_MAX_ENTRIES);
    return l->list ? catmodel__targets_listed(c, l, mark)
                   : catmodel__targets_base(c, l->over_top, mark);
}

static int catmodel__guid_used(const catfile_entry_t *a, size_t n, const GUID *g)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (IsEqualGUID(&a[i].info.ProviderId, g))
            return 1;
    return 0;
}

/* A GUID of its own for the chain over `lower_id`: repeatable, and unused in
 * the `n` entries given. */
static GUID catmodel__chain_guid(const catfile_entry_t *a, size_t n, const GUID *lsp,
                                 DWORD lower_id)
{
    GUID g = *lsp;
    g.Data2 ^= (WORD)(lower_id & 0xffff);
    g.Data3 ^= (WORD)(lower_id >> 16) ^ 0x5a5a;
    while (catmodel__guid_used(a, n, &g))
        g.Data4[7]++;
    return g;
}

static void catmodel__chain_name(WCHAR *out, const WCHAR *lsp, const WCHAR *lower)
{
    _snwprintf(out, WSAPROTOCOL_LEN, L"%ls over [%ls]", lsp, lower);
    out[WSAPROTOCOL_LEN] = 0;
}

/* The layered entry: a copy of the first entry layered over, marked as the
 * SDK sample marks its "dummy hidden" entry (see catmodel.h). */
static void catmodel__make_layered(catfile_entry_t *e, const catfile_entry_t *first,
                                   const catmodel__lsp_t *l, const WCHAR *path, DWORD id)
{
    *e = *first;
    memset(&e->info.ProtocolChain, 0, sizeof(e->info.ProtocolChain));
    e->info.ProviderId = *l->guid;
    e->info.dwCatalogEntryId = id;
    e->info.dwProviderFlags =
        (first->info.dwProviderFlags | PFL_HIDDEN) & ~(DWORD)PFL_MATCHES_PROTOCOL_ZERO;
    if (l->link == CATMODEL_LINK_CHAIN) {
        e->info.dwServiceFlags1 =
            (first->info.dwServiceFlags1 & ~(DWORD)XP1_IFS_HANDLES) | (l->flags & XP1_IFS_HANDLES);
        e->info.iSocketType = 0;
        e->info.iProtocol = 0;
    } else {
        e->info.dwServiceFlags1 = l->flags;
    }
    wcscpy(e->info.szProtocol, l->name);
    wcscpy(e->path, path);
    e->lsp_categories = 0;
}

static void catmodel__make_chain(catfile_entry_t *e, const catfile_entry_t *lower,
                                 const catfile_entry_t *layered, catmodel_link_t link, DWORD id)
{
    const WSAPROTOCOLCHAIN *low = &lower->info.ProtocolChain;
    WSAPROTOCOLCHAIN *ch = &e->info.ProtocolChain;

    *e = *lower;
    ch->ChainEntries[0] = layered->info.dwCatalogEntryId;
    memcpy(&ch->ChainEntries[1], low->ChainEntries, (size_t)low->ChainLen * sizeof(DWORD));
    /* A base entry is named by its own id, whatever its ChainEntries[0] holds. */
    if (link == CATMODEL_LINK_CHAIN || low->ChainLen == BASE_PROTOCOL)
        ch->ChainEntries[1] = lower->info.dwCatalogEntryId;
    ch->ChainLen = low->ChainLen + 1;
    e->info.dwServiceFlags1 = (lower->info.dwServiceFlags1 & ~(DWORD)XP1_IFS_HANDLES) |
                              (layered->info.dwServiceFlags1 & XP1_IFS_HANDLES);
    e->info.dwCatalogEntryId = id;
    memset(&e->info.ProviderId, 0, sizeof(GUID));
    catmodel__chain_name(e->info.szProtocol, layered->info.szProtocol, lower->info.szProtocol);
    wcscpy(e->path, layered->path);
    e->lsp_categories = 0;
}

static int catmodel__name_used(const catfile_catalog_t *c, const WCHAR *name)
{
    size_t i;
    for (i = 0; i < c->count; i++)
        if (wcscmp(c->entries[i].info.szProtocol, name) == 0)
            return 1;
    return 0;
}

/* Installs the LSP into one catalog with ids from `first`: the layered entry
 * first, then the chains. The new catalog is: the chains, the old entries, the
 * layered entry. *used gets the number of ids taken. */
static int catmodel__install_chains(catfile_catalog_t *c, const catmodel__lsp_t *l,
                                    const WCHAR *path, DWORD first, DWORD *used)
{
    unsigned char mark[CATFILE_MAX_ENTRIES];
    size_t i, k = 0, total;
    catfile_entry_t *out, *layered = NULL;
    int nt;

    if (catmodel__find_guid(c, l->guid) || catmodel__name_used(c, l->name))
        return WSAEINVAL;
    if ((nt = catmodel__targets(c, l, mark)) < 0)
        return -nt;
    for (i = 0; i < c->count; i++)
        if (mark[i] && c->entries[i].info.ProtocolChain.ChainLen >= MAX_PROTOCOL_CHAIN)
            return WSANO_RECOVERY;
    total = (size_t)nt + c->count + 1;
    if (total > CATFILE_MAX_ENTRIES)
        return WSA_NOT_ENOUGH_MEMORY;
    out = calloc(total, sizeof(*out));
    if (!out)
        return WSA_NOT_ENOUGH_MEMORY;
    memcpy(&out[nt], c->entries, c->count * sizeof(*out));
    layered = &out[total - 1];
    for (i = 0; i < c->count; i++) {
        const catfile_entry_t *lower = &c->entries[i];
        if (!mark[i])
            continue;
        if (k == 0)
            catmodel__make_layered(layered, lower, l, path, first);
        catmodel__make_chain(&out[k], lower, layered, l->link, first + 1 + (DWORD)k);
        out[k].info.ProviderId =
            catmodel__chain_guid(out, total, l->guid, lower->info.dwCatalogEntryId);
        k++;
    }
    memcpy(c->entries, out, total * sizeof(*out));
    c->count = total;
    *used = 1 + (DWORD)nt;
    free(out);
    return 0;
}

/* One call that installs an LSP into one catalog (`both` 0, the native one)
 * or both; *id_out gets the layered entry's id. */
static int catmodel__install_lsp(int both, const catmodel__lsp_t *l, const WCHAR *path,
                                 const WCHAR *path32, LPDWORD id_out, LPINT lpErrno)
{
    catfile_t *cf;
    DWORD first, used = 0, used32 = 0;
    int err;

    if (!l->guid || !path || !l->name || (l->list && l->n == 0))
        return catmodel__result(WSAEINVAL, lpErrno);
    if (!path32)
        path32 = path;
    if (!catmodel__valid_path(path) || !catmodel__valid_path(path32) || !l->name[0] ||
        !catfile_valid_string(l->name, WSAPROTOCOL_LEN + 1))
        return catmodel__result(WSAEINVAL, lpErrno);
    if ((err = catmodel__open(&cf)) != 0)
        return catmodel__result(err, lpErrno);
    first = catmodel__first_id(cf, both);
    if (both)
        err = catmodel__install_chains(&cf->cat[CATFILE_64], l, path, first, &used);
    if (!err)
        err = catmodel__install_chains(&cf->cat[both ? CATFILE_32 : CATMODEL_NATIVE], l,
                                       both ? path32 : path, first, &used32);
    if (!err)
        catmodel__used_ids(cf, both, first, used > used32 ? used : used32);
    err = catmodel__close(cf, err, 1);
    if (!err && id_out)
        *id_out = first;
    return catmodel__result(err, lpErrno);
}

int WSPAPI catmodel_WSCInstallProviderAndChains(LPGUID lpProviderId,
                                                const LPWSTR lpszProviderDllPath,
                                                const LPWSTR lpszLspName, DWORD dwServiceFlags,
                                                LPWSAPROTOCOL_INFOW lpProtocolInfoList,
                                                DWORD dwNumberOfEntries, LPDWORD lpdwCatalogEntryId,
                                                LPINT lpErrno)
{
    catmodel__lsp_t l = {.guid = lpProviderId,
                         .name = lpszLspName,
                         .flags = dwServiceFlags,
                         .list = lpProtocolInfoList,
                         .n = dwNumberOfEntries,
                         .link = CATMODEL_LINK_LAYERED};
    return catmodel__install_lsp(0, &l, lpszProviderDllPath, NULL, lpdwCatalogEntryId, lpErrno);
}

int WSPAPI catmodel_WSCInstallProviderAndChains64_32(
    LPGUID lpProviderId, const LPWSTR lpszProviderDllPath, const LPWSTR lpszProviderDllPath32,
    const LPWSTR lpszLspName, DWORD dwServiceFlags, LPWSAPROTOCOL_INFOW lpProtocolInfoList,
    DWORD dwNumberOfEntries, LPDWORD lpdwCatalogEntryId, LPINT lpErrno)
{
    catmodel__lsp_t l = {.guid = lpProviderId,
                         .name = lpszLspName,
                         .flags = dwServiceFlags,
                         .list = lpProtocolInfoList,
                         .n = dwNumberOfEntries,
                         .link = CATMODEL_LINK_LAYERED};
    return catmodel__install_lsp(1, &l, lpszProviderDllPath, lpszProviderDllPath32,
                                 lpdwCatalogEntryId, lpErrno);
}

int catmodel_install_lsp_over(LPGUID guid, const WCHAR *dll64, const WCHAR *dll32,
                              const WCHAR *name, DWORD service_flags, catmodel_link_t link,
                              LPDWORD layered_id, LPINT lpErrno)
{
    catmodel__lsp_t l = {
        .guid = guid, .name = name, .flags = service_flags, .over_top = 1, .link = link};
    if (link != CATMODEL_LINK_LAYERED && link != CATMODEL_LINK_CHAIN)
        return catmodel__result(WSAEINVAL, lpErrno);
    return catmodel__install_lsp(1, &l, dll64, dll32, layered_id, lpErrno);
}

static int catmodel__deinstall(catfile_which_t which, LPGUID guid, LPINT lpErrno)
{
    catfile_t *cf;
    size_t i, kept = 0;
    int err;

    if (!guid)
        return catmodel__result(WSAEFAULT, lpErrno);
    if ((err = catmodel__open(&cf)) != 0)
        return catmodel__result(err, lpErrno);
    catfile_catalog_t *c = &cf->cat[which];
    for (i = 0; i < c->count; i++)
        if (!IsEqualGUID(&c->entries[i].info.ProviderId, guid))
            c->entries[kept++] = c->entries[i];
    err = kept == c->count ? WSAEINVAL : 0;
    c->count = kept;
    return catmodel__result(catmodel__close(cf, err, 1), lpErrno);
}

int WSPAPI catmodel_WSCDeinstallProvider(LPGUID lpProviderId, LPINT lpErrno)
{
    return catmodel__deinstall(CATMODEL_NATIVE, lpProviderId, lpErrno);
}

int WSPAPI catmodel_WSCDeinstallProvider32(LPGUID lpProviderId, LPINT lpErrno)
{
    return catmodel__deinstall(CATFILE_32, lpProviderId, lpErrno);
}

static int catmodel__reorder(catfile_catalog_t *c, const DWORD *ids, DWORD n)
{
    catfile_entry_t *sorted;
    DWORD i, k;
    size_t j;
    int err = 0;

    if (n != c->count)
        return WSAEINVAL;
    sorted = malloc((n ? n : 1) * sizeof(*sorted));
    if (!sorted)
        return WSA_NOT_ENOUGH_MEMORY;
    for (i = 0; i < n && !err; i++) {
        for (j = 0; j < c->count && c->entries[j].info.dwCatalogEntryId != ids[i]; j++)
            ;
        for (k = 0; k < i && ids[k] != ids[i]; k++)
            ;
        /* With equal counts, an unknown or repeated id means one is missing. */
        if (j == c->count || k < i)
            err = WSAEINVAL;
        else
            sorted[i] = c->entries[j];
    }
    if (!err)
        memcpy(c->entries, sorted, n * sizeof(*sorted));
    free(sorted);
    return err;
}

static int catmodel__write_order(catfile_which_t which, LPDWORD ids, DWORD n)
{
    catfile_t *cf;
    int err;

    if (!ids)
        return WSAEINVAL;
    if ((err = catmodel__open(&cf)) != 0)
        return err;
    err = catmodel__reorder(&cf->cat[which], ids, n);
    return catmodel__close(cf, err, 1);
}

int WSPAPI catmodel_WSCWriteProviderOrder(LPDWORD lpwdCatalogEntryId, DWORD dwNumberOfEntries)
{
    return catmodel__write_order(CATMODEL_NATIVE, lpwdCatalogEntryId, dwNumberOfEntries);
}

int WSPAPI catmodel_WSCWriteProviderOrder32(LPDWORD lpwdCatalogEntryId, DWORD dwNumberOfEntries)
{
    return catmodel__write_order(CATFILE_32, lpwdCatalogEntryId, dwNumberOfEntries);
}

/* ---- categories ---- */

static int catmodel__info_args(LPGUID guid, WSC_PROVIDER_INFO_TYPE type, DWORD flags)
{
    if (!guid)
        return WSAEFAULT;
    if (type == ProviderInfoAudit)
        return ERROR_CALL_NOT_IMPLEMENTED;
    if (type != ProviderInfoLspCategories || flags != 0)
        return WSAEINVAL;
    return 0;
}

static int catmodel__set_info(catfile_which_t which, LPGUID guid, WSC_PROVIDER_INFO_TYPE type,
                              PBYTE info, size_t size, DWORD flags, LPINT lpErrno)
{
    catfile_t *cf;
    DWORD value;
    size_t i, hits = 0;
    int err = catmodel__info_args(guid, type, flags);

    if (!err && !info)
        err = WSAEFAULT;
    if (!err && size != sizeof(DWORD))
        err = WSAEINVAL;
    if (err || (err = catmodel__open(&cf)) != 0)
        return catmodel__result(err, lpErrno);
    memcpy(&value, info, sizeof(value));
    catfile_catalog_t *c = &cf->cat[which];
    for (i = 0; i < c->count; i++)
        if (IsEqualGUID(&c->entries[i].info.ProviderId, guid)) {
            c->entries[i].lsp_categories = value;
            hits++;
        }
    return catmodel__result(catmodel__close(cf, hits ? 0 : WSAEINVALIDPROVIDER, 1), lpErrno);
}

static int catmodel__get_info(catfile_which_t which, LPGUID guid, WSC_PROVIDER_INFO_TYPE type,
                              PBYTE info, size_t *size, DWORD flags, LPINT lpErrno)
{
    catfile_t *cf;
    catfile_entry_t *e;
    int err = catmodel__info_args(guid, type, flags);

    if (!err && !size)
        err = WSAEFAULT;
    if (err || (err = catmodel__open(&cf)) != 0)
        return catmodel__result(err, lpErrno);
    e = catmodel__find_guid(&cf->cat[which], guid);
    if (!e) {
        err = WSAEINVALIDPROVIDER;
    } else if (!info || *size < sizeof(DWORD)) {
        *size = sizeof(DWORD);
        err = WSAEFAULT;
    } else {
        memcpy(info, &e->lsp_categories, sizeof(DWORD));
        *size = sizeof(DWORD);
    }
    return catmodel__result(catmodel__close(cf, err, 0), lpErrno);
}

int WSPAPI catmodel_WSCSetProviderInfo(LPGUID lpProviderId, WSC_PROVIDER_INFO_TYPE InfoType,
                                       PBYTE Info, size_t InfoSize, DWORD Flags, LPINT lpErrno)
{
    return catmodel__set_info(CATMODEL_NATIVE, lpProviderId, InfoType, Info, InfoSize, Flags,
                              lpErrno);
}

int WSPAPI catmodel_WSCSetProviderInfo32(LPGUID lpProviderId, WSC_PROVIDER_INFO_TYPE InfoType,
                                         PBYTE Info, size_t InfoSize, DWORD Flags, LPINT lpErrno)
{
    return catmodel__set_info(CATFILE_32, lpProviderId, InfoType, Info, InfoSize, Flags, lpErrno);
}

int WSPAPI catmodel_WSCGetProviderInfo(LPGUID lpProviderId, WSC_PROVIDER_INFO_TYPE InfoType,
                                       PBYTE Info, size_t *InfoSize, DWORD Flags, LPINT lpErrno)
{
    return catmodel__get_info(CATMODEL_NATIVE, lpProviderId, InfoType, Info, InfoSize, Flags,
                              lpErrno);
}

int WSPAPI catmodel_WSCGetProviderInfo32(LPGUID lpProviderId, WSC_PROVIDER_INFO_TYPE InfoType,
                                         PBYTE Info, size_t *InfoSize, DWORD Flags, LPINT lpErrno)
{
    return catmodel__get_info(CATFILE_32, lpProviderId, InfoType, Info, InfoSize, Flags, lpErrno);
}

/* Copies a counted string into a field; 0 when it does not fit or is invalid. */
static int catmodel__counted(WCHAR *out, LPCWSTR s, DWORD n)
{
    if (n >= MAX_PATH || (n && !s))
        return 0;
    if (n)
        memcpy(out, s, n * sizeof(WCHAR));
    out[n] = 0;
    return wcslen(out) == n && catfile_valid_string(out, MAX_PATH);
}

static catfile_app_t *catmodel__find_app(catfile_t *cf, const catfile_app_t *key)
{
    size_t i;
    for (i = 0; i < cf->app_count; i++)
        if (_wcsicmp(cf->apps[i].path, key->path) == 0 &&
            wcscmp(cf->apps[i].extra, key->extra) == 0)
            return &cf->apps[i];
    return NULL;
}

static int catmodel__app_key(catfile_app_t *key, LPCWSTR path, DWORD plen, LPCWSTR extra,
                             DWORD elen)
{
    memset(key, 0, sizeof(*key));
    if (!path || plen == 0 || !catmodel__counted(key->path, path, plen) ||
        !catmodel__counted(key->extra, extra, elen))
        return WSAEINVAL;
    return 0;
}

int WSPAPI catmodel_WSCSetApplicationCategory(LPCWSTR Path, DWORD PathLength, LPCWSTR Extra,
                                              DWORD ExtraLength, DWORD PermittedLspCategories,
                                              DWORD *pPrevPermLspCat, LPINT lpErrno)
{
    catfile_app_t key;
    catfile_app_t *app;
    catfile_t *cf;
    DWORD prev = 0;
    int err = catmodel__app_key(&key, Path, PathLength, Extra, ExtraLength);

    if (err || (err = catmodel__open(&cf)) != 0)
        return catmodel__result(err, lpErrno);
    app = catmodel__find_app(cf, &key);
    if (app) {
        prev = app->categories;
    } else if (cf->app_count < CATFILE_MAX_APPS) {
        app = &cf->apps[cf->app_count++];
        *app = key;
    } else {
        err = WSA_NOT_ENOUGH_MEMORY;
    }
    if (app)
        app->categories |= PermittedLspCategories;
    err = catmodel__close(cf, err, 1);
    if (!err && pPrevPermLspCat)
        *pPrevPermLspCat = prev;
    return catmodel__result(err, lpErrno);
}

int WSPAPI catmodel_WSCGetApplicationCategory(LPCWSTR Path, DWORD PathLength, LPCWSTR Extra,
                                              DWORD ExtraLength, DWORD *pPermittedLspCategories,
                                              LPINT lpErrno)
{
    catfile_app_t key;
    catfile_app_t *app;
    catfile_t *cf;
    int err = catmodel__app_key(&key, Path, PathLength, Extra, ExtraLength);

    if (!err && !pPermittedLspCategories)
        err = WSAEFAULT;
    if (err || (err = catmodel__open(&cf)) != 0)
        return catmodel__result(err, lpErrno);
    app = catmodel__find_app(cf, &key);
    if (app)
        *pPermittedLspCategories = app->categories;
    return catmodel__result(catmodel__close(cf, app ? 0 : WSASERVICE_NOT_FOUND, 0), lpErrno);
}
