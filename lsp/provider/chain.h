/* chain: the protocol chains this layer was started for. Each knows its own
 * catalog entry (the id handed to WPUModifyIFSHandle), the provider beneath
 * this layer in it, and the table returned upward: the lower provider's
 * table with only the hooked entries replaced. chain_start and
 * chain_cleanup_all run under the start-up lock; look-ups may run
 * concurrently with a start, as a chain is published only once complete. */
#ifndef SIOT_CHAIN_H
#define SIOT_CHAIN_H

#include <winsock2.h>
#include <ws2spi.h>

#include <stdatomic.h>

#include "lower.h"

#define CHAIN_MAX 64

typedef struct chain {
    DWORD id;               /* the chain's catalog entry id */
    int af, type, protocol; /* of the chain's entry */
    WSAPROTOCOL_INFOW info; /* that entry, as the socket's own protocol info names it */
    const lower_t *lower;   /* the provider beneath this layer */
    WSPPROC_TABLE table;    /* what WSPStartup returned for this chain */
    atomic_int active;      /* set last, once every other field is written */
} chain_t;

/* Starts (or finds, when already started) the chain described by pi: its
 * own when it holds this layer, else this layer's chain with the same
 * address family, socket type and protocol (as the SDK sample matches).
 * `hooks` holds this layer's functions: its non-NULL entries replace the
 * lower provider's. Returns 0 or a WSA error code. */
int chain_start(WORD version, LPWSPDATA data, LPWSAPROTOCOL_INFOW pi, const WSPUPCALLTABLE *upcalls,
                const WSPPROC_TABLE *hooks, const chain_t **out);
const chain_t *chain_by_id(DWORD id);
/* A started chain, for a socket this layer has no record of. */
const chain_t *chain_any(void);
/* The started chain directly over base entry `base_id`, or NULL. */
const chain_t *chain_over_base(DWORD base_id);
/* Ends every chain and every provider beneath. */
void chain_cleanup_all(void);

#endif
