#include "json.h"

#include <string.h>

#include "out.h"

void json_init(json_t *j, FILE *f)
{
    memset(j, 0, sizeof *j);
    j->f = f;
}

static void json__escaped(json_t *j, const char *s)
{
    fputc('"', j->f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '"' || c == '\\')
            fprintf(j->f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", j->f);
        else if (c == '\t')
            fputs("\\t", j->f);
        else if (c < 0x20)
            fprintf(j->f, "\\u%04x", c);
        else
            fputc(c, j->f);
    }
    fputc('"', j->f);
}

/* The separator and member name before a value. */
static void json__head(json_t *j, const char *key)
{
    if (j->depth > 0 && j->count[j->depth - 1]++ > 0)
        fputc(',', j->f);
    if (key) {
        json__escaped(j, key);
        fputc(':', j->f);
    }
}

static void json__open(json_t *j, const char *key, char c)
{
    json__head(j, key);
    fputc(c, j->f);
    if (j->depth == JSON_MAX_DEPTH)
        return;
    j->count[j->depth] = 0;
    j->close[j->depth] = c == '{' ? '}' : ']';
    j->depth++;
}

void json_object(json_t *j, const char *key)
{
    json__open(j, key, '{');
}

void json_array(json_t *j, const char *key)
{
    json__open(j, key, '[');
}

void json_end(json_t *j)
{
    if (j->depth > 0)
        fputc(j->close[--j->depth], j->f);
}

void json_str(json_t *j, const char *key, const char *utf8)
{
    json__head(j, key);
    json__escaped(j, utf8);
}

void json_wstr(json_t *j, const char *key, const WCHAR *s)
{
    char buf[2048];

    json_str(j, key, out_utf8(s, buf, sizeof buf));
}

void json_uint(json_t *j, const char *key, unsigned long long v)
{
    json__head(j, key);
    fprintf(j->f, "%llu", v);
}

void json_int(json_t *j, const char *key, long long v)
{
    json__head(j, key);
    fprintf(j->f, "%lld", v);
}

void json_null(json_t *j, const char *key)
{
    json__head(j, key);
    fputs("null", j->f);
}

void json_finish(json_t *j)
{
    fputc('\n', j->f);
}
