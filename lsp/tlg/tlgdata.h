/* tlgdata: a TraceLogging event's payload, the field values in field order
 * with no padding. Scalars are copied into a small buffer; binary fields
 * are referred to where they lie, so that large captures are not copied.
 * The payload is the concatenation of the chunks, which a writer hands to
 * ETW as one data descriptor each. */
#ifndef SIOT_TLGDATA_H
#define SIOT_TLGDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct tlgdata_chunk {
    const void *p;
    uint32_t n;
} tlgdata_chunk_t;

typedef struct tlgdata {
    uint8_t *buf;
    size_t cap, len;
    tlgdata_chunk_t *chunks;
    size_t max, count;
    size_t total;  /* payload bytes in all */
    size_t values; /* values added: one per field, for the writer to check */
    bool overflow; /* a value did not fit: the payload is unusable */
} tlgdata_t;

void tlgdata_init(tlgdata_t *d, uint8_t *buf, size_t cap, tlgdata_chunk_t *chunks, size_t max);
void tlgdata_u32(tlgdata_t *d, uint32_t v);
void tlgdata_u64(tlgdata_t *d, uint64_t v);
/* A pointer-sized value of this build (TLG_IN_POINTER). */
void tlgdata_ptr(tlgdata_t *d, uint64_t v);
/* NUL-terminated; NULL is written as "" (TraceLogging cannot say NULL). */
void tlgdata_str(tlgdata_t *d, const char *s);
/* BINARY and COUNTEDBINARY: a UINT16 byte count, then the bytes (not
 * copied: they must live until the event is written). More than 65535
 * bytes cannot be encoded. */
void tlgdata_binary(tlgdata_t *d, const void *p, size_t n);
/* Bytes referred to where they lie, with no count: a string with its NUL
 * (UTF-16 or UTF-8), a SID. They must live until the event is written. */
void tlgdata_ref(tlgdata_t *d, const void *p, size_t n);

#endif
