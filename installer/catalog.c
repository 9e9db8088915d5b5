#include "catalog.h"

#include <sporder.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"

/* The function behind each operation in each catalog. A 64-bit process reaches
 * the 32-bit catalog through the *32 functions; a 32-bit process has only the
 * one catalog its plain functions serve. There is no WSCInstallProvider32:
 * WSCInstallProvider64_32 writes both catalogs (see catalog_install). */
// clang-format off
#ifdef _WIN64
#define CATALOG__PAIR(plain, in32) {plain, in32}
#define CATALOG__CHAINS            "WSCInstallProviderAndChains64_32"
#define CATALOG__CHAINS_FN         WSCInstallProviderAndChains64_32
#define CATALOG__PRESENT           CATALOG_BOTH
#else
#define CATALOG__PAIR(plain, in32) {NULL, plain}
#define CATALOG__CHAINS            "WSCInstallProviderAndChains"
#define CATALOG__CHAINS_FN         WSCInstallProviderAndChains
#define CATALOG__PRESENT           CATALOG_BIT(CATALOG_32)
#endif
static const char *const catalog__names[CATALOG_OP_COUNT][CATALOG_COUNT] = {
    [CATALOG_OP_ENUMERATE] = CATALOG__PAIR("WSCEnumProtocols", "WSCEnumProtocols32"),
    [CATALOG_OP_PATH] = CATALOG__PAIR("WSCGetProviderPath", "WSCGetProviderPath32"),
    [CATALOG_OP_INSTALL] = CATALOG__PAIR("WSCInstallProvider", "WSCInstallProvider64_32"),
    [CATALOG_OP_INSTALL_CHAINS] = CATALOG__PAIR(CATALOG__CHAINS, CATALOG__CHAINS),
    [CATALOG_OP_DEINSTALL] = CATALOG__PAIR("WSCDeinstallProvider", "WSCDeinstallProvider32"),
    [CATALOG_OP_WRITE_ORDER] = CATALOG__PAIR("WSCWriteProviderOrder", "WSCWriteProviderOrder32"),
    [CATALOG_OP_GET_CATEGORY] = CATALOG__PAIR("WSCGetProviderInfo", "WSCGetProviderInfo32"),
    [CATALOG_OP_SET_CATEGORY] = CATALOG__PAIR("WSCSetProviderInfo", "WSCSetProviderInfo32"),
    [CATALOG_OP_SET_APP] = CATALOG__PAIR("WSCSetApplicationCategory", "WSCSetApplicationCategory"),
    [CATALOG_OP_GET_APP] = CATALOG__PAIR("WSCGetApplicationCategory", "WSCGetApplicationCategory"),
};
// clang-format on

const char *catalog_name(catalog_which_t w)
{
    return w == CATALOG_64 ? "64-bit" : "32-bit";
}

int catalog_fail(catalog_t *cat, catalog_fail_t kind, const char *call, int code, const char *fmt,
                 ...)
{
    catalog_error_t *e = &cat->error;
    va_list ap;

    e->kind = kind;
    e->code = code;
    snprintf(e->call, sizeof e->call, "%s", call);
    va_start(ap, fmt);
    vsnprintf(e->detail, sizeof e->detail, fmt, ap);
    va_end(ap);
    return -1;
}

size_t catalog_describe_error(const catalog_t *cat, char *buf, size_t n)
{
    static const char *const says[] = {
        [CATALOG_FAILED] = " failed with ",
        [CATALOG_MISSING] = " is missing from ws2_32.dll",
        [CATALOG_NO_EFFECT] = " reported success but did nothing",
        [CATALOG_UNSUPPORTED] = ": not possible here",
    };
    const catalog_error_t *e = &cat->error;
    char code[64] = "";
    int len;

    if (e->kind == CATALOG_OK || (size_t)e->kind >= sizeof says / sizeof says[0])
        len = snprintf(buf, n, "no catalog error");
    else {
        if (e->kind == CATALOG_FAILED)
            out_code(e->code, code, sizeof code);
        len = snprintf(buf, n, "%s%s%s (%s)", e->call, says[e->kind], code, e->detail);
    }
    return len < 0 ? 0 : (size_t)len;
}

static const char *catalog__name(catalog_op_t op, catalog_which_t w)
{
    const char *name = catalog__names[op][w];

    return name ? name : "?";
}

