#include "jdoc.h"

#include <stdlib.h>
#include <string.h>

typedef struct jdoc__p {
    jdoc_t *d;
    const char *s, *end;
    int depth;
} jdoc__p_t;

static void jdoc__ws(jdoc__p_t *p)
{
    while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r'))
        p->s++;
}

static bool jdoc__lit(jdoc__p_t *p, const char *lit)
{
    size_t n = strlen(lit);
    if ((size_t)(p->end - p->s) < n || memcmp(p->s, lit, n) != 0)
        return false;
    p->s += n;
    return true;
}

static bool jdoc__hex4(const char *s)
{
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

/* A string: its contents, without the quotes, go to text and len. */
static bool jdoc__string(jdoc__p_t *p, const char **text, size_t *len)
{
    if (p->s >= p->end || *p->s != '"')
        return false;
    const char *start = ++p->s;
    while (p->s < p->end && *p->s != '"') {
        unsigned char c = (unsigned char)*p->s;
        if (c < 0x20)
            return false;
        if (c == '\\') {
            if (p->end - p->s < 2)
                return false;
            char e = p->s[1];
            if (e == 'u') {
                if (p->end - p->s < 6 || !jdoc__hex4(p->s + 2))
                    return false;
                p->s += 6;
                continue;
            }
            if (!strchr("\"\\/bfnrt", e))
                return false;
            p->s += 2;
            continue;
        }
        p->s++;
    }
    if (p->s >= p->end)
        return false;
    *text = start;
    *len = (size_t)(p->s - start);
    p->s++;
    return true;
}

static bool jdoc__digits(jdoc__p_t *p)
{
    const char *start = p->s;
    while (p->s < p->end && *p->s >= '0' && *p->s <= '9')
        p->s++;
    return p->s > start;
}

static bool jdoc__number(jdoc__p_t *p)
{
    if (p->s < p->end && *p->s == '-')
        p->s++;
    if (p->s < p->end && *p->s == '0')
        p->s++;
    else if (!jdoc__digits(p))
        return false;
    if (p->s < p->end && *p->s == '.') {
        p->s++;
        if (!jdoc__digits(p))
            return false;
    }
    if (p->s < p->end && (*p->s == 'e' || *p->s == 'E')) {
        p->s++;
        if (p->s < p->end && (*p->s == '+' || *p->s == '-'))
            p->s++;
        if (!jdoc__digits(p))
            return false;
    }
    return true;
}

static bool jdoc__value(jdoc__p_t *p, int parent, const char *key, size_t key_len);

static int jdoc__node(jdoc__p_t *p, jnode_type_t t, int parent, const char *key, size_t key_len)
{
    if (p->d->count >= JDOC_MAX_NODES)
        return -1;
    int i = p->d->count++;
    jnode_t *n = &p->d->nodes[i];
    n->type = t;
    n->parent = parent;
    n->key = key;
    n->key_len = key_len;
    n->text = p->s;
    n->len = 0;
    return i;
}

static bool jdoc__container(jdoc__p_t *p, int self, bool object)
{
    char close = object ? '}' : ']';
    if (++p->depth > 64)
        return false;
    p->s++;
    jdoc__ws(p);
    if (p->s < p->end && *p->s == close) {
        p->s++;
        p->depth--;
        return true;
    }
    for (;;) {
        const char *k = NULL;
        size_t kl = 0;
        jdoc__ws(p);
        if (object) {
            if (!jdoc__string(p, &k, &kl))
                return false;
            jdoc__ws(p);
            if (p->s >= p->end || *p->s != ':')
                return false;
            p->s++;
        }
        if (!jdoc__value(p, self, k, kl))
            return false;
        jdoc__ws(p);
        if (p->s < p->end && *p->s == ',') {
            p->s++;
            continue;
        }
        if (p->s < p->end && *p->s == close) {
            p->s++;
            p->depth--;
            return true;
        }
        return false;
    }
}

static bool jdoc__value(jdoc__p_t *p, int parent, const char *key, size_t key_len)
{
    jdoc__ws(p);
    if (p->s >= p->end)
        return false;
    const char *start = p->s;
    char c = *p->s;
    int i;
    bool ok;
    switch (c) {
    case '{':
    case '[':
        i = jdoc__node(p, c == '{' ? JNODE_OBJ : JNODE_ARR, parent, key, key_len);
        ok = i >= 0 && jdoc__container(p, i, c == '{');
        break;
    case '"': {
        const char *t;
        size_t l;
        i = jdoc__node(p, JNODE_STR, parent, key, key_len);
        ok = i >= 0 && jdoc__string(p, &t, &l);
        if (ok) {
            p->d->nodes[i].text = t;
            p->d->nodes[i].len = l;
        }
        return ok;
    }
    case 't':
    case 'f':
        i = jdoc__node(p, JNODE_BOOL, parent, key, key_len);
        ok = i >= 0 && (jdoc__lit(p, "true") || jdoc__lit(p, "false"));
        break;
    case 'n':
        i = jdoc__node(p, JNODE_NULL, parent, key, key_len);
        ok = i >= 0 && jdoc__lit(p, "null");
        break;
    default:
        i = jdoc__node(p, JNODE_NUM, parent, key, key_len);
        ok = i >= 0 && jdoc__number(p);
        break;
    }
    if (ok)
        p->d->nodes[i].len = (size_t)(p->s - start);
    return ok;
}

bool jdoc_parse(jdoc_t *d, const char *s, size_t n)
{
    jdoc__p_t p = {d, s, s + n, 0};
    d->count = 0;
    jdoc__ws(&p);
    if (p.s >= p.end || *p.s != '{' || !jdoc__value(&p, -1, NULL, 0))
        return false;
    jdoc__ws(&p);
    return p.s == p.end;
}

static int jdoc__child(const jdoc_t *d, int parent, const char *name, size_t len)
{
    for (int i = parent + 1; i < d->count; i++)
        if (d->nodes[i].parent == parent && d->nodes[i].key && d->nodes[i].key_len == len &&
            memcmp(d->nodes[i].key, name, len) == 0)
            return i;
    return -1;
}

const jnode_t *jdoc_get(const jdoc_t *d, const char *path)
{
    if (d->count == 0)
        return NULL;
    int at = 0;
    while (*path) {
        const char *dot = strchr(path, '.');
        size_t len = dot ? (size_t)(dot - path) : strlen(path);
        at = jdoc__child(d, at, path, len);
        if (at < 0)
            return NULL;
        path += len + (dot ? 1 : 0);
    }
    return &d->nodes[at];
}

bool jdoc_str_is(const jdoc_t *d, const char *path, const char *want)
{
    const jnode_t *n = jdoc_get(d, path);
    return n && n->type == JNODE_STR && n->len == strlen(want) &&
           memcmp(n->text, want, n->len) == 0;
}

bool jdoc_int(const jdoc_t *d, const char *path, long long *out)
{
    const jnode_t *n = jdoc_get(d, path);
    char buf[32];
    if (!n || n->type != JNODE_NUM || n->len >= sizeof buf)
        return false;
    memcpy(buf, n->text, n->len);
    buf[n->len] = '\0';
    char *end;
    *out = strtoll(buf, &end, 10);
    return *end == '\0';
}

bool jdoc_is_null(const jdoc_t *d, const char *path)
{
    const jnode_t *n = jdoc_get(d, path);
    return n && n->type == JNODE_NULL;
}
