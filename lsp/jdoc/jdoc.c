#include "jdoc.h"

#include <string.h>

/* The parser's state; d is NULL when only validating (nothing is stored). */
typedef struct jdoc__p {
    jdoc_t *d;
    const char *start, *s, *end;
    int depth;
    const char *why;
    const char *at;
} jdoc__p_t;

static bool jdoc__fail(jdoc__p_t *p, const char *why)
{
    if (!p->why) {
        p->why = why;
        p->at = p->s;
    }
    return false;
}

static bool jdoc__more(const jdoc__p_t *p)
{
    return p->s < p->end;
}

static void jdoc__ws(jdoc__p_t *p)
{
    if (jdoc__more(p) && (unsigned char)*p->s > ' ')
        return;
    while (jdoc__more(p) && (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r'))
        p->s++;
}

static bool jdoc__lit(jdoc__p_t *p, const char *lit)
{
    size_t n = strlen(lit);
    if ((size_t)(p->end - p->s) < n || memcmp(p->s, lit, n) != 0)
        return jdoc__fail(p, "not a JSON value");
    p->s += n;
    return true;
}

static int jdoc__hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The value of the 4 hex digits at s, or -1. */
static long jdoc__hex4(const char *s)
{
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int h = jdoc__hexval(s[i]);
        if (h < 0)
            return -1;
        v = v << 4 | h;
    }
    return v;
}

/* Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF), or 0. */
static size_t jdoc__utf8(const unsigned char *s, size_t room)
{
    unsigned char c = s[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (room < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

/* One escape after the backslash at s; its length, or 0 when malformed. */
static size_t jdoc__escape(const char *s, const char *end)
{
    if (end - s < 2)
        return 0;
    if (s[1] != 'u')
        return strchr("\"\\/bfnrt", s[1]) && s[1] ? 2 : 0;
    return end - s >= 6 && jdoc__hex4(s + 2) >= 0 ? 6 : 0;
}

/* Bytes that stand for themselves in a string: printable ASCII but the
 * quote and the backslash. */
#define JDOC__R4(v)  v, v, v, v
#define JDOC__R16(v) JDOC__R4(v), JDOC__R4(v), JDOC__R4(v), JDOC__R4(v)
static const bool jdoc__plain[256] = {
    JDOC__R16(0),
    JDOC__R16(0), /* 0x00-0x1F: controls */
    1,
    1,
    0,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,            /* 0x20-0x2F: '"' */
    JDOC__R16(1), /* 0x30-0x3F */
    JDOC__R16(1), /* 0x40-0x4F */
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    1,
    0,
    1,
    1,
    1, /* 0x50-0x5F: '\\' */
    JDOC__R16(1),
    JDOC__R16(1), /* 0x60-0x7F */
    JDOC__R16(0),
    JDOC__R16(0),
    JDOC__R16(0),
    JDOC__R16(0), /* 0x80-0xFF: UTF-8, checked */
    JDOC__R16(0),
    JDOC__R16(0),
    JDOC__R16(0),
    JDOC__R16(0),
};

/* A string: its contents, without the quotes, go to text and len. */
static bool jdoc__string(jdoc__p_t *p, const char **text, size_t *len, bool *escaped)
{
    if (!jdoc__more(p) || *p->s != '"')
        return jdoc__fail(p, "expected a string");
    const char *start = ++p->s;
    *escaped = false;
    while (jdoc__more(p) && *p->s != '"') {
        /* Plain ASCII, the bulk of every line, through a local pointer (a
         * char read may alias p->s, which would be reloaded each byte). */
        const char *q = p->s;
        while (q < p->end && jdoc__plain[(unsigned char)*q])
            q++;
        p->s = q;
        if (!jdoc__more(p) || *p->s == '"')
            break;
        unsigned char c = (unsigned char)*p->s;
        size_t step;
        if (c < 0x20)
            return jdoc__fail(p, "control character in a string");
        if (c == '\\') {
            step = jdoc__escape(p->s, p->end);
            if (!step)
                return jdoc__fail(p, "bad escape in a string");
            *escaped = true;
        } else {
            step = jdoc__utf8((const unsigned char *)p->s, (size_t)(p->end - p->s));
            if (!step)
                return jdoc__fail(p, "invalid UTF-8");
        }
        p->s += step;
    }
    if (!jdoc__more(p))
        return jdoc__fail(p, "unterminated string");
    *text = start;
    *len = (size_t)(p->s - start);
    p->s++;
    return true;
}

static bool jdoc__digits(jdoc__p_t *p)
{
    const char *start = p->s, *q = p->s;
    while (q < p->end && *q >= '0' && *q <= '9')
        q++;
    p->s = q;
    return q > start || jdoc__fail(p, "bad number");
}

static bool jdoc__number(jdoc__p_t *p)
{
    if (jdoc__more(p) && *p->s == '-')
        p->s++;
    if (jdoc__more(p) && *p->s == '0')
        p->s++;
    else if (!jdoc__digits(p))
        return false;
    if (jdoc__more(p) && *p->s == '.') {
        p->s++;
        if (!jdoc__digits(p))
            return false;
    }
    if (jdoc__more(p) && (*p->s == 'e' || *p->s == 'E')) {
        p->s++;
        if (jdoc__more(p) && (*p->s == '+' || *p->s == '-'))
            p->s++;
        if (!jdoc__digits(p))
            return false;
    }
    return true;
}

/* A new node; -2 while validating (no storage), -1 when the array is full. */
static int jdoc__node(jdoc__p_t *p, jnode_type_t t, int parent, const char *key, size_t key_len)
{
    if (!p->d)
        return -2;
    if (p->d->count >= JDOC_MAX_NODES) {
        jdoc__fail(p, "too many values in one line");
        return -1;
    }
    int i = p->d->count++;
    p->d->nodes[i] = (jnode_t){t, parent, -1, key, key_len, p->s, 0, false};
    return i;
}

static int jdoc__value(jdoc__p_t *p, int parent, const char *key, size_t key_len);

static bool jdoc__member_key(jdoc__p_t *p, const char **k, size_t *kl)
{
    bool escaped;
    if (!jdoc__string(p, k, kl, &escaped))
        return false;
    jdoc__ws(p);
    if (!jdoc__more(p) || *p->s != ':')
        return jdoc__fail(p, "expected ':' after a member name");
    p->s++;
    return true;
}

static bool jdoc__container(jdoc__p_t *p, int self, bool object)
{
    char close = object ? '}' : ']';
    if (++p->depth > JDOC_MAX_DEPTH)
        return jdoc__fail(p, "nested too deeply");
    p->s++;
    jdoc__ws(p);
    if (jdoc__more(p) && *p->s == close) {
        p->s++;
        p->depth--;
        return true;
    }
    for (int prev = -1;;) {
        const char *k = NULL;
        size_t kl = 0;
        jdoc__ws(p);
        if (object && !jdoc__member_key(p, &k, &kl))
            return false;
        int child = jdoc__value(p, self, k, kl);
        if (child == -1)
            return false;
        if (prev >= 0)
            p->d->nodes[prev].next = child;
        prev = child;
        jdoc__ws(p);
        if (jdoc__more(p) && *p->s == ',') {
            p->s++;
            continue;
        }
        if (jdoc__more(p) && *p->s == close) {
            p->s++;
            p->depth--;
            return true;
        }
        return jdoc__fail(p, jdoc__more(p)
                                 ? (object ? "expected ',' or '}'" : "expected ',' or ']'")
                                 : "the line ends inside a value");
    }
}

/* Parses one value; returns its node (-2 when validating), or -1 on failure. */
static int jdoc__value(jdoc__p_t *p, int parent, const char *key, size_t key_len)
{
    jdoc__ws(p);
    if (!jdoc__more(p))
        return jdoc__fail(p, "the line ends inside a value"), -1;
    const char *start = p->s;
    char c = *p->s;
    jnode_type_t t = c == '{'               ? JNODE_OBJ
                     : c == '['             ? JNODE_ARR
                     : c == '"'             ? JNODE_STR
                     : c == 't' || c == 'f' ? JNODE_BOOL
                     : c == 'n'             ? JNODE_NULL
                                            : JNODE_NUM;
    int i = jdoc__node(p, t, parent, key, key_len);
    if (i == -1)
        return -1;
    const char *text = start;
    size_t len = 0;
    bool escaped = false, ok;
    switch (t) {
    case JNODE_OBJ:
    case JNODE_ARR:
        ok = jdoc__container(p, i, t == JNODE_OBJ);
        break;
    case JNODE_STR:
        ok = jdoc__string(p, &text, &len, &escaped);
        break;
    case JNODE_BOOL:
        ok = jdoc__lit(p, c == 't' ? "true" : "false");
        break;
    case JNODE_NULL:
        ok = jdoc__lit(p, "null");
        break;
    default:
        ok = (c == '-' || (c >= '0' && c <= '9') || jdoc__fail(p, "not a JSON value")) &&
             jdoc__number(p);
        break;
    }
    if (!ok)
        return -1;
    if (i >= 0) {
        jnode_t *n = &p->d->nodes[i];
        n->text = text;
        n->len = t == JNODE_STR ? len : (size_t)(p->s - start);
        n->escaped = escaped;
    }
    return i;
}

static bool jdoc__top(jdoc__p_t *p, bool object_only)
{
    jdoc__ws(p);
    if (!jdoc__more(p))
        return jdoc__fail(p, "empty line");
    if (object_only && *p->s != '{')
        return jdoc__fail(p, "not a JSON object");
    if (jdoc__value(p, -1, NULL, 0) == -1)
        return false;
    jdoc__ws(p);
    return !jdoc__more(p) || jdoc__fail(p, "text after the end of the JSON value");
}

bool jdoc_parse(jdoc_t *d, const char *s, size_t n)
{
    jdoc__p_t p = {d, s, s, s + n, 0, NULL, NULL};
    d->count = 0;
    bool ok = jdoc__top(&p, true);
    d->why = ok ? NULL : p.why;
    d->at = ok ? 0 : (size_t)(p.at - s);
    if (!ok)
        d->count = 0;
    return ok;
}

bool jdoc_valid(const char *s, size_t n)
{
    jdoc__p_t p = {NULL, s, s, s + n, 0, NULL, NULL};
    return jdoc__top(&p, false);
}

const jnode_t *jdoc_first(const jdoc_t *d, const jnode_t *n)
{
    if (!n || (n->type != JNODE_OBJ && n->type != JNODE_ARR))
        return NULL;
    int i = (int)(n - d->nodes) + 1;
    return i < d->count && d->nodes[i].parent == i - 1 ? &d->nodes[i] : NULL;
}

const jnode_t *jdoc_next(const jdoc_t *d, const jnode_t *n)
{
    return n && n->next >= 0 ? &d->nodes[n->next] : NULL;
}

static const jnode_t *jdoc__member_n(const jdoc_t *d, const jnode_t *obj, const char *name,
                                     size_t len)
{
    if (!obj || obj->type != JNODE_OBJ)
        return NULL;
    for (const jnode_t *m = jdoc_first(d, obj); m; m = jdoc_next(d, m))
        if (m->key_len == len && (len == 0 || m->key[0] == name[0]) &&
            memcmp(m->key, name, len) == 0)
            return m;
    return NULL;
}

const jnode_t *jdoc_member(const jdoc_t *d, const jnode_t *obj, const char *name)
{
    return jdoc__member_n(d, obj, name, strlen(name));
}

const jnode_t *jdoc_get(const jdoc_t *d, const char *path)
{
    if (d->count == 0)
        return NULL;
    const jnode_t *at = &d->nodes[0];
    while (*path && at) {
        const char *dot = strchr(path, '.');
        size_t len = dot ? (size_t)(dot - path) : strlen(path);
        at = jdoc__member_n(d, at, path, len);
        path += len + (dot ? 1 : 0);
    }
    return at;
}

/* Decodes the character at *s of a string (escaped or not) into out; its
 * byte count. Input is a string the parser accepted. A lone surrogate
 * escape decodes as U+FFFD. */
static size_t jdoc__char(const char **s, const char *end, char out[4])
{
    const char *p = *s;
    if (*p != '\\') {
        out[0] = *p;
        *s = p + 1;
        return 1;
    }
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    if (p[1] != 'u') {
        out[0] = to[strchr(from, p[1]) - from];
        *s = p + 2;
        return 1;
    }
    long u = jdoc__hex4(p + 2);
    *s = p + 6;
    if (u >= 0xD800 && u <= 0xDBFF && end - *s >= 6 && (*s)[0] == '\\' && (*s)[1] == 'u') {
        long lo = jdoc__hex4(*s + 2);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
            u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            *s += 6;
        }
    }
    if (u >= 0xD800 && u <= 0xDFFF)
        u = 0xFFFD;
    if (u < 0x80) {
        out[0] = (char)u;
        return 1;
    }
    if (u < 0x800) {
        out[0] = (char)(0xC0 | u >> 6);
        out[1] = (char)(0x80 | (u & 0x3F));
        return 2;
    }
    if (u < 0x10000) {
        out[0] = (char)(0xE0 | u >> 12);
        out[1] = (char)(0x80 | (u >> 6 & 0x3F));
        out[2] = (char)(0x80 | (u & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | u >> 18);
    out[1] = (char)(0x80 | (u >> 12 & 0x3F));
    out[2] = (char)(0x80 | (u >> 6 & 0x3F));
    out[3] = (char)(0x80 | (u & 0x3F));
    return 4;
}

size_t jdoc_node_str(const jnode_t *n, char *buf, size_t cap)
{
    if (!n || n->type != JNODE_STR) {
        if (cap)
            buf[0] = '\0';
        return 0;
    }
    if (!n->escaped) {
        if (cap) {
            size_t k = n->len < cap - 1 ? n->len : cap - 1;
            memcpy(buf, n->text, k);
            buf[k] = '\0';
        }
        return n->len;
    }
    size_t len = 0;
    const char *s = n->text, *end = n->text + n->len;
    while (s < end) {
        char ch[4];
        size_t k = jdoc__char(&s, end, ch);
        for (size_t i = 0; i < k; i++, len++)
            if (len + 1 < cap)
                buf[len] = ch[i];
    }
    if (cap)
        buf[len < cap ? len : cap - 1] = '\0';
    return len;
}

bool jdoc_node_str_is(const jnode_t *n, const char *want)
{
    if (!n || n->type != JNODE_STR)
        return false;
    size_t wl = strlen(want);
    if (!n->escaped)
        return n->len == wl && memcmp(n->text, want, wl) == 0;
    const char *s = n->text, *end = n->text + n->len;
    size_t at = 0;
    while (s < end) {
        char ch[4];
        size_t k = jdoc__char(&s, end, ch);
        if (at + k > wl || memcmp(want + at, ch, k) != 0)
            return false;
        at += k;
    }
    return at == wl;
}

/* The digits of an integer node: no fraction or exponent. */
static bool jdoc__integer(const jnode_t *n, bool *neg, unsigned long long *mag)
{
    if (!n || n->type != JNODE_NUM)
        return false;
    const char *s = n->text, *end = n->text + n->len;
    *neg = s < end && *s == '-';
    s += *neg;
    if (s == end)
        return false;
    unsigned long long v = 0;
    for (; s < end; s++) {
        if (*s < '0' || *s > '9')
            return false;
        unsigned d = (unsigned)(*s - '0');
        if (v > (~0ull - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *mag = v;
    return true;
}

bool jdoc_node_int(const jnode_t *n, long long *out)
{
    bool neg;
    unsigned long long mag;
    if (!jdoc__integer(n, &neg, &mag) ||
        mag > (neg ? 9223372036854775808ull : 9223372036854775807ull))
        return false;
    *out = neg ? (long long)(0 - mag) : (long long)mag;
    return true;
}

bool jdoc_node_uint(const jnode_t *n, unsigned long long *out)
{
    bool neg;
    unsigned long long mag;
    if (!jdoc__integer(n, &neg, &mag) || (neg && mag))
        return false;
    *out = mag;
    return true;
}

bool jdoc_str_is(const jdoc_t *d, const char *path, const char *want)
{
    return jdoc_node_str_is(jdoc_get(d, path), want);
}

bool jdoc_int(const jdoc_t *d, const char *path, long long *out)
{
    return jdoc_node_int(jdoc_get(d, path), out);
}

bool jdoc_is_null(const jdoc_t *d, const char *path)
{
    const jnode_t *n = jdoc_get(d, path);
    return n && n->type == JNODE_NULL;
}
