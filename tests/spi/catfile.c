#include "catfile.h"

#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlat.h"

#define CATFILE_MAGIC     "siotrace-catalog-model 1"
#define CATFILE_MAX_BYTES (4u << 20)

typedef enum catfile_kind_t { K_DEC, K_HEX, K_GUID, K_CHAIN, K_STR } catfile_kind_t;

typedef struct catfile_field_t {
    const char *key;
    catfile_kind_t kind;
    size_t offset; /* in catfile_entry_t or catfile_app_t */
    size_t count;  /* consecutive 32-bit values; characters for K_STR */
} catfile_field_t;

#define E(m) offsetof(catfile_entry_t, m)
/* The order of an entry line's fields. */
static const catfile_field_t catfile__entry_fields[] = {
    {"id", K_DEC, E(info.dwCatalogEntryId), 1},
    {"guid", K_GUID, E(info.ProviderId), 1},
    {"chain", K_CHAIN, E(info.ProtocolChain), 1},
    {"sf", K_HEX, E(info.dwServiceFlags1), 4},
    {"pfl", K_HEX, E(info.dwProviderFlags), 1},
    {"ver", K_DEC, E(info.iVersion), 1},
    {"af", K_DEC, E(info.iAddressFamily), 1},
    {"addr", K_DEC, E(info.iMaxSockAddr), 2},
    {"type", K_DEC, E(info.iSocketType), 1},
    {"proto", K_DEC, E(info.iProtocol), 1},
    {"maxoff", K_DEC, E(info.iProtocolMaxOffset), 1},
    {"order", K_DEC, E(info.iNetworkByteOrder), 1},
    {"sec", K_DEC, E(info.iSecurityScheme), 1},
    {"msg", K_HEX, E(info.dwMessageSize), 1},
    {"reserved", K_HEX, E(info.dwProviderReserved), 1},
    {"lspcat", K_HEX, E(lsp_categories), 1},
    {"name", K_STR, E(info.szProtocol), WSAPROTOCOL_LEN + 1},
    {"path", K_STR, E(path), MAX_PATH},
};
#undef E

#define A(m) offsetof(catfile_app_t, m)
static const catfile_field_t catfile__app_fields[] = {
    {"cat", K_HEX, A(categories), 1},
    {"path", K_STR, A(path), MAX_PATH},
    {"extra", K_STR, A(extra), MAX_PATH},
};
#undef A

#define NFIELDS(t) (sizeof(t) / sizeof((t)[0]))

int catfile_valid_string(const WCHAR *s, size_t cap)
{
    size_t i;
    for (i = 0; i < cap; i++) {
        if (s[i] == 0)
            return 1;
        if (s[i] < 0x20 || s[i] == 0x7f)
            return 0;
    }
    return 0;
}

/* ---- writing ---- */

typedef struct catfile_buf_t {
    char *p;
    size_t len, cap;
    int failed;
} catfile_buf_t;

