#include "wscat.h"

#include <sporder.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"

typedef int(WSPAPI *wscat_enum_fn)(LPINT, LPWSAPROTOCOL_INFOW, LPDWORD, LPINT);
typedef int(WSPAPI *wscat_path_fn)(LPGUID, WCHAR *, LPINT, LPINT);
typedef int(WSPAPI *wscat_install_fn)(LPGUID, const WCHAR *, LPWSAPROTOCOL_INFOW, DWORD, LPINT);
typedef int(WSPAPI *wscat_deinstall_fn)(LPGUID, LPINT);
typedef int(WSPAPI *wscat_order_fn)(LPDWORD, DWORD);
typedef int(WSPAPI *wscat_getinfo_fn)(LPGUID, WSC_PROVIDER_INFO_TYPE, PBYTE, size_t *, DWORD,
                                      LPINT);
typedef int(WSPAPI *wscat_setinfo_fn)(LPGUID, WSC_PROVIDER_INFO_TYPE, PBYTE, size_t, DWORD, LPINT);
typedef int(WSPAPI *wscat_setapp_fn)(LPCWSTR, DWORD, LPCWSTR, DWORD, DWORD, DWORD *, LPINT);
typedef int(WSPAPI *wscat_getapp_fn)(LPCWSTR, DWORD, LPCWSTR, DWORD, DWORD *, LPINT);
#ifdef _WIN64
typedef int(WSPAPI *wscat_chains_fn)(LPGUID, LPWSTR, LPWSTR, LPWSTR, DWORD, LPWSAPROTOCOL_INFOW,
                                     DWORD, LPDWORD, LPINT);
#else
typedef int(WSPAPI *wscat_chains_fn)(LPGUID, LPWSTR, LPWSTR, DWORD, LPWSAPROTOCOL_INFOW, DWORD,
                                     LPDWORD, LPINT);
#endif

/* The function behind each operation in each catalog. A 64-bit process reaches
 * the 32-bit catalog through the *32 functions; a 32-bit process has only the
 * one catalog its plain functions serve. There is no WSCInstallProvider32:
 * WSCInstallProvider64_32 writes both catalogs (see wscat__install). */
#ifdef _WIN64
#define WSCAT_PAIR(plain, in32)                                                                    \
    {                                                                                              \
        plain, in32                                                                                \
    }
#define WSCAT_CHAINS   "WSCInstallProviderAndChains64_32"
#define WSCAT_CATALOGS CATALOG_BOTH
#else
#define WSCAT_PAIR(plain, in32)                                                                    \
    {                                                                                              \
        NULL, plain                                                                                \
    }
#define WSCAT_CHAINS   "WSCInstallProviderAndChains"
#define WSCAT_CATALOGS CATALOG_BIT(CATALOG_32)
#endif
static const char *const wscat__names[CATALOG_OP_COUNT][CATALOG_COUNT] = {
    [CATALOG_OP_ENUMERATE] = WSCAT_PAIR("WSCEnumProtocols", "WSCEnumProtocols32"),
    [CATALOG_OP_PATH] = WSCAT_PAIR("WSCGetProviderPath", "WSCGetProviderPath32"),
    [CATALOG_OP_INSTALL] = WSCAT_PAIR("WSCInstallProvider", "WSCInstallProvider64_32"),
    [CATALOG_OP_INSTALL_CHAINS] = WSCAT_PAIR(WSCAT_CHAINS, WSCAT_CHAINS),
    [CATALOG_OP_DEINSTALL] = WSCAT_PAIR("WSCDeinstallProvider", "WSCDeinstallProvider32"),
    [CATALOG_OP_WRITE_ORDER] = WSCAT_PAIR("WSCWriteProviderOrder", "WSCWriteProviderOrder32"),
    [CATALOG_OP_GET_CATEGORY] = WSCAT_PAIR("WSCGetProviderInfo", "WSCGetProviderInfo32"),
    [CATALOG_OP_SET_CATEGORY] = WSCAT_PAIR("WSCSetProviderInfo", "WSCSetProviderInfo32"),
    [CATALOG_OP_SET_APP] = WSCAT_PAIR("WSCSetApplicationCategory", "WSCSetApplicationCategory"),
    [CATALOG_OP_GET_APP] = WSCAT_PAIR("WSCGetApplicationCategory", "WSCGetApplicationCategory"),
};

