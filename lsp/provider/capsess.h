/* capsess: the capture sessions of this process's sockets, kept by the
 * writer from the audit records in queue order. A session starts at the
 * first capture call on a socket that succeeds (or is pending) with a mode
 * other than RCVALL_OFF; a later mode change continues it; RCVALL_OFF, the
 * socket's close, the last clean-up or the process's end stop it. */
#ifndef SIOT_CAPSESS_H
#define SIOT_CAPSESS_H

#include <stdbool.h>
#include <stdint.h>

#include "auditrec.h"
#include "record.h"

/* Sockets capturing at once that are followed; more are audited, but their
 * end is not recorded. */
#define CAPSESS_MAX 256

typedef struct capsess {
    uint64_t socket, since_us;
    int32_t af, type, protocol;
    uint32_t code;             /* the last capture code */
    capture_request_t request; /* and what it asked for */
    uint8_t local_len;
    uint8_t local[RECORD_LOCAL_MAX];
} capsess_t;

/* A capture call (r->kind RECORD_CALL): what it did to the socket's session,
 * with the session's start in *since_us. When it stopped one, *ended gets it. */
auditrec_session_t capsess_call(const record_t *r, uint64_t *since_us, capsess_t *ended);
/* The socket's session, removed; false when it had none. */
bool capsess_close(uint64_t socket, capsess_t *ended);
/* Any session, removed; false when none is left. */
bool capsess_take(capsess_t *ended);

#endif
