#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "etwdec.h"

/* The output: bounded, counting what does not fit. */
typedef struct etwdec__out {
    char *buf;
    size_t cap, len;
} etwdec__out_t;

static void etwdec__put(etwdec__out_t *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++, o->len++)
        if (o->len + 1 < o->cap)
            o->buf[o->len] = s[i];
    if (o->cap)
        o->buf[o->len < o->cap ? o->len : o->cap - 1] = '\0';
}

static void etwdec__raw(etwdec__out_t *o, const char *s)
{
    etwdec__put(o, s, strlen(s));
}

static void etwdec__fmt(etwdec__out_t *o, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        etwdec__put(o, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void etwdec__str(etwdec__out_t *o, const char *s, size_t n)
{
    etwdec__raw(o, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            char esc[2] = {'\\', (char)c};
            etwdec__put(o, esc, 2);
        } else if (c < 0x20) {
            etwdec__fmt(o, "\\u%04x", c);
        } else {
            etwdec__put(o, (const char *)&c, 1);
        }
    }
    etwdec__raw(o, "\"");
}

/* The payload being read. */
typedef struct etwdec__in {
    const uint8_t *p;
    size_t n, at;
    bool bad;
} etwdec__in_t;

static bool etwdec__take(etwdec__in_t *in, size_t n, const uint8_t **p)
{
    if (in->bad || n > in->n - in->at) {
        in->bad = true;
        return false;
    }
    *p = in->p + in->at;
    in->at += n;
    return true;
}

static uint64_t etwdec__le(const uint8_t *p, size_t n)
{
    uint64_t v = 0;
    while (n--)
        v = v << 8 | p[n];
    return v;
}

static const char *const etwdec__in_names[32] = {
    [0] = "NULL",
    [1] = "UNICODESTRING",
    [2] = "ANSISTRING",
    [3] = "INT8",
    [4] = "UINT8",
    [5] = "INT16",
    [6] = "UINT16",
    [7] = "INT32",
    [8] = "UINT32",
    [9] = "INT64",
    [10] = "UINT64",
    [11] = "FLOAT",
    [12] = "DOUBLE",
    [13] = "BOOL32",
    [14] = "BINARY",
    [15] = "GUID",
    [17] = "FILETIME",
    [18] = "SYSTEMTIME",
    [19] = "SID",
    [20] = "HEXINT32",
    [21] = "HEXINT64",
    [22] = "COUNTEDSTRING",
    [23] = "COUNTEDANSISTRING",
    [24] = "STRUCT",
    [25] = "COUNTEDBINARY",
};

static const char *etwdec__out_name(unsigned t)
{
    switch (t) {
    case 1:
        return "NOPRINT";
    case 2:
        return "STRING";
    case 3:
        return "BOOLEAN";
    case 4:
        return "HEX";
    case 5:
        return "PID";
    case 6:
        return "TID";
    case 7:
        return "PORT";
    case 8:
        return "IPV4";
    case 9:
        return "IPV6";
    case 10:
        return "SOCKETADDRESS";
    case 11:
        return "XML";
    case 12:
        return "JSON";
    case 13:
        return "WIN32ERROR";
    case 14:
        return "NTSTATUS";
    case 15:
        return "HRESULT";
    case 16:
        return "FILETIME";
    case 17:
        return "SIGNED";
    case 18:
        return "UNSIGNED";
    case 35:
        return "UTF8";
    case 37:
        return "CODE_POINTER";
    case 38:
        return "DATETIME_UTC";
    default:
        return NULL;
    }
}

/* One field's metadata. */
typedef struct etwdec__field {
    const char *name;
    unsigned in, out, arity; /* in: low 5 bits; arity: in & 0x60 */
    unsigned count;          /* constant-length arrays */
} etwdec__field_t;

/* Metadata reader. */
typedef struct etwdec__meta {
    const uint8_t *p;
    size_t n, at;
    bool bad;
} etwdec__meta_t;

static int etwdec__mbyte(etwdec__meta_t *m)
{
    if (m->at >= m->n) {
        m->bad = true;
        return 0;
    }
    return m->p[m->at++];
}

static const char *etwdec__mname(etwdec__meta_t *m)
{
    const uint8_t *s = m->p + m->at;
    const void *nul = m->at < m->n ? memchr(s, 0, m->n - m->at) : NULL;
    if (!nul) {
        m->bad = true;
        return "";
    }
    m->at += (size_t)((const uint8_t *)nul - s) + 1;
    return (const char *)s;
}

/* Tag bytes: 0x80 means another follows (at most 4). */
static void etwdec__mtags(etwdec__meta_t *m)
{
    for (int i = 0; i < 4; i++)
        if (!(etwdec__mbyte(m) & 0x80))
            return;
    m->bad = true;
}

static bool etwdec__mfield(etwdec__meta_t *m, etwdec__field_t *f)
{
    f->name = etwdec__mname(m);
    unsigned in = (unsigned)etwdec__mbyte(m);
    f->in = in & 0x1f;
    f->arity = in & 0x60;
    f->out = 0;
    f->count = 1;
    if (in & 0x80) {
        unsigned out = (unsigned)etwdec__mbyte(m);
        f->out = out & 0x7f;
        if (out & 0x80)
            etwdec__mtags(m);
    }
    if (f->arity == 0x20) {
        f->count = (unsigned)etwdec__mbyte(m);
        f->count |= (unsigned)etwdec__mbyte(m) << 8;
    } else if (f->arity == 0x60) {
        size_t skip = (size_t)etwdec__mbyte(m);
        skip |= (size_t)etwdec__mbyte(m) << 8;
        if (skip > m->n - m->at)
            m->bad = true;
        else
            m->at += skip;
    }
    return !m->bad;
}

static void etwdec__utf8_of_utf16(etwdec__out_t *o, const uint8_t *p, size_t units)
{
    char s[4096];
    size_t n = 0;
    for (size_t i = 0; i < units && n + 4 < sizeof s; i++) {
        uint32_t c = (uint32_t)etwdec__le(p + 2 * i, 2);
        if (c >= 0xD800 && c < 0xDC00 && i + 1 < units) {
            uint32_t lo = (uint32_t)etwdec__le(p + 2 * i + 2, 2);
            if (lo >= 0xDC00 && lo < 0xE000) {
                c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                i++;
            }
        }
        if (c < 0x80) {
            s[n++] = (char)c;
        } else if (c < 0x800) {
            s[n++] = (char)(0xC0 | c >> 6);
            s[n++] = (char)(0x80 | (c & 0x3f));
        } else if (c < 0x10000) {
            s[n++] = (char)(0xE0 | c >> 12);
            s[n++] = (char)(0x80 | (c >> 6 & 0x3f));
            s[n++] = (char)(0x80 | (c & 0x3f));
        } else {
            s[n++] = (char)(0xF0 | c >> 18);
            s[n++] = (char)(0x80 | (c >> 12 & 0x3f));
            s[n++] = (char)(0x80 | (c >> 6 & 0x3f));
            s[n++] = (char)(0x80 | (c & 0x3f));
        }
    }
    etwdec__str(o, s, n);
}

static void etwdec__hexstr(etwdec__out_t *o, const uint8_t *p, size_t n)
{
    etwdec__raw(o, "\"");
    for (size_t i = 0; i < n; i++)
        etwdec__fmt(o, "%02x", p[i]);
    etwdec__raw(o, "\"");
}

static void etwdec__ipv6(char *s, size_t cap, const uint8_t *a)
{
    size_t n = 0;
    for (int i = 0; i < 8; i++)
        n += (size_t)snprintf(s + n, cap - n, i ? ":%x" : "%x",
                              (unsigned)(a[2 * i] << 8 | a[2 * i + 1]));
}

/* sockaddr_in (family 2) and sockaddr_in6 (family 23) as "addr:port",
 * "[addr]:port"; anything else in hex. */
static void etwdec__sockaddr(etwdec__out_t *o, const uint8_t *p, size_t n)
{
    unsigned family = n >= 2 ? (unsigned)etwdec__le(p, 2) : 0;
    unsigned port = n >= 4 ? (unsigned)(p[2] << 8 | p[3]) : 0;
    char s[80];
    if (family == 2 && n >= 8) {
        snprintf(s, sizeof s, "%u.%u.%u.%u:%u", p[4], p[5], p[6], p[7], port);
    } else if (family == 23 && n >= 24) {
        char a[48];
        etwdec__ipv6(a, sizeof a, p + 8);
        snprintf(s, sizeof s, "[%s]:%u", a, port);
    } else {
        etwdec__hexstr(o, p, n);
        return;
    }
    etwdec__str(o, s, strlen(s));
}

/* 100 ns since 1601 as "YYYY-MM-DDTHH:MM:SS.fffffffZ". */
static void etwdec__filetime(etwdec__out_t *o, uint64_t ft)
{
    uint64_t s = ft / 10000000u;
    int64_t days = (int64_t)(s / 86400) - 134774; /* 1601-01-01 to 1970-01-01 */
    unsigned sod = (unsigned)(s % 86400);
    /* Civil date from days since 1970 (Howard Hinnant's algorithm). */
    int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    long long y = (long long)yoe + era * 400 + (m <= 2);
    etwdec__fmt(o, "\"%04lld-%02u-%02uT%02u:%02u:%02u.%07uZ\"", y, m, d, sod / 3600, sod / 60 % 60,
                sod % 60, (unsigned)(ft % 10000000u));
}

static void etwdec__sid(etwdec__out_t *o, const uint8_t *p, unsigned subs)
{
    uint64_t auth = 0;
    for (int i = 2; i < 8; i++)
        auth = auth << 8 | p[i];
    etwdec__fmt(o, "\"S-%u-%llu", p[0], (unsigned long long)auth);
    for (unsigned i = 0; i < subs; i++)
        etwdec__fmt(o, "-%lu", (unsigned long)etwdec__le(p + 8 + 4 * i, 4));
    etwdec__raw(o, "\"");
}

static void etwdec__number(etwdec__out_t *o, const etwdec__field_t *f, const uint8_t *p,
                           size_t size, bool is_signed)
{
    uint64_t v = etwdec__le(p, size);
    if (f->out == 4 /* HEX */ || f->in == 20 || f->in == 21) {
        etwdec__fmt(o, "\"0x%0*llX\"", (int)(2 * size), (unsigned long long)v);
    } else if (f->out == 3 /* BOOLEAN */) {
        etwdec__raw(o, v ? "true" : "false");
    } else if (f->out == 8 /* IPV4, network order */ && size == 4) {
        etwdec__fmt(o, "\"%u.%u.%u.%u\"", p[0], p[1], p[2], p[3]);
    } else if (f->out == 7 /* PORT, network order */ && size == 2) {
        etwdec__fmt(o, "%u", (unsigned)(p[0] << 8 | p[1]));
    } else if (f->out == 15 /* HRESULT */ || f->out == 14 /* NTSTATUS */) {
        etwdec__fmt(o, "\"0x%08llX\"", (unsigned long long)v);
    } else if (is_signed) {
        int64_t s =
            size < 8 && (v >> (8 * size - 1)) ? (int64_t)(v - (1ull << (8 * size))) : (int64_t)v;
        etwdec__fmt(o, "%lld", (long long)s);
    } else {
        etwdec__fmt(o, "%llu", (unsigned long long)v);
    }
}

/* A NUL-terminated string of unit-byte characters. */
static bool etwdec__sz(etwdec__in_t *in, size_t unit, const uint8_t **p, size_t *units)
{
    size_t i = in->at;
    while (i + unit <= in->n && etwdec__le(in->p + i, unit) != 0)
        i += unit;
    if (i + unit > in->n) {
        in->bad = true;
        return false;
    }
    *units = (i - in->at) / unit;
    return etwdec__take(in, i - in->at + unit, p);
}

static bool etwdec__counted(etwdec__in_t *in, const uint8_t **p, size_t *n)
{
    const uint8_t *len;
    if (!etwdec__take(in, 2, &len))
        return false;
    *n = (size_t)etwdec__le(len, 2);
    return etwdec__take(in, *n, p);
}

/* One value of a scalar field. */
static bool etwdec__value(etwdec__out_t *o, const etwdec__field_t *f, etwdec__in_t *in)
{
    static const uint8_t sizes[32] = {[3] = 1, [4] = 1,  [5] = 2,  [6] = 2,  [7] = 4, [8] = 4,
                                      [9] = 8, [10] = 8, [13] = 4, [20] = 4, [21] = 8};
    const uint8_t *p;
    size_t n;
    switch (f->in) {
    case 1:
        if (!etwdec__sz(in, 2, &p, &n))
            return false;
        etwdec__utf8_of_utf16(o, p, n);
        return true;
    case 2:
        if (!etwdec__sz(in, 1, &p, &n))
            return false;
        etwdec__str(o, (const char *)p, n);
        return true;
    case 11:
    case 12: {
        n = f->in == 11 ? 4 : 8;
        if (!etwdec__take(in, n, &p))
            return false;
        uint64_t bits = etwdec__le(p, n);
        double v;
        if (n == 4) {
            float fl;
            uint32_t b32 = (uint32_t)bits;
            memcpy(&fl, &b32, 4);
            v = fl;
        } else {
            memcpy(&v, &bits, 8);
        }
        etwdec__fmt(o, "%.17g", v);
        return true;
    }
    case 13:
        if (!etwdec__take(in, 4, &p))
            return false;
        etwdec__raw(o, etwdec__le(p, 4) ? "true" : "false");
        return true;
    case 14:
    case 25:
        if (!etwdec__counted(in, &p, &n))
            return false;
        if (f->out == 10)
            etwdec__sockaddr(o, p, n);
        else if (f->out == 9 && n == 16) {
            char a[48];
            etwdec__ipv6(a, sizeof a, p);
            etwdec__str(o, a, strlen(a));
        } else
            etwdec__hexstr(o, p, n);
        return true;
    case 15:
        if (!etwdec__take(in, 16, &p))
            return false;
        etwdec__fmt(o, "\"{%08lx-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}\"",
                    (unsigned long)etwdec__le(p, 4), (unsigned)etwdec__le(p + 4, 2),
                    (unsigned)etwdec__le(p + 6, 2), p[8], p[9], p[10], p[11], p[12], p[13], p[14],
                    p[15]);
        return true;
    case 17:
        if (!etwdec__take(in, 8, &p))
            return false;
        etwdec__filetime(o, etwdec__le(p, 8));
        return true;
    case 18:
        if (!etwdec__take(in, 16, &p))
            return false;
        etwdec__fmt(o, "\"%04u-%02u-%02uT%02u:%02u:%02u.%03u\"", (unsigned)etwdec__le(p, 2),
                    (unsigned)etwdec__le(p + 2, 2), (unsigned)etwdec__le(p + 6, 2),
                    (unsigned)etwdec__le(p + 8, 2), (unsigned)etwdec__le(p + 10, 2),
                    (unsigned)etwdec__le(p + 12, 2), (unsigned)etwdec__le(p + 14, 2));
        return true;
    case 19: {
        const uint8_t *head;
        if (!etwdec__take(in, 8, &head) || !etwdec__take(in, 4u * head[1], &p))
            return false;
        uint8_t sid[8 + 4 * 255];
        memcpy(sid, head, 8);
        memcpy(sid + 8, p, 4u * head[1]);
        etwdec__sid(o, sid, head[1]);
        return true;
    }
    case 22:
        if (!etwdec__counted(in, &p, &n))
            return false;
        etwdec__utf8_of_utf16(o, p, n / 2);
        return true;
    case 23:
        if (!etwdec__counted(in, &p, &n))
            return false;
        etwdec__str(o, (const char *)p, n);
        return true;
    default:
        if (!sizes[f->in]) {
            in->bad = true;
            return false;
        }
        if (!etwdec__take(in, sizes[f->in], &p))
            return false;
        etwdec__number(o, f, p, sizes[f->in], f->in == 3 || f->in == 5 || f->in == 7 || f->in == 9);
        return true;
    }
}

static bool etwdec__fields(etwdec__out_t *o, etwdec__meta_t *m, etwdec__in_t *in, size_t limit,
                           etwdec__out_t *types);

/* Steps over the metadata of n fields (a struct with no element). */
static void etwdec__skip(etwdec__meta_t *m, size_t n)
{
    for (size_t k = 0; k < n && !m->bad; k++) {
        etwdec__field_t sub;
        if (etwdec__mfield(m, &sub) && sub.in == 24)
            etwdec__skip(m, sub.out);
    }
}

/* A field's value: a scalar, an array (constant or counted in the payload)
 * or a struct, whose member metadata follows and is read once per element. */
static bool etwdec__field_value(etwdec__out_t *o, const etwdec__field_t *f, etwdec__meta_t *m,
                                etwdec__in_t *in)
{
    size_t count = f->count;
    bool array = f->arity == 0x20 || f->arity == 0x40;
    if (f->arity == 0x60) {
        const uint8_t *p;
        size_t n;
        if (!etwdec__counted(in, &p, &n))
            return false;
        etwdec__hexstr(o, p, n);
        return true;
    }
    if (f->arity == 0x40) {
        const uint8_t *c;
        if (!etwdec__take(in, 2, &c))
            return false;
        count = (size_t)etwdec__le(c, 2);
    }
    if (array)
        etwdec__raw(o, "[");
    size_t members_at = m->at, end_at = m->at;
    for (size_t i = 0; i < count; i++) {
        if (i)
            etwdec__raw(o, ",");
        if (f->in == 24) {
            m->at = members_at;
            etwdec__raw(o, "{");
            if (!etwdec__fields(o, m, in, f->out, NULL))
                return false;
            etwdec__raw(o, "}");
            end_at = m->at;
        } else if (!etwdec__value(o, f, in)) {
            return false;
        }
    }
    if (f->in == 24 && count == 0) {
        etwdec__skip(m, f->out);
        end_at = m->at;
    }
    m->at = end_at;
    if (array)
        etwdec__raw(o, "]");
    return true;
}

static void etwdec__type(etwdec__out_t *t, const etwdec__field_t *f)
{
    const char *in = etwdec__in_names[f->in] ? etwdec__in_names[f->in] : "UNKNOWN";
    const char *out = f->in == 24 ? NULL : etwdec__out_name(f->out);
    etwdec__raw(t, "\"");
    etwdec__raw(t, in);
    if (out) {
        etwdec__raw(t, ":");
        etwdec__raw(t, out);
    } else if (f->out && f->in != 24) {
        etwdec__fmt(t, ":%u", f->out);
    }
    if (f->arity == 0x20 || f->arity == 0x40)
        etwdec__raw(t, "[]");
    etwdec__raw(t, "\"");
}

/* Fields until the metadata ends, or `limit` of them (a struct's members). */
static bool etwdec__fields(etwdec__out_t *o, etwdec__meta_t *m, etwdec__in_t *in, size_t limit,
                           etwdec__out_t *types)
{
    for (size_t i = 0; limit ? i < limit : m->at < m->n; i++) {
        etwdec__field_t f;
        if (!etwdec__mfield(m, &f))
            return false;
        if (i)
            etwdec__raw(o, ",");
        etwdec__str(o, f.name, strlen(f.name));
        etwdec__raw(o, ":");
        if (types) {
            if (i)
                etwdec__raw(types, ",");
            etwdec__str(types, f.name, strlen(f.name));
            etwdec__raw(types, ":");
            etwdec__type(types, &f);
        }
        if (!etwdec__field_value(o, &f, m, in)) {
            etwdec__raw(o, "null");
            return false;
        }
    }
    return true;
}

static void etwdec__guid(etwdec__out_t *o, const uint8_t *p)
{
    etwdec__fmt(o, "\"{%08lx-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}\"",
                (unsigned long)etwdec__le(p, 4), (unsigned)etwdec__le(p + 4, 2),
                (unsigned)etwdec__le(p + 6, 2), p[8], p[9], p[10], p[11], p[12], p[13], p[14],
                p[15]);
}

/* The provider's name from its traits: UINT16 size, then the name. */
static void etwdec__provider(etwdec__out_t *o, const etwrec_t *r)
{
    const uint8_t *p = r->traits;
    size_t n = r->traits_len;
    const void *nul = n > 2 ? memchr(p + 2, 0, n - 2) : NULL;
    if (!nul || etwdec__le(p, 2) != n) {
        etwdec__raw(o, "null");
        return;
    }
    etwdec__str(o, (const char *)p + 2, (size_t)((const uint8_t *)nul - (p + 2)));
}

size_t etwdec_json(char *out, size_t cap, const etwrec_t *r)
{
    etwdec__out_t o = {out, cap, 0};
    char types_buf[16384];
    etwdec__out_t t = {types_buf, sizeof types_buf, 0};
    etwdec__meta_t m = {r->meta, r->meta_len, 2,
                        r->meta_len < 2 || etwdec__le(r->meta, 2) != r->meta_len};
    etwdec__in_t in = {r->data, r->data_len, 0, false};

    etwdec__raw(&o, "{\"provider\":");
    etwdec__provider(&o, r);
    etwdec__raw(&o, ",\"guid\":");
    etwdec__guid(&o, r->provider);
    if (!m.bad)
        etwdec__mtags(&m);
    const char *name = m.bad ? "" : etwdec__mname(&m);
    etwdec__raw(&o, ",\"event\":");
    etwdec__str(&o, name, strlen(name));
    etwdec__fmt(&o, ",\"level\":%u,\"keywords\":\"0x%016llX\",\"opcode\":%u,\"channel\":%u",
                r->level, (unsigned long long)r->keyword, r->opcode, r->channel);
    etwdec__fmt(&o, ",\"id\":%u,\"version\":%u,\"pid\":%lu,\"thread\":%lu", r->id, r->version,
                (unsigned long)r->pid, (unsigned long)r->tid);
    etwdec__raw(&o, ",\"fields\":{");
    bool ok = !m.bad && etwdec__fields(&o, &m, &in, 0, &t);
    etwdec__raw(&o, "},\"types\":{");
    etwdec__put(&o, types_buf, t.len < t.cap ? t.len : t.cap - 1);
    etwdec__raw(&o, "}");
    if (!ok)
        etwdec__raw(&o, m.bad ? ",\"error\":\"bad metadata\"" : ",\"error\":\"payload too short\"");
    else if (in.at != in.n)
        etwdec__fmt(&o, ",\"error\":\"%zu payload bytes past the last field\"", in.n - in.at);
    etwdec__raw(&o, "}");
    return o.len;
}
