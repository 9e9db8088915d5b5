/* jdoc: a strict JSON reader for the tests, enough to prove a log line is
 * one well-formed JSON object and to read its fields by path
 * ("out.value.onoff"). Strings are kept as slices of the line. */
#ifndef SIOT_JDOC_H
#define SIOT_JDOC_H

#include <stdbool.h>
#include <stddef.h>

#define JDOC_MAX_NODES 512

typedef enum jnode_type {
    JNODE_NULL,
    JNODE_BOOL,
    JNODE_NUM,
    JNODE_STR,
    JNODE_ARR,
    JNODE_OBJ
} jnode_type_t;

typedef struct jnode {
    jnode_type_t type;
    int parent;            /* index, -1 for the root */
    const char *key;       /* member name (slice, no quotes), NULL in arrays */
    size_t key_len;
    const char *text;      /* the value's text: a string without its quotes */
    size_t len;
} jnode_t;

typedef struct jdoc {
    jnode_t nodes[JDOC_MAX_NODES];
    int count;
} jdoc_t;

/* True when s[0..n) is exactly one JSON object (surrounding blanks allowed). */
bool jdoc_parse(jdoc_t *d, const char *s, size_t n);
/* The node at a dotted path of member names from the root, or NULL. */
const jnode_t *jdoc_get(const jdoc_t *d, const char *path);
/* Convenience: string member equal to want (no escapes in want). */
bool jdoc_str_is(const jdoc_t *d, const char *path, const char *want);
/* Integer member; false when absent or not a number. */
bool jdoc_int(const jdoc_t *d, const char *path, long long *out);
bool jdoc_is_null(const jdoc_t *d, const char *path);

#endif
