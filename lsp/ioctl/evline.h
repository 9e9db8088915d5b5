/* evline: the lines siotrace writes that are not IOCTL calls: a socket
 * created, bound or closed, records dropped, a file at its size cap. One
 * struct is rendered as a JSON object or a text line, and read back from
 * the JSON line into the same struct, so that the DLL's text file and
 * `lsplog cat` print the same bytes. */
#ifndef SIOT_EVLINE_H
#define SIOT_EVLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jdoc.h"

typedef enum evline_kind {
    EVLINE_SOCKET,  /* a socket was created (by socket, accept or join) */
    EVLINE_BIND,    /* it was bound to a local address */
    EVLINE_CLOSE,   /* closesocket, with its result */
    EVLINE_DROPPED, /* records lost since the last such line */
    EVLINE_CAPPED,  /* the file reached MaxFileBytes */
    EVLINE_IGNORED  /* a setting's value was ignored for its default */
} evline_kind_t;

#define EVLINE_LOCAL_MAX 80
#define EVLINE_IMAGE_MAX 520
#define EVLINE_NOTE_MAX  256

typedef struct evline {
    evline_kind_t kind;
    uint64_t time_us;
    uint32_t pid, tid;    /* tid: socket lines only */
    uint64_t instance_us; /* the process's start time: with pid, one process */
    const char *image;    /* NULL: unknown */
    uint64_t socket;
    uint8_t ptr_bytes;            /* 4 or 8: digits of the socket handle */
    int32_t af, type, protocol;   /* EVLINE_SOCKET; -1 when unknown */
    const char *how;              /* EVLINE_SOCKET: "socket", "accept" or "join" */
    char local[EVLINE_LOCAL_MAX]; /* EVLINE_BIND: "127.0.0.1:5000", "[::1]:80" */
    int32_t ret, error;           /* EVLINE_CLOSE */
    uint64_t dropped, dropped_audit, total_dropped, total_dropped_audit;
    uint64_t max_file_bytes; /* EVLINE_CAPPED */
    char setting[EVLINE_NOTE_MAX], expected[EVLINE_NOTE_MAX], uses[EVLINE_NOTE_MAX]; /* IGNORED */
} evline_t;

/* Like snprintf; no newline. */
size_t evline_json(char *buf, size_t n, const evline_t *e);
size_t evline_text(char *buf, size_t n, const evline_t *e);

/* The local address of a sockaddr of len bytes (Windows layout) as text. */
void evline_sockaddr(char out[EVLINE_LOCAL_MAX], const uint8_t *sa, size_t len);

/* Reads a line of one of these kinds back; e->image and e->how point into
 * image (cap bytes) and static text. False, with the reason, when malformed. */
bool evline_read(evline_t *e, const jdoc_t *d, char *image, size_t cap, const char **why);

#endif
