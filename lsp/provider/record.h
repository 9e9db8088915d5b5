/* record: the compact binary form of one traced WSPIoctl call, filled on the
 * application's thread (raw bytes only, no decoding) and turned into a
 * rec_call_t for rendering on the writer's thread. */
#ifndef SIOT_RECORD_H
#define SIOT_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rec.h"

/* Bytes kept of each buffer; the rest is counted, not copied. */
#define RECORD_CAPTURE_MAX 4096u

typedef struct record_buf {
    uint64_t addr;  /* the application's pointer */
    uint32_t size;  /* the length it declared */
    uint32_t len;   /* bytes captured */
    uint32_t cap;   /* room reserved for them */
    uint32_t offset;/* of the captured bytes in record_t.data */
    rec_buf_state_t state;
} record_buf_t;

typedef struct record {
    uint32_t alloc; /* bytes allocated, counted against the queue's budget */
    bool audit;     /* a capture-audit code: never dropped while room remains */
    uint64_t time_us, socket, lower_ns;
    uint32_t tid, code, bytes;
    int32_t af, type, protocol, ret, error;
    bool bytes_valid, overlapped;
    record_buf_t in, out;
    uint8_t data[];
} record_t;

/* A record with room for the first bytes of an input of in_size and an
 * output of out_size (each capped at RECORD_CAPTURE_MAX). NULL when memory
 * runs out. */
record_t *record_new(uint32_t in_size, uint32_t out_size);
void record_free(record_t *r);

/* Copies up to `want` bytes of the application's buffer p (declared size
 * `size`) without faulting, and sets the buffer's state. */
void record_capture(record_t *r, record_buf_t *b, const void *p, uint32_t size, uint32_t want);

/* A view of r for rec_json/rec_text; valid while r lives. */
void record_view(const record_t *r, const char *image, rec_call_t *c);

#endif
