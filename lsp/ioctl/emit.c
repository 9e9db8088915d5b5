#include "emit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void emit_init(emit_t *e, char *buf, size_t cap, emit_mode_t mode)
{
    memset(e, 0, sizeof *e);
    e->buf = buf;
    e->cap = cap;
    e->mode = mode;
    e->first[0] = true;
    if (cap > 0)
        buf[0] = '\0';
}

void emit_init_sink(emit_t *e, emit_sink_fn *sink, void *ctx, emit_mode_t mode)
{
    emit_init(e, NULL, 0, mode);
    e->sink = sink;
    e->sink_ctx = ctx;
}

bool emit_json(const emit_t *e)
{
    return e->mode == EMIT_JSON;
}

static void emit__put(emit_t *e, const char *s, size_t n)
{
    if (e->sink)
        e->sink(e->sink_ctx, s, n);
    else if (e->len + 1 < e->cap) {
        size_t room = e->cap - 1 - e->len;
        memcpy(e->buf + e->len, s, n < room ? n : room);
        e->buf[e->len + (n < room ? n : room)] = '\0';
    }
    e->len += n;
}

void emit_raw(emit_t *e, const char *s)
{
    emit__put(e, s, strlen(s));
}

void emit_rawf(emit_t *e, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        emit__put(e, tmp, (size_t)n);
        return;
    }
    if (e->sink) {
        char *big = malloc((size_t)n + 1);
        if (big) {
            va_start(ap, fmt);
            vsnprintf(big, (size_t)n + 1, fmt, ap);
            va_end(ap);
            e->sink(e->sink_ctx, big, (size_t)n);
            free(big);
        }
        e->len += (size_t)n;
        return;
    }
    /* Rare long pieces are formatted straight into the buffer. */
    size_t room = e->len < e->cap ? e->cap - e->len : 0;
    va_start(ap, fmt);
    vsnprintf(room ? e->buf + e->len : tmp, room ? room : 1, fmt, ap);
    va_end(ap);
    e->len += (size_t)n;
}

static void emit__json_string(emit_t *e, const char *s, size_t n)
{
    emit__put(e, "\"", 1);
    for (const char *end = s + n; s < end; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            char esc[2] = {'\\', (char)c};
            emit__put(e, esc, 2);
        } else if (c < 0x20) {
            emit_rawf(e, "\\u%04x", c);
        } else {
            emit__put(e, (const char *)&c, 1);
        }
    }
    emit__put(e, "\"", 1);
}

/* Separator and key of the next member at the current depth. */
static void emit__key(emit_t *e, const char *key)
{
    if (!e->first[e->depth])
        emit_raw(e, emit_json(e) ? "," : ", ");
    e->first[e->depth] = false;
    if (!key)
        return;
    if (emit_json(e)) {
        emit__json_string(e, key, strlen(key));
        emit__put(e, ":", 1);
    } else {
        emit_raw(e, key);
        emit__put(e, "=", 1);
    }
}

void emit_open(emit_t *e, const char *key, char bracket)
{
    emit__key(e, key);
    emit__put(e, &bracket, 1);
    /* Deeper levels than any decoder needs are flattened, never overflowed. */
    if (e->depth < EMIT_MAX_DEPTH)
        e->depth++;
    e->first[e->depth] = true;
    e->closer[e->depth] = bracket == '[' ? ']' : '}';
}

void emit_close(emit_t *e)
{
    if (e->depth == 0)
        return;
    emit__put(e, &e->closer[e->depth], 1);
    e->depth--;
}

void emit_uint(emit_t *e, const char *key, uint64_t v)
{
    emit__key(e, key);
    emit_rawf(e, "%llu", (unsigned long long)v);
}

void emit_int(emit_t *e, const char *key, int64_t v)
{
    emit__key(e, key);
    emit_rawf(e, "%lld", (long long)v);
}

void emit_bool(emit_t *e, const char *key, bool v)
{
    emit__key(e, key);
    emit_raw(e, v ? "true" : "false");
}

void emit_null(emit_t *e, const char *key)
{
    emit__key(e, key);
    emit_raw(e, emit_json(e) ? "null" : "-");
}

void emit_str(emit_t *e, const char *key, const char *s)
{
    emit_strn(e, key, s, strlen(s));
}

void emit_strn(emit_t *e, const char *key, const char *s, size_t n)
{
    emit__key(e, key);
    if (emit_json(e))
        emit__json_string(e, s, n);
    else
        emit__put(e, s, n);
}

void emit_hex(emit_t *e, const char *key, uint64_t v, int digits)
{
    emit__key(e, key);
    const char *q = emit_json(e) ? "\"" : "";
    emit_rawf(e, "%s0x%0*llX%s", q, digits, (unsigned long long)v, q);
}

void emit_bytes(emit_t *e, const char *key, const uint8_t *p, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    emit__key(e, key);
    if (emit_json(e))
        emit__put(e, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        char pair[2] = {digits[p[i] >> 4], digits[p[i] & 15]};
        emit__put(e, pair, 2);
    }
    if (emit_json(e))
        emit__put(e, "\"", 1);
}

void emit_named(emit_t *e, const char *key, const char *name, int64_t v)
{
    if (name)
        emit_str(e, key, name);
    else
        emit_int(e, key, v);
}
