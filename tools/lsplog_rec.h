/* lsplog_rec: one line of a siotrace log, parsed and classified, and the
 * filters every command takes. The kinds of line and the names of the
 * fields lsplog reads are tables here, so that they are named once. */
#ifndef LSPLOG_REC_H
#define LSPLOG_REC_H

#include <stdbool.h>
#include <stdint.h>

#include "jdoc.h"
#include "lsplog_in.h"
#include "recread.h"

/* The kinds of line: the "event" member's value (a call has none), and the
 * members each must have beyond time, pid and image (a call's are all
 * checked as recread_call reads them). */
#define LREC_KINDS(X)                                                                              \
    X(CALL, NULL, "")                                                                              \
    X(DROPPED, "dropped", "dropped dropped_audit")                                                 \
    X(CAPPED, "capped", "max_file_bytes")                                                          \
    X(SOCKET, "socket", "tid socket af socktype protocol how")                                     \
    X(BIND, "bind", "tid socket local")                                                            \
    X(CLOSE, "close", "tid socket ret")                                                            \
    X(AUDIT, "audit", "tid socket code ret")                                                       \
    X(AUDIT_END, "audit_end", "socket")

typedef enum lrec_kind {
#define LREC__ENUM(k, event, needs) LREC_##k,
    LREC_KINDS(LREC__ENUM)
#undef LREC__ENUM
        LREC_KIND_COUNT
} lrec_kind_t;

/* The members of capture-audit records lsplog reads ("event":"audit" and
 * "audit_end", README "Auditing promiscuous capture"); call records share the rest
 * (time, pid, tid, image, socket, af, socktype, protocol, name, code, ret,
 * error). "instance", the process instance, is on every record there. */
#define LREC_AUDIT_FIELDS(X)                                                                       \
    X(INSTANCE, "instance")   /* the process's start time: a reused pid is told apart */           \
    X(MODE, "mode")           /* RCVALL_ON ... or a number */                                      \
    X(INTERFACE, "interface") /* the _IF codes' interface index */                                 \
    X(LOCAL, "local")         /* the sockaddr the socket is bound to, decoded */                   \
    X(USER, "user")           /* DOMAIN\name */                                                    \
    X(USER_SID, "user_sid")                                                                        \
    X(IMAGE_PATH, "image_path")                                                                    \
    X(ENDED, "ended")          /* audit_end: how the capture stopped */                            \
    X(DURATION, "duration_us") /* audit_end: since the session began */

typedef enum lrec_field {
#define LREC__FIELD(f, name) LREC_F_##f,
    LREC_AUDIT_FIELDS(LREC__FIELD)
#undef LREC__FIELD
        LREC_FIELD_COUNT
} lrec_field_t;

extern const char *const lrec_field_name[LREC_FIELD_COUNT];

typedef struct lrec {
    lin_line_t src;
    jdoc_t doc;
    lrec_kind_t kind;
    uint64_t time_us;
    uint32_t pid;
    char image[RECREAD_IMAGE_MAX];
    bool has_socket, has_code, failed;
    uint64_t socket;
    uint32_t code;
    const jnode_t *error;    /* the error's name or number, when failed */
    const jnode_t *instance; /* the process instance, NULL when the record has none */
    recread_t call;          /* calls only */
    char why[200];           /* the reason lrec_read gives */
} lrec_t;

/* Parses and classifies the line; false with the reason when it is not a
 * siotrace record. */
bool lrec_read(lrec_t *r, const lin_line_t *l, const char **why);
const jnode_t *lrec_field(const lrec_t *r, lrec_field_t f);
/* A field's text for a table: a string unescaped, anything else as written,
 * "-" when absent or null. */
void lrec_text(const jnode_t *n, char *buf, size_t cap);

typedef struct lrec_filter {
    bool pid_set, image_set, code_set, error_set, socket_set, audit;
    uint32_t pid;
    const char *image;
    uint32_t code;
    const char *error; /* "any" or a name or number */
    uint64_t socket;
    uint64_t since, until; /* microseconds, UTC; 0 when unset */
} lrec_filter_t;

/* Takes the filter option opt (without its "--") with its value; 1 when
 * taken, 0 when opt is no filter, -1 (message printed) on a bad value. */
int lrec_filter_option(lrec_filter_t *f, const char *opt, const char *val, uint64_t now_us);
bool lrec_match(const lrec_filter_t *f, const lrec_t *r);

#endif