typedef struct wscat_t {
    catalog_t base;
    HMODULE ws2;
    FARPROC fn[CATALOG_OP_COUNT][CATALOG_COUNT];
} wscat_t;

static wscat_t *wscat__self(catalog_t *cat)
{
    return (wscat_t *)cat;
}

/* A cast through void (*)(void) is the documented way to convert between
 * function pointer types without -Wcast-function-type. */
#define WSCAT_FN(type, p) ((type)(void (*)(void))(p))

/* The typed function for op in catalog w, or a return of -1 (cat->error set)
 * from the calling function when this ws2_32.dll lacks it. */
#define WSCAT_ENTER(type, fn, op, w)                                                               \
    type fn = WSCAT_FN(type, wscat__enter(cat, op, w));                                            \
    if (!fn)                                                                                       \
    return -1

/* The call for op in catalog w returned code. */
#define WSCAT_FAILED(op, w, code, ...)                                                             \
    catalog_fail(cat, CATALOG_FAILED, wscat__name(op, w), code, __VA_ARGS__)

static const char *wscat__name(catalog_op_t op, catalog_which_t w)
{
    const char *name = wscat__names[op][w];
    return name ? name : "?";
}

static int wscat__missing(catalog_t *cat, catalog_op_t op, catalog_which_t w)
{
    return catalog_fail(cat, CATALOG_MISSING, wscat__name(op, w), 0, "needed for the %s catalog",
                        catalog_name(w));
}

/* The function for op in catalog w, named as the call reached; NULL, with
 * cat->error set, when this ws2_32.dll lacks it. */
static FARPROC wscat__enter(catalog_t *cat, catalog_op_t op, catalog_which_t w)
{
    FARPROC p = wscat__self(cat)->fn[op][w];

    if (!p) {
        wscat__missing(cat, op, w);
        return NULL;
    }
    catalog_called(cat, wscat__name(op, w));
    return p;
}

static int wscat__supports(catalog_t *cat, catalog_op_t op, catalog_which_t w)
{
    wscat_t *self = wscat__self(cat);

    if (!self->fn[op][w])
        return wscat__missing(cat, op, w) == 0;
#ifdef _WIN64
    /* Installing into the 32-bit catalog alone takes WSCDeinstallProvider too. */
    if (op == CATALOG_OP_INSTALL && w == CATALOG_32 && !self->fn[CATALOG_OP_DEINSTALL][CATALOG_64])
        return wscat__missing(cat, CATALOG_OP_DEINSTALL, CATALOG_64) == 0;
#endif
    /* What WSCSetApplicationCategory wrote is read back: Wine's returns
     * success and keeps nothing, and a change nobody can see is not done. */
    if (op == CATALOG_OP_SET_APP && !self->fn[CATALOG_OP_GET_APP][w])
        return wscat__missing(cat, CATALOG_OP_GET_APP, w) == 0;
    return 1;
}

static int wscat__enumerate(catalog_t *cat, catalog_which_t w, WSAPROTOCOL_INFOW **out,
                            size_t *count)
{
    WSCAT_ENTER(wscat_enum_fn, fn, CATALOG_OP_ENUMERATE, w);
    WSAPROTOCOL_INFOW *buf = NULL;
    DWORD size = 0;

    /* The catalog may grow between the sizing call and the reading call. */
    for (int attempt = 0; attempt < 4; attempt++) {
        int err = 0;
        int n = fn(NULL, buf, &size, &err);

        if (n != SOCKET_ERROR) {
            *out = buf;
            *count = (size_t)n;
            return 0;
        }
        free(buf);
        buf = NULL;
        if (err != WSAENOBUFS)
            return WSCAT_FAILED(CATALOG_OP_ENUMERATE, w, err, "reading the %s catalog",
                                catalog_name(w));
        buf = malloc(size ? size : sizeof *buf);
        if (!buf)
            return WSCAT_FAILED(CATALOG_OP_ENUMERATE, w, WSA_NOT_ENOUGH_MEMORY,
                                "reading the %s catalog", catalog_name(w));
    }
    free(buf);
    return WSCAT_FAILED(CATALOG_OP_ENUMERATE, w, WSAENOBUFS,
                        "the %s catalog kept changing while it was read", catalog_name(w));
}

