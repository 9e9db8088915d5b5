/* record: the compact binary form of one traced WSPIoctl call, filled on the
 * application's thread (raw bytes only, no decoding) and turned into a
 * rec_call_t for rendering on the writer's thread.
 *
 * A record is built on the caller's stack and copied whole into the queue.
 * Buffers up to RECORD_INLINE bytes in all are kept inside it, so that the
 * common call takes no lock and touches no heap; larger captures go to a
 * private heap, never the process heap (a thread terminated at process exit
 * while holding the process heap's lock would stall every DLL's detach). */
#ifndef SIOT_RECORD_H
#define SIOT_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rec.h"

/* Bytes kept of each buffer; the rest is counted, not copied. */
#define RECORD_CAPTURE_MAX 4096u
#define RECORD_INLINE      320u

typedef struct record_buf {
    uint64_t addr;   /* the application's pointer */
    uint32_t size;   /* the length it declared */
    uint32_t len;    /* bytes captured */
    uint32_t cap;    /* room reserved for them */
    uint32_t offset; /* of the captured bytes in the record's data */
    rec_buf_state_t state;
} record_buf_t;

/* The socket's bound address as an audit shows it: up to a sockaddr_in6. */
#define RECORD_LOCAL_MAX 28u

/* What a record is about: an IOCTL call; a socket's creation (by WSPSocket,
 * WSPAccept or WSPJoinLeaf), bind or close, for the trace (sockev); or, for
 * the capture audit alone, a socket with a capture session closed, or the
 * last WSPCleanup (every socket gone). */
typedef enum record_kind {
    RECORD_CALL,
    RECORD_SOCKET,
    RECORD_ACCEPT,
    RECORD_JOIN,
    RECORD_BIND,
    RECORD_CLOSE,
    RECORD_CLOSED,
    RECORD_CLEANUP
} record_kind_t;

typedef struct record {
    uint64_t time_us, socket, lower_ns;
    uint64_t seq; /* shared by the call's ETW Call and Decoded events; 0: none */
    uint32_t tid, code, bytes;
    int32_t af, type, protocol, ret, error;
    uint8_t kind; /* record_kind_t */
    bool bytes_valid, overlapped;
    bool traced; /* for the trace files */
    bool audit;  /* for the audit file: never dropped */
    uint8_t local_len;
    uint8_t local[RECORD_LOCAL_MAX];
    record_buf_t in, out;
    uint8_t *ext;      /* private-heap block when the captures exceed RECORD_INLINE */
    uint32_t ext_size; /* its size, kept after release for the queue's accounting */
    uint8_t inline_data[RECORD_INLINE];
} record_t;

/* Prepares r with room for the first bytes of an input of in_size and an
 * output of out_size (each capped at RECORD_CAPTURE_MAX). When the private
 * heap cannot supply room, less is kept and the buffers say "clipped". */
void record_init(record_t *r, uint32_t in_size, uint32_t out_size);
/* Destroys the private heap: the DLL is being unloaded, and nothing queued
 * is read again. */
void record_unload(void);
/* A record of kind RECORD_CLOSED or RECORD_CLEANUP, for the audit alone. */
void record_init_event(record_t *r, record_kind_t kind, uint64_t socket, uint64_t time_us);
/* Frees what record_init took from the private heap (ext_size stays). */
void record_release(record_t *r);
/* The bytes of r that hold anything: its head and the captures kept inline.
 * Only these are copied into the queue, so that a call moves few cache lines. */
size_t record_used(const record_t *r);

/* Copies up to `want` bytes of the application's buffer p (declared size
 * `size`) without faulting, and sets the buffer's state. */
void record_capture(record_t *r, record_buf_t *b, const void *p, uint32_t size, uint32_t want);

/* A view of r for rec_json/rec_text; valid while r lives. */
void record_view(const record_t *r, const char *image, rec_call_t *c);

#endif