static int catalog__missing(catalog_t *cat, catalog_op_t op, catalog_which_t w)
{
    return catalog_fail(cat, CATALOG_MISSING, catalog__name(op, w), 0, "needed for the %s catalog",
                        catalog_name(w));
}

/* The call for op in catalog w returned code. what is a format taking the
 * provider's GUID when id is given, then the catalog's name. */
static int catalog__failed(catalog_t *cat, catalog_op_t op, catalog_which_t w, int code,
                           const char *what, const GUID *id)
{
    char gs[XLAT_GUID_LEN];

    return catalog_fail(cat, CATALOG_FAILED, catalog__name(op, w), code, what,
                        id ? out_guid(id, gs) : catalog_name(w), catalog_name(w));
}

/* The function for op in catalog w, named as the call reached it; NULL, with
 * cat->error set, when this ws2_32.dll lacks it. */
static FARPROC catalog__fn(catalog_t *cat, catalog_op_t op, catalog_which_t w)
{
    FARPROC p = cat->fn[op][w];

    if (!p)
        catalog__missing(cat, op, w);
    else
        snprintf(cat->last_call, sizeof cat->last_call, "%s", catalog__name(op, w));
    return p;
}

/* Every call starts here, so a stale error is never reported: NULL when the
 * call is refused (this system lacks catalog w, before_call fails it) or
 * the function is missing; else the function. */
static FARPROC catalog__open(catalog_t *cat, catalog_op_t op, catalog_which_t w, unsigned bits)
{
    memset(&cat->error, 0, sizeof cat->error);
    cat->last_call[0] = 0;
    if (bits == 0 || (bits & ~cat->catalogs)) {
        if (op == CATALOG_OP_INSTALL)
            catalog_fail(cat, CATALOG_UNSUPPORTED, "catalog", 0,
                         "asked to install into a catalog this system does not have");
        else
            catalog_fail(cat, CATALOG_UNSUPPORTED, "catalog", 0, "this system has no %s catalog",
                         catalog_name(w));
        return NULL;
    }
    if (cat->before_call && cat->before_call(cat))
        return NULL;
    return catalog__fn(cat, op, w);
}

/* A cast through void (*)(void) is the documented way to convert between
 * function pointer types without -Wcast-function-type. */
#define CATALOG__AS(type, p) ((type)(void (*)(void))(p))

/* Declares fn, the function for op in catalog w, of the type ws2spi.h or
 * sporder.h declares wsc with (a *32 function has its plain twin's), or
 * returns -1 (cat->error set) from the calling function when the call cannot
 * be made. The WSC* functions take GUIDs they only read as LPGUID. */
#define CATALOG__OPEN(wsc, fn, op, w)                                                              \
    __typeof__(&wsc) fn =                                                                          \
        CATALOG__AS(__typeof__(&wsc), catalog__open(cat, op, w, CATALOG_BIT(w)));                  \
    if (!fn)                                                                                       \
    return -1

int catalog_supports(catalog_t *cat, catalog_op_t op, catalog_which_t w)
{
    memset(&cat->error, 0, sizeof cat->error);
    if (!(cat->catalogs & CATALOG_BIT(w)))
        return catalog_fail(cat, CATALOG_UNSUPPORTED, "catalog", 0, "this system has no %s catalog",
                            catalog_name(w)) == 0;
    if (!cat->fn[op][w])
        return catalog__missing(cat, op, w) == 0;
#ifdef _WIN64
    /* Installing into the 32-bit catalog alone takes WSCDeinstallProvider too. */
    if (op == CATALOG_OP_INSTALL && w == CATALOG_32 && !cat->fn[CATALOG_OP_DEINSTALL][CATALOG_64])
        return catalog__missing(cat, CATALOG_OP_DEINSTALL, CATALOG_64) == 0;
#endif
    /* What WSCSetApplicationCategory wrote is read back: Wine's returns
     * success and keeps nothing, and a change nobody can see is not done. */
    if (op == CATALOG_OP_SET_APP && !cat->fn[CATALOG_OP_GET_APP][w])
        return catalog__missing(cat, CATALOG_OP_GET_APP, w) == 0;
    return 1;
}

