#include "jsoncheck.h"

#include <string.h>

typedef struct jc {
    const char *s;
    size_t n, i;
    int depth;
} jc_t;

static bool jc__value(jc_t *j);

static void jc__ws(jc_t *j)
{
    while (j->i < j->n && strchr(" \t\r\n", j->s[j->i]) && j->s[j->i])
        j->i++;
}

static bool jc__lit(jc_t *j, const char *lit)
{
    size_t len = strlen(lit);
    if (j->n - j->i < len || memcmp(j->s + j->i, lit, len) != 0)
        return false;
    j->i += len;
    return true;
}

static bool jc__string(jc_t *j)
{
    if (j->i >= j->n || j->s[j->i] != '"')
        return false;
    for (j->i++; j->i < j->n; j->i++) {
        unsigned char c = (unsigned char)j->s[j->i];
        if (c == '"') {
            j->i++;
            return true;
        }
        if (c < 0x20)
            return false;
        if (c == '\\') {
            if (++j->i >= j->n || !strchr("\"\\/bfnrtu", j->s[j->i]))
                return false;
        }
    }
    return false;
}

static bool jc__number(jc_t *j)
{
    size_t start = j->i;
    if (j->i < j->n && j->s[j->i] == '-')
        j->i++;
    size_t digits = j->i;
    while (j->i < j->n && ((j->s[j->i] >= '0' && j->s[j->i] <= '9') || strchr(".eE+-", j->s[j->i])))
        j->i++;
    return j->i > digits && j->i > start;
}

static bool jc__container(jc_t *j, char close, bool keyed)
{
    if (++j->depth > 64)
        return false;
    j->i++;
    jc__ws(j);
    if (j->i < j->n && j->s[j->i] == close) {
        j->i++;
        j->depth--;
        return true;
    }
    for (;;) {
        jc__ws(j);
        if (keyed) {
            if (!jc__string(j))
                return false;
            jc__ws(j);
            if (j->i >= j->n || j->s[j->i++] != ':')
                return false;
        }
        if (!jc__value(j))
            return false;
        jc__ws(j);
        if (j->i >= j->n)
            return false;
        char c = j->s[j->i++];
        if (c == close) {
            j->depth--;
            return true;
        }
        if (c != ',')
            return false;
    }
}

static bool jc__value(jc_t *j)
{
    jc__ws(j);
    if (j->i >= j->n)
        return false;
    switch (j->s[j->i]) {
    case '{': return jc__container(j, '}', true);
    case '[': return jc__container(j, ']', false);
    case '"': return jc__string(j);
    case 't': return jc__lit(j, "true");
    case 'f': return jc__lit(j, "false");
    case 'n': return jc__lit(j, "null");
    default: return jc__number(j);
    }
}

bool jsoncheck_valid(const char *s, size_t n)
{
    jc_t j = {s, n, 0, 0};
    if (!jc__value(&j))
        return false;
    jc__ws(&j);
    return j.i == n;
}
