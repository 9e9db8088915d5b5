/* emit: writes one decoded value as JSON or as text for people, into a
 * caller's buffer or, for output of any length, a sink. The same decoder
 * drives both renderings, so they cannot disagree. Bounded and reentrant:
 * output past a buffer's capacity is counted, not written, and the buffer
 * always ends with a NUL. */
#ifndef SIOT_EMIT_H
#define SIOT_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EMIT_MAX_DEPTH 16

typedef enum emit_mode { EMIT_TEXT, EMIT_JSON } emit_mode_t;

/* Takes each piece of output as it is made (n bytes, no NUL). */
typedef void emit_sink_fn(void *ctx, const char *s, size_t n);

typedef struct emit {
    char *buf;
    size_t cap;
    emit_sink_fn *sink; /* when set, output goes here and buf is unused */
    void *sink_ctx;
    size_t len; /* bytes the whole output needs, NUL excluded */
    emit_mode_t mode;
    int depth;
    bool first[EMIT_MAX_DEPTH + 1];  /* no member written yet at this depth */
    char closer[EMIT_MAX_DEPTH + 1]; /* bracket that closes each open level */
} emit_t;

void emit_init(emit_t *e, char *buf, size_t cap, emit_mode_t mode);
void emit_init_sink(emit_t *e, emit_sink_fn *sink, void *ctx, emit_mode_t mode);
bool emit_json(const emit_t *e);

/* Members. `key` is NULL for array elements and for the top-level value.
 * In text mode a key prints as "key=", objects as {...}, arrays as [...]. */
void emit_open(emit_t *e, const char *key, char bracket); /* '{' or '[' */
void emit_close(emit_t *e);
void emit_uint(emit_t *e, const char *key, uint64_t v);
void emit_int(emit_t *e, const char *key, int64_t v);
void emit_bool(emit_t *e, const char *key, bool v);
void emit_null(emit_t *e, const char *key);
void emit_str(emit_t *e, const char *key, const char *s);
/* The same for the n bytes at s, which need no NUL. */
void emit_strn(emit_t *e, const char *key, const char *s, size_t n);
/* "0x%0*llX": a JSON string, so 64-bit values survive any JSON reader. */
void emit_hex(emit_t *e, const char *key, uint64_t v, int digits);
/* Bytes as lowercase hex without separators. */
void emit_bytes(emit_t *e, const char *key, const uint8_t *p, size_t n);
/* A named constant: its name when known, else the number. */
void emit_named(emit_t *e, const char *key, const char *name, int64_t v);

/* Raw text appended as it is, for renderers that lay out their own line. */
void emit_raw(emit_t *e, const char *s);
void emit_rawf(emit_t *e, const char *fmt, ...)
#if defined(__MINGW32__)
    __attribute__((format(gnu_printf, 2, 3)))
#elif defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