static int catalog__enumerate(catalog_t *cat, LPWSCENUMPROTOCOLS fn, catalog_which_t w,
                              WSAPROTOCOL_INFOW **out, size_t *count)
{
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
            return catalog__failed(cat, CATALOG_OP_ENUMERATE, w, err, "reading the %s catalog",
                                   NULL);
        buf = malloc(size ? size : sizeof *buf);
        if (!buf)
            return catalog__failed(cat, CATALOG_OP_ENUMERATE, w, WSA_NOT_ENOUGH_MEMORY,
                                   "reading the %s catalog", NULL);
    }
    free(buf);
    return catalog__failed(cat, CATALOG_OP_ENUMERATE, w, WSAENOBUFS,
                           "the %s catalog kept changing while it was read", NULL);
}

int catalog_enumerate(catalog_t *cat, catalog_which_t w, WSAPROTOCOL_INFOW **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    CATALOG__OPEN(WSCEnumProtocols, fn, CATALOG_OP_ENUMERATE, w);
    return catalog__enumerate(cat, fn, w, out, count);
}

int catalog_path(catalog_t *cat, catalog_which_t w, const GUID *id, WCHAR *path, size_t cap)
{
    if (cap)
        path[0] = 0;
    CATALOG__OPEN(WSCGetProviderPath, fn, CATALOG_OP_PATH, w);
    WCHAR buf[MAX_PATH + 1] = {0};
    int len = MAX_PATH, err = 0;
    char gs[XLAT_GUID_LEN];

    if (fn((LPGUID)id, buf, &len, &err) == SOCKET_ERROR)
        return catalog__failed(cat, CATALOG_OP_PATH, w, err,
                               "path of provider %s in the %s catalog", id);
    buf[MAX_PATH] = 0;
    if (buf[0] == 0)
        return catalog_fail(cat, CATALOG_NO_EFFECT, catalog__name(CATALOG_OP_PATH, w), 0,
                            "no path written for provider %s", out_guid(id, gs));
    if (wcslen(buf) >= cap)
        return catalog__failed(cat, CATALOG_OP_PATH, w, WSAENOBUFS,
                               "path of provider %s is too long", id);
    wcscpy(path, buf);
    return 0;
}

static int catalog__install(catalog_t *cat, FARPROC p, const GUID *id, const WCHAR *path,
                            const WSAPROTOCOL_INFOW *infos, size_t count)
{
    int err = 0;
    char gs[XLAT_GUID_LEN];

    if (CATALOG__AS(LPWSCINSTALLPROVIDER, p)((LPGUID)id, path, (LPWSAPROTOCOL_INFOW)infos,
                                             (DWORD)count, &err) == SOCKET_ERROR)
        return catalog_fail(cat, CATALOG_FAILED, cat->last_call, err, "installing provider %s",
                            out_guid(id, gs));
    return 0;
}

static int catalog__deinstall(catalog_t *cat, FARPROC p, catalog_which_t w, const GUID *id)
{
    int err = 0;

    if (CATALOG__AS(LPWSCDEINSTALLPROVIDER, p)((LPGUID)id, &err) == SOCKET_ERROR)
        return catalog__failed(cat, CATALOG_OP_DEINSTALL, w, err,
                               "removing provider %s from the %s catalog", id);
    return 0;
}

#ifdef _WIN64
/* Windows has no call that installs into the 32-bit catalog alone: install
 * into both with WSCInstallProvider64_32 (p), then remove the 64-bit copy.
 * That is only right while the provider is absent from the 64-bit catalog. */
static int catalog__install32(catalog_t *cat, FARPROC p, const GUID *id, const WCHAR *path,
                              const WSAPROTOCOL_INFOW *infos, size_t count)
{
    FARPROC read = catalog__fn(cat, CATALOG_OP_ENUMERATE, CATALOG_64), remove;
    WSAPROTOCOL_INFOW *in64;
    size_t n64, i;
    char gs[XLAT_GUID_LEN];

    out_guid(id, gs);
    if (!read ||
        catalog__enumerate(cat, CATALOG__AS(LPWSCENUMPROTOCOLS, read), CATALOG_64, &in64, &n64))
        return -1;
    for (i = 0; i < n64 && !IsEqualGUID(&in64[i].ProviderId, id); i++)
        ;
    free(in64);
    if (i < n64)
        return catalog_fail(cat, CATALOG_UNSUPPORTED, "WSCInstallProvider64_32", 0,
                            "provider %s is in the 64-bit catalog, and Windows cannot install "
                            "into the 32-bit catalog alone",
                            gs);
    snprintf(cat->last_call, sizeof cat->last_call, "WSCInstallProvider64_32");
    if (catalog__install(cat, p, id, path, infos, count))
        return -1;
    remove = catalog__fn(cat, CATALOG_OP_DEINSTALL, CATALOG_64);
    if (!remove || catalog__deinstall(cat, remove, CATALOG_64, id)) {
        size_t len = strlen(cat->error.detail);

        snprintf(cat->error.detail + len, sizeof cat->error.detail - len,
                 "; provider %s is now also in the 64-bit catalog", gs);
        return -1;
    }
    snprintf(cat->last_call, sizeof cat->last_call, "WSCInstallProvider64_32");
    return 0;
}
#endif

