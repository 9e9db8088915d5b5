/* lower: the providers beneath this layer, each loaded and started once.
 * A base entry is started once for all the chains over it; a layered entry
 * (another LSP beneath this one) once per chain, because it finds its own
 * next provider from the chain it is started with. Not thread-safe: callers
 * hold the start-up lock, which the thread inside a lower WSPStartup may
 * enter again. */
#ifndef SIOT_LOWER_H
#define SIOT_LOWER_H

#include <winsock2.h>
#include <ws2spi.h>

#include <stdbool.h>

#define LOWER_MAX 64

typedef struct lower {
    DWORD entry_id;         /* the catalog entry beneath this layer */
    DWORD chain_id;         /* the chain it was started for when it is layered, else 0 */
    bool base;              /* it is the base provider (the chain's last entry) */
    WSAPROTOCOL_INFOW info; /* its catalog entry */
    HMODULE module;
    WSPDATA data;
    WSPPROC_TABLE table;
    bool used;
    bool starting; /* its WSPStartup is running (and may re-enter this layer) */
} lower_t;

/* Finds or starts the provider of `next` (the entry beneath this layer in
 * chain pi) and returns it in *out. As the SPI asks, another layer is
 * started with the chain's WSAPROTOCOL_INFOW, unmodified, and the base
 * provider with its own entry's. Returns 0 or a WSA error code
 * (WSAEPROVIDERFAILEDINIT for a provider whose own WSPStartup is what called
 * in again); on error nothing stays loaded. */
int lower_start(const WSAPROTOCOL_INFOW *next, WORD version, LPWSAPROTOCOL_INFOW pi,
                const WSPUPCALLTABLE *upcalls, const lower_t **out);
/* Calls WSPCleanup once for each provider started and unloads it. */
void lower_cleanup_all(void);

#endif