static void catfile__put(catfile_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (b->failed)
        return;
    for (;;) {
        va_start(ap, fmt);
        n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->failed = 1;
            return;
        }
        if ((size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap * 2 + (size_t)n + 256;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
}

static void catfile__put_fields(catfile_buf_t *b, const catfile_field_t *f, size_t n,
                                const void *rec)
{
    const unsigned char *base = rec;
    size_t i, j;
    for (i = 0; i < n; i++) {
        const void *at = base + f[i].offset;
        catfile__put(b, "\t%s=", f[i].key);
        switch (f[i].kind) {
        case K_DEC:
        case K_HEX:
            for (j = 0; j < f[i].count; j++) {
                INT32 v;
                memcpy(&v, (const char *)at + 4 * j, 4);
                catfile__put(b, f[i].kind == K_DEC ? "%s%ld" : "%s0x%08lx", j ? "," : "",
                             f[i].kind == K_DEC ? (long)v : (long)(UINT32)v);
            }
            break;
        case K_GUID: {
            char text[XLAT_GUID_LEN];
            xlat_guid_format_reg(text, at);
            catfile__put(b, "%s", text);
            break;
        }
        case K_CHAIN: {
            const WSAPROTOCOLCHAIN *c = at;
            for (j = 0; j < (size_t)c->ChainLen && j < MAX_PROTOCOL_CHAIN; j++)
                catfile__put(b, "%s%lu", j ? "," : "", (unsigned long)c->ChainEntries[j]);
            break;
        }
        case K_STR: {
            char u[MAX_PATH * 4 + WSAPROTOCOL_LEN * 4];
            int len = WideCharToMultiByte(CP_UTF8, 0, at, -1, u, (int)sizeof(u), NULL, NULL);
            if (len <= 0)
                b->failed = 1;
            else
                catfile__put(b, "%s", u);
            break;
        }
        }
    }
    catfile__put(b, "\n");
}

static int catfile__write_all(const WCHAR *path, const char *p, size_t len)
{
    WCHAR tmp[MAX_PATH + 32];
    HANDLE h;
    DWORD done;
    int err = 0;

    if (_snwprintf(tmp, MAX_PATH + 32, L"%ls.tmp%lu", path, GetCurrentProcessId()) < 0)
        return ERROR_FILENAME_EXCED_RANGE;
    h = CreateFileW(tmp, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return (int)GetLastError();
    if (!WriteFile(h, p, (DWORD)len, &done, NULL) || done != len || !FlushFileBuffers(h))
        err = (int)GetLastError();
    CloseHandle(h);
    if (!err && !MoveFileExW(tmp, path, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
        err = (int)GetLastError();
    if (err)
        DeleteFileW(tmp);
    return err;
}

int catfile_save(const WCHAR *path, const catfile_t *cf)
{
    catfile_buf_t b = {0};
    size_t c, i;
    int err;

    catfile__put(&b, "%s\n", CATFILE_MAGIC);
    for (c = 0; c < 2; c++) {
        catfile__put(&b, "catalog\t%s\tnext=%lu\n", c == CATFILE_64 ? "64" : "32",
                     (unsigned long)cf->cat[c].next_id);
        for (i = 0; i < cf->cat[c].count; i++) {
            catfile__put(&b, "entry");
            catfile__put_fields(&b, catfile__entry_fields, NFIELDS(catfile__entry_fields),
                                &cf->cat[c].entries[i]);
        }
    }
    for (i = 0; i < cf->app_count; i++) {
        catfile__put(&b, "app");
        catfile__put_fields(&b, catfile__app_fields, NFIELDS(catfile__app_fields), &cf->apps[i]);
    }
    err = b.failed ? ERROR_NOT_ENOUGH_MEMORY : catfile__write_all(path, b.p, b.len);
    free(b.p);
    return err;
}

/* ---- reading ---- */

static int catfile__u32(const char *s, int dec, UINT32 *out)
{
    char *end;
    if (*s == 0)
        return -1;
    if (dec) {
        long v = strtol(s, &end, 10);
        *out = (UINT32)v;
    } else {
        if (strncmp(s, "0x", 2) != 0)
            return -1;
        *out = (UINT32)strtoul(s + 2, &end, 16);
    }
    return *end == 0 ? 0 : -1;
}

static int catfile__list(char *v, int dec, UINT32 *out, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        char *comma = strchr(v, ',');
        if ((comma != NULL) != (i + 1 < n))
            return -1;
        if (comma)
            *comma = 0;
        if (catfile__u32(v, dec, &out[i]) != 0)
            return -1;
        v = comma + 1;
    }
    return 0;
}

static int catfile__guid(const char *v, GUID *g)
{
    unsigned long d1;
    unsigned d2, d3, b[8];
    int used = 0;
    if (strlen(v) != 38 ||
        sscanf(v, "{%8lx-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x}%n", &d1, &d2, &d3, &b[0], &b[1], &b[2],
               &b[3], &b[4], &b[5], &b[6], &b[7], &used) != 11 ||
        used != 38)
        return -1;
    g->Data1 = d1;
    g->Data2 = (unsigned short)d2;
    g->Data3 = (unsigned short)d3;
    for (int i = 0; i < 8; i++)
        g->Data4[i] = (unsigned char)b[i];
    return 0;
}

static int catfile__chain(char *v, WSAPROTOCOLCHAIN *c)
{
    memset(c, 0, sizeof(*c));
    while (*v) {
        char *comma = strchr(v, ',');
        UINT32 id;
        if (comma)
            *comma = 0;
        if (c->ChainLen >= MAX_PROTOCOL_CHAIN || catfile__u32(v, 1, &id) != 0)
            return -1;
        c->ChainEntries[c->ChainLen++] = id;
        if (!comma)
            break;
        v = comma + 1;
        if (*v == 0)
            return -1;
    }
    return 0;
}

/* Parses the TAB-separated fields after a line's first word, in table order. */
static int catfile__parse_fields(char *rest, const catfile_field_t *f, size_t n, void *rec)
{
    unsigned char *base = rec;
    size_t i;
    for (i = 0; i < n; i++) {
        char *tab, *v;
        size_t klen = strlen(f[i].key);
        if (rest == NULL || strncmp(rest, f[i].key, klen) != 0 || rest[klen] != '=')
            return -1;
        v = rest + klen + 1;
        tab = strchr(v, '\t');
        if (tab)
            *tab = 0;
        rest = tab ? tab + 1 : NULL;
        void *at = base + f[i].offset;
        switch (f[i].kind) {
        case K_DEC:
        case K_HEX:
            if (catfile__list(v, f[i].kind == K_DEC, at, f[i].count) != 0)
                return -1;
            break;
        case K_GUID:
            if (catfile__guid(v, at) != 0)
                return -1;
            break;
        case K_CHAIN:
            if (catfile__chain(v, at) != 0)
                return -1;
            break;
        case K_STR:
            if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, v, -1, at, (int)f[i].count) <=
                    0 ||
                !catfile_valid_string(at, f[i].count))
                return -1;
            break;
        }
    }
    return rest == NULL ? 0 : -1;
}

static int catfile__parse_line(char *line, catfile_t *cf, int *cur)
{
    char *tab = strchr(line, '\t');
    char *rest = tab ? tab + 1 : NULL;
    if (tab)
        *tab = 0;
    if (strcmp(line, "catalog") == 0) {
        int want = *cur + 1;
        UINT32 next;
        if (want > 1 || rest == NULL ||
            strncmp(rest, want == 0 ? "64\tnext=" : "32\tnext=", 8) != 0 ||
            catfile__u32(rest + 8, 1, &next) != 0)
            return -1;
        cf->cat[want].next_id = next;
        *cur = want;
        return 0;
    }
    if (strcmp(line, "entry") == 0) {
        catfile_catalog_t *c;
        if (*cur < 0)
            return -1;
        c = &cf->cat[*cur];
        if (c->count == CATFILE_MAX_ENTRIES)
            return -1;
        memset(&c->entries[c->count], 0, sizeof(c->entries[0]));
        if (catfile__parse_fields(rest, catfile__entry_fields, NFIELDS(catfile__entry_fields),
                                  &c->entries[c->count]) != 0)
            return -1;
        c->count++;
        return 0;
    }
    if (strcmp(line, "app") == 0) {
        if (*cur != 1 || cf->app_count == CATFILE_MAX_APPS)
            return -1;
        memset(&cf->apps[cf->app_count], 0, sizeof(cf->apps[0]));
        if (catfile__parse_fields(rest, catfile__app_fields, NFIELDS(catfile__app_fields),
                                  &cf->apps[cf->app_count]) != 0)
            return -1;
        cf->app_count++;
        return 0;
    }
    return -1;
}

static int catfile__read_all(const WCHAR *path, char **out, size_t *len)
{
    HANDLE h =
        CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                    NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    LARGE_INTEGER size;
    DWORD got;
    char *p;
    int err = 0;

    if (h == INVALID_HANDLE_VALUE)
        return (int)GetLastError();
    if (!GetFileSizeEx(h, &size)) {
        err = (int)GetLastError();
    } else if (size.QuadPart > CATFILE_MAX_BYTES) {
        err = ERROR_INVALID_DATA;
    } else if (!(p = malloc((size_t)size.QuadPart + 1))) {
        err = ERROR_NOT_ENOUGH_MEMORY;
    } else if (!ReadFile(h, p, (DWORD)size.QuadPart, &got, NULL) || got != size.QuadPart) {
        err = ERROR_READ_FAULT;
        free(p);
    } else {
        p[got] = 0;
        *out = p;
        *len = got;
    }
    CloseHandle(h);
    return err;
}

int catfile_load(const WCHAR *path, catfile_t *cf, int *line)
{
    char *text = NULL, *p;
    size_t len = 0;
    int err, cur = -1, n = 0;

    *line = 0;
    err = catfile__read_all(path, &text, &len);
    if (err)
        return err == ERROR_PATH_NOT_FOUND ? ERROR_FILE_NOT_FOUND : err;
    memset(cf, 0, sizeof(*cf));
    err = ERROR_INVALID_DATA;
    p = text;
    while (*p) {
        char *nl = strchr(p, '\n');
        if (!nl)
            goto out; /* every line ends with a newline */
        *nl = 0;
        n++;
        if (n == 1 ? strcmp(p, CATFILE_MAGIC) != 0 : catfile__parse_line(p, cf, &cur) != 0)
            goto out;
        p = nl + 1;
    }
    if (cur == 1)
        err = 0;
out:
    if (err)
        *line = n;
    free(text);
    return err;
}
