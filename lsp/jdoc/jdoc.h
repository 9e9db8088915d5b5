/* jdoc: the one JSON reader of siotrace, for its tools and tests. It parses
 * one JSON text (a log line) into a flat array of nodes in document order,
 * each a slice of the input, so nothing is copied or allocated.
 *
 * Bounded: it reads only s[0..n) (no terminating NUL is needed or looked
 * for), keeps at most JDOC_MAX_NODES values nested at most JDOC_MAX_DEPTH
 * deep, and on failure says why and at which byte it stopped. Strict
 * RFC 8259: strings must be valid UTF-8 without raw control characters. */
#ifndef SIOT_JDOC_H
#define SIOT_JDOC_H

#include <stdbool.h>
#include <stddef.h>

#define JDOC_MAX_NODES 4096
#define JDOC_MAX_DEPTH 64

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
    int parent;      /* index, -1 for the root */
    int next;        /* index of the next member of the parent, -1 for the last */
    const char *key; /* member name as written (slice, no quotes), NULL in arrays */
    size_t key_len;
    const char *text; /* the value's text: a string without its quotes, a
                         container from its bracket to its closing one */
    size_t len;
    bool escaped; /* a string holding backslash escapes */
} jnode_t;

typedef struct jdoc {
    jnode_t nodes[JDOC_MAX_NODES];
    int count;
    const char *why; /* after a failed parse: the reason, for a message */
    size_t at;       /* and the offset of the byte where it was found */
} jdoc_t;

/* True when s[0..n) is exactly one JSON object (surrounding blanks allowed). */
bool jdoc_parse(jdoc_t *d, const char *s, size_t n);
/* True when s[0..n) is exactly one JSON value of any kind; no node limit. */
bool jdoc_valid(const char *s, size_t n);

/* The node at a dotted path of member names from the root, or NULL. Member
 * names are compared as written (siotrace never escapes a name). */
const jnode_t *jdoc_get(const jdoc_t *d, const char *path);
/* The member `name` of object node obj, or NULL. */
const jnode_t *jdoc_member(const jdoc_t *d, const jnode_t *obj, const char *name);
/* The first element or member of a container, and the one after n; NULL at the end. */
const jnode_t *jdoc_first(const jdoc_t *d, const jnode_t *n);
const jnode_t *jdoc_next(const jdoc_t *d, const jnode_t *n);

/* String member equal to want (escapes in the document decoded; none in want). */
bool jdoc_str_is(const jdoc_t *d, const char *path, const char *want);
/* Integer member; false when absent or not an integer that fits. */
bool jdoc_int(const jdoc_t *d, const char *path, long long *out);
bool jdoc_is_null(const jdoc_t *d, const char *path);

/* The same on a node (NULL allowed: false). */
bool jdoc_node_str_is(const jnode_t *n, const char *want);
bool jdoc_node_int(const jnode_t *n, long long *out);
bool jdoc_node_uint(const jnode_t *n, unsigned long long *out);
/* A string node's text with its escapes decoded, like snprintf: at most cap
 * bytes including the NUL; returns the length it needs; 0 when not a string. */
size_t jdoc_node_str(const jnode_t *n, char *buf, size_t cap);

#endif
