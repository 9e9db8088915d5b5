/* ioctl: the table of Winsock IOCTLs siotrace knows (ioctl_codes.def):
 * names, values, documented opcode settings and buffer decoders. */
#ifndef SIOT_IOCTL_H
#define SIOT_IOCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dec.h"

/* The opcode setting the reference page documents. */
#define DOC_NONE 0u
#define DOC_I    1u
#define DOC_O    2u
#define DOC_V    4u

typedef struct ioctl_info {
    const char *name;
    uint32_t code;
    unsigned doc_io;    /* DOC_* bits; DOC_NONE when the page gives no setting */
    int doc_t;          /* documented T, -1 when not given */
    const char *header; /* the SDK header that defines it */
    const char *since;  /* first Windows version that supports it */
    const dec_t *in, *out;
    const char *desc;
} ioctl_info_t;

size_t ioctl_count(void);
const ioctl_info_t *ioctl_at(size_t i);
/* The first row with this value, or NULL. */
const ioctl_info_t *ioctl_by_code(uint32_t code);
/* By name, ignoring case; NULL when unknown. */
const ioctl_info_t *ioctl_by_name(const char *name);
/* The row after `prev` with the same value (an alias), or NULL. */
const ioctl_info_t *ioctl_next_alias(const ioctl_info_t *prev);

/* Whether the documented setting agrees with the value's bits. Rows with
 * no documented setting agree by definition. */
bool ioctl_doc_agrees(const ioctl_info_t *io);
/* The documented setting as the page writes it: "I, O, T==3"; "" if none. */
size_t ioctl_doc_format(char *buf, size_t n, const ioctl_info_t *io);

#endif