static int wscat__path(catalog_t *cat, catalog_which_t w, const GUID *id, WCHAR *path, size_t cap)
{
    WSCAT_ENTER(wscat_path_fn, fn, CATALOG_OP_PATH, w);
    WCHAR buf[MAX_PATH + 1];
    int len = MAX_PATH, err = 0;
    GUID guid = *id;
    char gs[XLAT_GUID_LEN];

    out_guid(id, gs);
    buf[0] = 0;
    if (fn(&guid, buf, &len, &err) == SOCKET_ERROR)
        return WSCAT_FAILED(CATALOG_OP_PATH, w, err, "path of provider %s in the %s catalog", gs,
                            catalog_name(w));
    buf[MAX_PATH] = 0;
    if (buf[0] == 0)
        return catalog_fail(cat, CATALOG_NO_EFFECT, wscat__name(CATALOG_OP_PATH, w), 0,
                            "no path written for provider %s", gs);
    if (wcslen(buf) >= cap)
        return WSCAT_FAILED(CATALOG_OP_PATH, w, WSAENOBUFS, "path of provider %s is too long", gs);
    wcscpy(path, buf);
    return 0;
}

static int wscat__call_install(catalog_t *cat, FARPROC p, const char *name, const GUID *id,
                               const WCHAR *path, const WSAPROTOCOL_INFOW *infos, size_t count)
{
    wscat_install_fn fn = WSCAT_FN(wscat_install_fn, p);
    GUID guid = *id;
    int err = 0;
    char gs[XLAT_GUID_LEN];

    catalog_called(cat, name);
    out_guid(id, gs);
    if (fn(&guid, path, (LPWSAPROTOCOL_INFOW)infos, (DWORD)count, &err) == SOCKET_ERROR)
        return catalog_fail(cat, CATALOG_FAILED, name, err, "installing provider %s", gs);
    return 0;
}

static int wscat__deinstall(catalog_t *cat, catalog_which_t w, const GUID *id)
{
    WSCAT_ENTER(wscat_deinstall_fn, fn, CATALOG_OP_DEINSTALL, w);
    GUID guid = *id;
    int err = 0;
    char gs[XLAT_GUID_LEN];

    if (fn(&guid, &err) == SOCKET_ERROR)
        return WSCAT_FAILED(CATALOG_OP_DEINSTALL, w, err,
                            "removing provider %s from the %s catalog", out_guid(id, gs),
                            catalog_name(w));
    return 0;
}

#ifdef _WIN64
/* Windows has no call that installs into the 32-bit catalog alone: install
 * into both with WSCInstallProvider64_32, then remove the 64-bit copy. That is
 * only right while the provider is absent from the 64-bit catalog. */
static int wscat__install32(catalog_t *cat, const GUID *id, const WCHAR *path,
                            const WSAPROTOCOL_INFOW *infos, size_t count)
{
    wscat_t *self = wscat__self(cat);
    WSAPROTOCOL_INFOW *in64;
    size_t n64, i;
    char gs[XLAT_GUID_LEN];

    if (!self->fn[CATALOG_OP_INSTALL][CATALOG_32])
        return wscat__missing(cat, CATALOG_OP_INSTALL, CATALOG_32);
    out_guid(id, gs);
    if (wscat__enumerate(cat, CATALOG_64, &in64, &n64))
        return -1;
    for (i = 0; i < n64 && !IsEqualGUID(&in64[i].ProviderId, id); i++)
        ;
    free(in64);
    if (i < n64)
        return catalog_fail(cat, CATALOG_UNSUPPORTED, "WSCInstallProvider64_32", 0,
                            "provider %s is in the 64-bit catalog, and Windows cannot install "
                            "into the 32-bit catalog alone",
                            gs);
    if (wscat__call_install(cat, self->fn[CATALOG_OP_INSTALL][CATALOG_32],
                            "WSCInstallProvider64_32", id, path, infos, count))
        return -1;
    if (wscat__deinstall(cat, CATALOG_64, id)) {
        char detail[sizeof cat->error.detail];

        memcpy(detail, cat->error.detail, sizeof detail);
        return catalog_fail(cat, cat->error.kind, cat->error.call, cat->error.code,
                            "%s; provider %s is now also in the 64-bit catalog", detail, gs);
    }
    catalog_called(cat, "WSCInstallProvider64_32");
    return 0;
}
#endif

