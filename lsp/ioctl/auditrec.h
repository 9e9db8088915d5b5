/* auditrec: the lines of the promiscuous-capture audit, one JSON object
 * each: "audit" for every capture call (successful or refused), and
 * "audit_end" when a capture session on a socket stops. Both say who
 * (process and user) and what (socket, code, mode, interface, the local
 * address being captured) in members an auditor can filter on. */
#ifndef SIOT_AUDITREC_H
#define SIOT_AUDITREC_H

#include <stddef.h>
#include <stdint.h>

#include "capture.h"
#include "rec.h"

/* Who: the process, gathered once. Strings are UTF-8, NULL when unknown;
 * numbers -1 when unknown. */
typedef struct auditrec_proc {
    const char *image; /* file name, as call records give it */
    const char *path;  /* the executable's full path */
    const char *command_line;
    int64_t parent_pid;
    const char *user_sid; /* "S-1-5-21-..." */
    const char *user;     /* "DOMAIN\\name" */
    int64_t session_id;   /* the Terminal Services session */
    int64_t integrity;    /* the mandatory label's RID (0x3000: high) */
    int elevated;         /* TokenElevation: 0, 1, or -1 */
} auditrec_proc_t;

typedef enum auditrec_session {
    AUDITREC_NONE,   /* no capture session on the socket before or after */
    AUDITREC_START,  /* this call started one */
    AUDITREC_CHANGE, /* a running session changed mode */
    AUDITREC_STOP    /* RCVALL_OFF ended it (an audit_end follows) */
} auditrec_session_t;

/* What: the call's capture context. */
typedef struct auditrec_capture {
    const uint8_t *local; /* the socket's bound address (a sockaddr), or NULL */
    size_t local_len;
    auditrec_session_t session;
    uint64_t since_us; /* the session's start, when there is one */
} auditrec_capture_t;

/* The end of a session. */
typedef struct auditrec_end {
    uint64_t time_us, since_us;
    uint32_t pid;
    uint64_t instance_us;
    uint64_t socket;
    uint8_t ptr_bytes;
    int32_t af, type, protocol;
    uint32_t code;             /* the last capture code of the session */
    capture_request_t request; /* and what it asked for */
    const uint8_t *local;
    size_t local_len;
    const char *how; /* "RCVALL_OFF", "closed", "cleanup", "process_exit" */
} auditrec_end_t;

typedef enum auditrec_outcome {
    AUDITREC_ON,     /* capture running, or pending */
    AUDITREC_OFF,    /* RCVALL_OFF accepted */
    AUDITREC_REFUSED /* the call failed */
} auditrec_outcome_t;

auditrec_outcome_t auditrec_outcome(const rec_call_t *c);
/* "none", "start", "change", "stop". */
const char *auditrec_session_name(auditrec_session_t s);
/* "on", "off", "refused". */
const char *auditrec_outcome_name(auditrec_outcome_t o);

/* "low", "medium", "high", "system"...: a mandatory label RID's name, or NULL. */
const char *auditrec_integrity_name(int64_t rid);
/* A sockaddr_in or sockaddr_in6 as "192.0.2.1:80" or "[fe80::1]:80"; "-"
 * when there is none; other families as "family N". Needs 64 bytes. */
void auditrec_local_text(char out[64], const uint8_t *local, size_t len);

/* Like snprintf: return the length the line needs; no newline. */
size_t auditrec_call(char *buf, size_t n, const rec_call_t *c, const auditrec_proc_t *p,
                     const auditrec_capture_t *cap);
size_t auditrec_end(char *buf, size_t n, const auditrec_end_t *e, const auditrec_proc_t *p);

#endif
