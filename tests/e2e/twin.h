/* twin: the same IOCTL on two sockets in the same state, one created through
 * siotrace's chain (as the application's sockets are) and one directly on
 * the base entry beneath it, to prove the layer changes nothing: what the
 * application gets back, and what the base provider received. */
#ifndef SIOT_TWIN_H
#define SIOT_TWIN_H

#include <winsock2.h>

#include <stdbool.h>
#include <stdint.h>

#include "spitest.h"

#define TWIN_OUT_MAX 1024

typedef struct twin {
    SOCKET lsp, base; /* through siotrace; on the base entry */
    const char *kind; /* "tcp" or "udp" */
} twin_t;

/* A call's arguments; in/out may be invalid pointers on purpose. */
typedef struct twin_args {
    const void *in;
    DWORD in_len;
    void *out; /* NULL: the outcome's own buffer of out_len bytes */
    DWORD out_len;
    bool bad_out; /* out is used as it is (an invalid pointer) */
    bool overlapped;
} twin_args_t;

typedef struct twin_outcome {
    int ret, err; /* the immediate result */
    DWORD bytes;
    bool pending;       /* WSA_IO_PENDING at first; ret/err/bytes are then the completion's */
    uintptr_t out_addr; /* where the output was written */
    uint8_t out[TWIN_OUT_MAX];
} twin_outcome_t;

/* Connected TCP sockets (both to one listener) and bound UDP sockets over
 * IPv4, each a twin. Sockets are non-blocking, so that notification codes
 * cannot block; that takes TWIN_OPEN_LSP_IOCTLS calls through siotrace. */
#define TWIN_OPEN_LSP_IOCTLS 3
void twin_open(twin_t *tcp, twin_t *udp);
void twin_close(twin_t *t);

/* Makes the call on t->lsp, then checks that the base provider received it
 * once with exactly those arguments and that the application got exactly
 * what the base provider returned; then makes it on t->base. The outcomes
 * go to *lsp and *base. */
void twin_call(const twin_t *t, const char *name, DWORD code, const twin_args_t *a,
               twin_outcome_t *lsp, twin_outcome_t *base);

/* The outcomes are equal: return value, error, bytes returned and output
 * bytes, where an output that names each socket itself (SIO_BASE_HANDLE and
 * kin) counts as equal, and so do pointers into each output buffer at the
 * same offset (SIO_ADDRESS_LIST_QUERY's self-relative lists). */
bool twin_equal(const twin_t *t, const twin_outcome_t *lsp, const twin_outcome_t *base);

#endif