static int wscat__install(catalog_t *cat, unsigned which_bits, const GUID *id, const WCHAR *path,
                          const WSAPROTOCOL_INFOW *infos, size_t count)
{
    wscat_t *self = wscat__self(cat);
    catalog_which_t w = CATALOG_32;

#ifdef _WIN64
    if (which_bits == CATALOG_BIT(CATALOG_32))
        return wscat__install32(cat, id, path, infos, count);
    /* Both catalogs at once is WSCInstallProvider64_32, kept in the 32 slot. */
    w = which_bits == CATALOG_BOTH ? CATALOG_32 : CATALOG_64;
#else
    (void)which_bits;
#endif
    if (!self->fn[CATALOG_OP_INSTALL][w])
        return wscat__missing(cat, CATALOG_OP_INSTALL, w);
    return wscat__call_install(cat, self->fn[CATALOG_OP_INSTALL][w],
                               wscat__name(CATALOG_OP_INSTALL, w), id, path, infos, count);
}

static int wscat__install_chains(catalog_t *cat, const GUID *id, const WCHAR *path64,
                                 const WCHAR *path32, const WCHAR *name, DWORD service_flags,
                                 const WSAPROTOCOL_INFOW *over, size_t count)
{
    WSCAT_ENTER(wscat_chains_fn, fn, CATALOG_OP_INSTALL_CHAINS, CATALOG_32);
    GUID guid = *id;
    DWORD entry = 0;
    int err = 0, rc;
    char gs[XLAT_GUID_LEN];

#ifdef _WIN64
    rc = fn(&guid, (LPWSTR)path64, (LPWSTR)path32, (LPWSTR)name, service_flags,
            (LPWSAPROTOCOL_INFOW)over, (DWORD)count, &entry, &err);
#else
    (void)path64;
    rc = fn(&guid, (LPWSTR)path32, (LPWSTR)name, service_flags, (LPWSAPROTOCOL_INFOW)over,
            (DWORD)count, &entry, &err);
#endif
    if (rc == SOCKET_ERROR)
        return WSCAT_FAILED(CATALOG_OP_INSTALL_CHAINS, CATALOG_32, err,
                            "installing provider %s and its chains", out_guid(id, gs));
    return 0;
}

static int wscat__write_order(catalog_t *cat, catalog_which_t w, const DWORD *ids, size_t count)
{
    WSCAT_ENTER(wscat_order_fn, fn, CATALOG_OP_WRITE_ORDER, w);
    /* Unlike the other WSC* functions, this one returns its error code. */
    int rc = fn((LPDWORD)ids, (DWORD)count);

    if (rc != 0)
        return WSCAT_FAILED(CATALOG_OP_WRITE_ORDER, w, rc, "writing the order of the %s catalog",
                            catalog_name(w));
    return 0;
}

static int wscat__get_category(catalog_t *cat, catalog_which_t w, const GUID *id, DWORD *categories)
{
    WSCAT_ENTER(wscat_getinfo_fn, fn, CATALOG_OP_GET_CATEGORY, w);
    GUID guid = *id;
    DWORD value = 0;
    size_t size = sizeof value;
    int err = 0;
    char gs[XLAT_GUID_LEN];

    if (fn(&guid, ProviderInfoLspCategories, (PBYTE)&value, &size, 0, &err) == SOCKET_ERROR)
        return WSCAT_FAILED(CATALOG_OP_GET_CATEGORY, w, err,
                            "LSP categories of provider %s in the %s catalog", out_guid(id, gs),
                            catalog_name(w));
    *categories = value;
    return 0;
}

static int wscat__set_category(catalog_t *cat, catalog_which_t w, const GUID *id, DWORD categories)
{
    WSCAT_ENTER(wscat_setinfo_fn, fn, CATALOG_OP_SET_CATEGORY, w);
    GUID guid = *id;
    int err = 0;
    char gs[XLAT_GUID_LEN];

    if (fn(&guid, ProviderInfoLspCategories, (PBYTE)&categories, sizeof categories, 0, &err) ==
        SOCKET_ERROR)
        return WSCAT_FAILED(CATALOG_OP_SET_CATEGORY, w, err,
                            "setting the LSP categories of provider %s in the %s catalog",
                            out_guid(id, gs), catalog_name(w));
    return 0;
}

