/* rec: one traced WSPIoctl call as the provider captured it, and its two
 * renderings: a JSON object for programs and a text line for people. The
 * provider fills a rec_call_t with raw bytes on the application's thread;
 * everything here runs later, on the writer's thread. */
#ifndef SIOT_REC_H
#define SIOT_REC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emit.h"
#include "jdoc.h"

typedef enum rec_buf_state {
    REC_BUF_NONE,       /* NULL pointer or zero length: nothing to read */
    REC_BUF_OK,         /* every byte the call concerns was captured */
    REC_BUF_CLIPPED,    /* more bytes than the capture limit: the first len kept */
    REC_BUF_PARTIAL,    /* only the first len bytes were readable */
    REC_BUF_UNREADABLE, /* the pointer could not be read at all */
    REC_BUF_PENDING     /* output of an overlapped call not complete yet */
} rec_buf_state_t;

typedef struct rec_buf {
    const uint8_t *data; /* captured bytes */
    uint32_t len;        /* captured length */
    uint32_t size;       /* length the application declared (cbInBuffer/cbOutBuffer) */
    uint64_t addr;       /* the application's pointer, for self-relative structures */
    rec_buf_state_t state;
} rec_buf_t;

typedef struct rec_call {
    uint64_t time_us; /* UTC, microseconds since 1970-01-01 */
    uint32_t pid, tid;
    uint64_t instance_us; /* the process start time (UTC us): with pid, one process */
    const char *image;    /* process image base name, UTF-8; may be NULL */
    uint64_t socket;
    int32_t af, type, protocol; /* -1 when unknown */
    uint32_t code;
    uint8_t ptr_bytes; /* 4 for a 32-bit process, 8 for 64-bit */
    rec_buf_t in;
    rec_buf_t out;     /* output: captured only up to the bytes returned */
    int32_t ret;       /* the lower provider's return value */
    int32_t error;     /* its *lpErrno when ret != 0 */
    uint32_t bytes;    /* *lpcbBytesReturned after the call */
    bool bytes_valid;  /* false when lpcbBytesReturned was NULL or unreadable */
    bool overlapped;   /* lpOverlapped or a completion routine was given */
    uint64_t lower_ns; /* time spent in the lower provider's WSPIoctl */
    /* A call read back from its JSON line (recread) holds no buffer bytes:
     * the line's "in" and "out" objects instead, whose decoded members
     * rec_text renders as they are. NULL for a capture. */
    const jdoc_t *doc;
    const jnode_t *in_json, *out_json;
} rec_call_t;

/* Error value of a pending overlapped call (WSA_IO_PENDING). */
#define REC_IO_PENDING 997

/* UTC microseconds since 1970 as "2026-11-24T03:09:21.088850Z". */
#define REC_TIME_LEN 48
void rec_time(char out[REC_TIME_LEN], uint64_t time_us);
/* The inverse, for s[0..n) exactly in that form; false otherwise. */
bool rec_time_read(const char *s, size_t n, uint64_t *time_us);

/* Like snprintf: writes at most n bytes including the NUL and returns the
 * length the whole line needs. No newline is added. A value with several
 * names is described by the row the socket makes it (capture_row). rec_text
 * is the text form of the DLL's .log files and of `lsplog cat` alike: for a
 * call read back from its JSON line it renders the buffers' decoded members
 * from the line (see rec__replay), everything else from the same fields. */
size_t rec_json(char *buf, size_t n, const rec_call_t *c);
size_t rec_text(char *buf, size_t n, const rec_call_t *c);
/* The value of the JSON record's "in" (is_out false) or "out" member alone,
 * exactly as rec_json writes it: an object, or null. Like snprintf. */
size_t rec_json_member(char *buf, size_t n, const rec_call_t *c, bool is_out);
/* A buffer's state as the JSON record names it: "ok", "clipped", ... */
const char *rec_buf_state_name(rec_buf_state_t s);

/* Members every JSON record starts with, into the object e has open:
 * time, pid, instance. */
void rec_json_head(emit_t *e, uint64_t time_us, uint32_t pid, uint64_t instance_us);
/* Members socket, af, socktype, protocol of a call record. */
void rec_json_socket(emit_t *e, const rec_call_t *c);
/* One buffer as the "in" and "out" members show it. */
void rec_json_buffer(emit_t *e, const char *key, const rec_call_t *c, const rec_buf_t *b,
                     bool is_out);

#endif
