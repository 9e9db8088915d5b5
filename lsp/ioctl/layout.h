/* layout: decodes a C structure from raw bytes by a table of its members,
 * laid out as the Windows compilers lay it out (natural alignment; pointer
 * width a parameter), never reading past the bytes it is given. */
#ifndef SIOT_LAYOUT_H
#define SIOT_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emit.h"

typedef enum layout_type {
    LT_U8,
    LT_U16,
    LT_U32,
    LT_U64,
    LT_I32,
    LT_BOOLEAN, /* 1 byte */
    LT_BOOL,    /* 4 bytes */
    LT_HEX32,
    LT_HEX64,
    LT_PTR,    /* pointer-sized, shown in hex */
    LT_SOCKET, /* pointer-sized */
    LT_ENUM8,
    LT_ENUM16,
    LT_ENUM32,       /* aux: const xlat_t * */
    LT_FLAGS32,      /* aux: const xlat_t * */
    LT_GUID,         /* shown by name (WSAID_...) and in braces */
    LT_PORT,         /* u16 in network order */
    LT_IN4,          /* in_addr */
    LT_IN6,          /* in6_addr */
    LT_SOCKADDR_GEN, /* sockaddr_gen: 24 bytes holding sockaddr_in or sockaddr_in6_old */
    LT_SPECIAL16,    /* u16 with special values: aux const xlat_t *, else the number */
    LT_SPECIAL8,
    LT_STRUCT /* aux: const layout_t * */
} layout_type_t;

typedef struct layout_field {
    const char *name;
    layout_type_t type;
    const void *aux;
} layout_field_t;

typedef struct layout {
    const char *type; /* the C type name */
    const layout_field_t *fields;
    size_t count;
} layout_t;

/* A bounded reader over one buffer. `addr` is the buffer's address in the
 * traced process, for structures that point into themselves. */
typedef struct layout_cursor {
    const uint8_t *p;
    size_t n;
    size_t off;
    unsigned ptr_bytes; /* 4 or 8 */
    uint64_t addr;
    bool short_; /* a read wanted bytes past n */
} layout_cursor_t;

layout_cursor_t layout_cursor(const uint8_t *p, size_t n, unsigned ptr_bytes, uint64_t addr);

/* Reads an unsigned little-endian integer of `size` bytes; false (and
 * short_ set) when it does not fit. */
bool layout_read(layout_cursor_t *c, size_t size, uint64_t *v);
/* Moves to the next multiple of `align` (within the buffer or to its end). */
void layout_align(layout_cursor_t *c, size_t align);

size_t layout_sizeof(const layout_t *l, unsigned ptr_bytes);
size_t layout_alignof(const layout_t *l, unsigned ptr_bytes);

/* Emits one member's value under its name (or bare, when the name is NULL).
 * Returns false if it did not fit. */
bool layout_value(emit_t *e, const layout_field_t *f, layout_cursor_t *c);

/* Emits the structure as an object under `key`, member by member, until
 * the bytes run out. Returns false if it was cut short. */
bool layout_emit(emit_t *e, const char *key, const layout_t *l, layout_cursor_t *c);

/* Emits a sockaddr of at most `len` bytes (its family picks the form). */
bool layout_sockaddr(emit_t *e, const char *key, layout_cursor_t *c, size_t len);

/* "192.0.2.1" and RFC 5952 text for IPv6; need 16 and 46 bytes. */
void layout_in4_format(char out[16], const uint8_t a[4]);
void layout_in6_format(char out[46], const uint8_t a[16]);

#define LAYOUT(var, ctype, ...)                                                                    \
    static const layout_field_t var##_fields[] = {__VA_ARGS__};                                    \
    static const layout_t var = {ctype, var##_fields, sizeof var##_fields / sizeof var##_fields[0]}

#endif