static int wscat__get_app(catalog_t *cat, const WCHAR *path, DWORD *categories, int *categorized)
{
    WSCAT_ENTER(wscat_getapp_fn, get, CATALOG_OP_GET_APP, CATALOG_32);
    int err = 0;

    if (get(path, (DWORD)wcslen(path), NULL, 0, categories, &err) == 0) {
        *categorized = 1;
        return 0;
    }
    if (err == WSASERVICE_NOT_FOUND) /* "not currently categorized" */
        return 0;
    return catalog_fail(cat, CATALOG_FAILED, "WSCGetApplicationCategory", err,
                        "reading the LSP categories a program permits");
}

static int wscat__set_app(catalog_t *cat, const WCHAR *path, DWORD categories, DWORD *previous,
                          DWORD *now)
{
    wscat_t *self = wscat__self(cat);
    wscat_setapp_fn set = WSCAT_FN(wscat_setapp_fn, self->fn[CATALOG_OP_SET_APP][CATALOG_32]);
    int err = 0, categorized;

    if (!set)
        return wscat__missing(cat, CATALOG_OP_SET_APP, CATALOG_32);
    if (!self->fn[CATALOG_OP_GET_APP][CATALOG_32]) /* no call made that cannot be read back */
        return wscat__missing(cat, CATALOG_OP_GET_APP, CATALOG_32);
    catalog_called(cat, "WSCSetApplicationCategory");
    if (set(path, (DWORD)wcslen(path), NULL, 0, categories, previous, &err) == SOCKET_ERROR)
        return catalog_fail(cat, CATALOG_FAILED, "WSCSetApplicationCategory", err,
                            "setting the LSP categories a program permits");
    if (wscat__get_app(cat, path, now, &categorized))
        return -1;
    if (!categorized || *now != (*previous | categories))
        return catalog_fail(cat, CATALOG_NO_EFFECT, "WSCSetApplicationCategory", 0,
                            "the program permits %s after the call",
                            categorized ? "other categories" : "no categories at all");
    return 0;
}

static void wscat__close(catalog_t *cat)
{
    wscat_t *self = wscat__self(cat);

    if (self->ws2)
        FreeLibrary(self->ws2);
    free(self);
}

static const catalog_ops_t wscat__ops = {
    .supports = wscat__supports,
    .enumerate = wscat__enumerate,
    .path = wscat__path,
    .install = wscat__install,
    .install_chains = wscat__install_chains,
    .deinstall = wscat__deinstall,
    .write_order = wscat__write_order,
    .get_category = wscat__get_category,
    .set_category = wscat__set_category,
    .set_app = wscat__set_app,
    .get_app = wscat__get_app,
    .close = wscat__close,
};

static catalog_t *wscat__failed(catalog_error_t *error, int code, const char *call,
                                const char *detail)
{
    memset(error, 0, sizeof *error);
    error->kind = CATALOG_FAILED;
    error->code = code;
    strcpy(error->call, call);
    strcpy(error->detail, detail);
    return NULL;
}

static catalog_t *wscat__open(HMODULE ws2, wscat_resolve_t resolve, void *ctx,
                              catalog_error_t *error)
{
    wscat_t *self = calloc(1, sizeof *self);
    int op, w;

    memset(error, 0, sizeof *error);
    if (!self)
        return wscat__failed(error, ERROR_NOT_ENOUGH_MEMORY, "calloc", "");
    self->ws2 = ws2;
    for (op = 0; op < CATALOG_OP_COUNT; op++)
        for (w = 0; w < CATALOG_COUNT; w++)
            if (wscat__names[op][w])
                self->fn[op][w] = (FARPROC)resolve(ctx, wscat__names[op][w]);
    self->base.ops = &wscat__ops;
    self->base.catalogs = WSCAT_CATALOGS;
    return &self->base;
}

catalog_t *wscat_open_with(wscat_resolve_t resolve, void *ctx, catalog_error_t *error)
{
    return wscat__open(NULL, resolve, ctx, error);
}

static wscat_fn_t wscat__proc(void *ctx, const char *name)
{
    return (wscat_fn_t)GetProcAddress((HMODULE)ctx, name);
}

catalog_t *wscat_open(catalog_error_t *error)
{
    HMODULE ws2 = LoadLibraryW(L"ws2_32.dll");
    catalog_t *cat;

    if (!ws2)
        return wscat__failed(error, (int)GetLastError(), "LoadLibrary", "loading ws2_32.dll");
    cat = wscat__open(ws2, wscat__proc, ws2, error);
    if (!cat)
        FreeLibrary(ws2);
    return cat;
}