int catalog_install(catalog_t *cat, unsigned which_bits, const GUID *id, const WCHAR *path,
                    const WSAPROTOCOL_INFOW *infos, size_t count)
{
    /* Both catalogs at once is WSCInstallProvider64_32, kept in the 32 slot;
     * a 32-bit lspctl's one catalog is the 32 slot too. */
    catalog_which_t w = which_bits == CATALOG_BIT(CATALOG_64) ? CATALOG_64 : CATALOG_32;
    FARPROC p = catalog__open(cat, CATALOG_OP_INSTALL, w, which_bits);

    if (!p)
        return -1;
#ifdef _WIN64
    if (which_bits == CATALOG_BIT(CATALOG_32))
        return catalog__install32(cat, p, id, path, infos, count);
#endif
    return catalog__install(cat, p, id, path, infos, count);
}

int catalog_install_chains(catalog_t *cat, const GUID *id, const WCHAR *path64, const WCHAR *path32,
                           const WCHAR *name, DWORD service_flags, const WSAPROTOCOL_INFOW *over,
                           size_t count)
{
    CATALOG__OPEN(CATALOG__CHAINS_FN, fn, CATALOG_OP_INSTALL_CHAINS, CATALOG_32);
    DWORD entry = 0;
    int err = 0, rc;

#ifdef _WIN64
    rc = fn((LPGUID)id, (LPWSTR)path64, (LPWSTR)path32, (LPWSTR)name, service_flags,
            (LPWSAPROTOCOL_INFOW)over, (DWORD)count, &entry, &err);
#else
    (void)path64;
    rc = fn((LPGUID)id, (LPWSTR)path32, (LPWSTR)name, service_flags, (LPWSAPROTOCOL_INFOW)over,
            (DWORD)count, &entry, &err);
#endif
    if (rc == SOCKET_ERROR)
        return catalog__failed(cat, CATALOG_OP_INSTALL_CHAINS, CATALOG_32, err,
                               "installing provider %s and its chains", id);
    return 0;
}

int catalog_deinstall(catalog_t *cat, catalog_which_t w, const GUID *id)
{
    FARPROC p = catalog__open(cat, CATALOG_OP_DEINSTALL, w, CATALOG_BIT(w));

    return p ? catalog__deinstall(cat, p, w, id) : -1;
}

int catalog_write_order(catalog_t *cat, catalog_which_t w, const DWORD *ids, size_t count)
{
    CATALOG__OPEN(WSCWriteProviderOrder, fn, CATALOG_OP_WRITE_ORDER, w);
    /* Unlike the other WSC* functions, this one returns its error code. */
    int rc = fn((LPDWORD)ids, (DWORD)count);

    if (rc != 0)
        return catalog__failed(cat, CATALOG_OP_WRITE_ORDER, w, rc,
                               "writing the order of the %s catalog", NULL);
    return 0;
}

int catalog_get_category(catalog_t *cat, catalog_which_t w, const GUID *id, DWORD *categories)
{
    *categories = 0;
    CATALOG__OPEN(WSCGetProviderInfo, fn, CATALOG_OP_GET_CATEGORY, w);
    DWORD value = 0;
    size_t size = sizeof value;
    int err = 0;

    if (fn((LPGUID)id, ProviderInfoLspCategories, (PBYTE)&value, &size, 0, &err) == SOCKET_ERROR)
        return catalog__failed(cat, CATALOG_OP_GET_CATEGORY, w, err,
                               "LSP categories of provider %s in the %s catalog", id);
    *categories = value;
    return 0;
}

int catalog_set_category(catalog_t *cat, catalog_which_t w, const GUID *id, DWORD categories)
{
    CATALOG__OPEN(WSCSetProviderInfo, fn, CATALOG_OP_SET_CATEGORY, w);
    int err = 0;

    if (fn((LPGUID)id, ProviderInfoLspCategories, (PBYTE)&categories, sizeof categories, 0, &err) ==
        SOCKET_ERROR)
        return catalog__failed(cat, CATALOG_OP_SET_CATEGORY, w, err,
                               "setting the LSP categories of provider %s in the %s catalog", id);
    return 0;
}

