#include "catalog.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "out.h"

int catalog_has(const catalog_t *cat, catalog_which_t w)
{
    return (cat->catalogs & CATALOG_BIT(w)) != 0;
}

const char *catalog_name(catalog_which_t w)
{
    return w == CATALOG_64 ? "64-bit" : "32-bit";
}

void catalog_called(catalog_t *cat, const char *call)
{
    snprintf(cat->last_call, sizeof cat->last_call, "%s", call);
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
    const catalog_error_t *e = &cat->error;
    char code[64];
    int len;

    switch (e->kind) {
    case CATALOG_FAILED:
        out_code(e->code, code, sizeof code);
        len = snprintf(buf, n, "%s failed with %s (%s)", e->call, code, e->detail);
        break;
    case CATALOG_MISSING:
        len = snprintf(buf, n, "%s is missing from ws2_32.dll (%s)", e->call, e->detail);
        break;
    case CATALOG_NO_EFFECT:
        len = snprintf(buf, n, "%s reported success but did nothing (%s)", e->call, e->detail);
        break;
    case CATALOG_UNSUPPORTED:
        len = snprintf(buf, n, "%s: not possible here (%s)", e->call, e->detail);
        break;
    default:
        len = snprintf(buf, n, "no catalog error");
        break;
    }
    return len < 0 ? 0 : (size_t)len;
}

/* Each public call clears the last error first so a stale one is never reported. */
static void catalog__begin(catalog_t *cat)
{
    memset(&cat->error, 0, sizeof cat->error);
    cat->last_call[0] = 0;
}

/* The backend's op, unless before_call fails the call first. */
#define CATALOG__CALL(cat, op, ...)                                                                \
    ((cat)->before_call && (cat)->before_call(cat) ? -1 : (cat)->ops->op((cat), __VA_ARGS__))

static int catalog__absent(catalog_t *cat, catalog_which_t w)
{
    return catalog_fail(cat, CATALOG_UNSUPPORTED, "catalog", 0, "this system has no %s catalog",
                        catalog_name(w));
}

/* The start of a call on catalog w: 0, or -1 when this system lacks it. */
static int catalog__enter(catalog_t *cat, catalog_which_t w)
{
    catalog__begin(cat);
    return catalog_has(cat, w) ? 0 : catalog__absent(cat, w);
}

int catalog_supports(catalog_t *cat, catalog_op_t op, catalog_which_t w)
{
    memset(&cat->error, 0, sizeof cat->error);
    if (!catalog_has(cat, w))
        return catalog__absent(cat, w) == 0;
    return cat->ops->supports(cat, op, w);
}

int catalog_enumerate(catalog_t *cat, catalog_which_t w, WSAPROTOCOL_INFOW **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    return catalog__enter(cat, w) ? -1 : CATALOG__CALL(cat, enumerate, w, out, count);
}

int catalog_path(catalog_t *cat, catalog_which_t w, const GUID *id, WCHAR *path, size_t cap)
{
    if (cap)
        path[0] = 0;
    return catalog__enter(cat, w) ? -1 : CATALOG__CALL(cat, path, w, id, path, cap);
}

int catalog_install(catalog_t *cat, unsigned which_bits, const GUID *id, const WCHAR *path,
                    const WSAPROTOCOL_INFOW *infos, size_t count)
{
    catalog__begin(cat);
    if ((which_bits & ~cat->catalogs) != 0 || which_bits == 0)
        return catalog_fail(cat, CATALOG_UNSUPPORTED, "catalog", 0,
                            "asked to install into a catalog this system does not have");
    return CATALOG__CALL(cat, install, which_bits, id, path, infos, count);
}

int catalog_install_chains(catalog_t *cat, const GUID *id, const WCHAR *path64, const WCHAR *path32,
                           const WCHAR *name, DWORD service_flags, const WSAPROTOCOL_INFOW *over,
                           size_t count)
{
    catalog__begin(cat);
    return CATALOG__CALL(cat, install_chains, id, path64, path32, name, service_flags, over, count);
}

int catalog_deinstall(catalog_t *cat, catalog_which_t w, const GUID *id)
{
    return catalog__enter(cat, w) ? -1 : CATALOG__CALL(cat, deinstall, w, id);
}

int catalog_write_order(catalog_t *cat, catalog_which_t w, const DWORD *ids, size_t count)
{
    return catalog__enter(cat, w) ? -1 : CATALOG__CALL(cat, write_order, w, ids, count);
}

int catalog_get_category(catalog_t *cat, catalog_which_t w, const GUID *id, DWORD *categories)
{
    *categories = 0;
    return catalog__enter(cat, w) ? -1 : CATALOG__CALL(cat, get_category, w, id, categories);
}

int catalog_set_category(catalog_t *cat, catalog_which_t w, const GUID *id, DWORD categories)
{
    return catalog__enter(cat, w) ? -1 : CATALOG__CALL(cat, set_category, w, id, categories);
}

int catalog_set_app(catalog_t *cat, const WCHAR *path, DWORD categories, DWORD *previous,
                    DWORD *now)
{
    catalog__begin(cat);
    *previous = *now = 0;
    return CATALOG__CALL(cat, set_app, path, categories, previous, now);
}

int catalog_get_app(catalog_t *cat, const WCHAR *path, DWORD *categories, int *categorized)
{
    catalog__begin(cat);
    *categories = 0;
    *categorized = 0;
    return CATALOG__CALL(cat, get_app, path, categories, categorized);
}

void catalog_close(catalog_t *cat)
{
    if (cat)
        cat->ops->close(cat);
}