static int catalog__get_app(catalog_t *cat, FARPROC p, const WCHAR *path, DWORD *categories,
                            int *categorized)
{
    int err = 0;

    if (CATALOG__AS(__typeof__(&WSCGetApplicationCategory), p)(path, (DWORD)wcslen(path), NULL, 0,
                                                               categories, &err) == 0) {
        *categorized = 1;
        return 0;
    }
    if (err == WSASERVICE_NOT_FOUND) /* "not currently categorized" */
        return 0;
    return catalog_fail(cat, CATALOG_FAILED, "WSCGetApplicationCategory", err,
                        "reading the LSP categories a program permits");
}

int catalog_get_app(catalog_t *cat, const WCHAR *path, DWORD *categories, int *categorized)
{
    *categories = 0;
    *categorized = 0;
    FARPROC p = catalog__open(cat, CATALOG_OP_GET_APP, CATALOG_32, CATALOG_BIT(CATALOG_32));

    return p ? catalog__get_app(cat, p, path, categories, categorized) : -1;
}

int catalog_set_app(catalog_t *cat, const WCHAR *path, DWORD categories, DWORD *previous,
                    DWORD *now)
{
    *previous = *now = 0;
    CATALOG__OPEN(WSCSetApplicationCategory, set, CATALOG_OP_SET_APP, CATALOG_32);
    int err = 0, categorized;

    if (!cat->fn[CATALOG_OP_GET_APP][CATALOG_32]) /* no call made that cannot be read back */
        return catalog__missing(cat, CATALOG_OP_GET_APP, CATALOG_32);
    if (set(path, (DWORD)wcslen(path), NULL, 0, categories, previous, &err) == SOCKET_ERROR)
        return catalog_fail(cat, CATALOG_FAILED, "WSCSetApplicationCategory", err,
                            "setting the LSP categories a program permits");
    /* The read-back is named as the last call: a failure after this point
     * comes after the write. */
    if (catalog__get_app(cat, catalog__fn(cat, CATALOG_OP_GET_APP, CATALOG_32), path, now,
                         &categorized))
        return -1;
    if (!categorized || *now != (*previous | categories))
        return catalog_fail(cat, CATALOG_NO_EFFECT, "WSCSetApplicationCategory", 0,
                            "the program permits %s after the call",
                            categorized ? "other categories" : "no categories at all");
    return 0;
}

void catalog_close(catalog_t *cat)
{
    if (cat && cat->ws2)
        FreeLibrary(cat->ws2);
    free(cat);
}

/* NULL, with the error of a catalog that could not be opened. */
static catalog_t *catalog__unopened(catalog_error_t *error, int code, const char *call,
                                    const char *detail)
{
    catalog_t none = {0};

    catalog_fail(&none, CATALOG_FAILED, call, code, "%s", detail);
    *error = none.error;
    return NULL;
}

catalog_t *catalog_open_with(catalog_resolve_t resolve, void *ctx, catalog_error_t *error)
{
    catalog_t *cat = calloc(1, sizeof *cat);

    memset(error, 0, sizeof *error);
    if (!cat)
        return catalog__unopened(error, ERROR_NOT_ENOUGH_MEMORY, "calloc", "");
    for (int op = 0; op < CATALOG_OP_COUNT; op++)
        for (int w = 0; w < CATALOG_COUNT; w++)
            if (catalog__names[op][w])
                cat->fn[op][w] = (FARPROC)resolve(ctx, catalog__names[op][w]);
    cat->catalogs = CATALOG__PRESENT;
    return cat;
}

static catalog_fn_t catalog__proc(void *ctx, const char *name)
{
    return (catalog_fn_t)GetProcAddress((HMODULE)ctx, name);
}

catalog_t *catalog_open(catalog_error_t *error)
{
    HMODULE ws2 = LoadLibraryW(L"ws2_32.dll");
    catalog_t *cat;

    if (!ws2)
        return catalog__unopened(error, (int)GetLastError(), "LoadLibrary", "loading ws2_32.dll");
    cat = catalog_open_with(catalog__proc, ws2, error);
    if (!cat)
        FreeLibrary(ws2);
    else
        cat->ws2 = ws2;
    return cat;
}
