/* lower: the providers beneath this layer, each loaded and started once.
 * A base entry is started once for all the chains over it; a layered entry
 * (another LSP beneath this one) once per chain, because it finds its own
 * next provider from the chain it is started with. Not thread-safe: callers
 * hold the start-up lock. */
#ifndef SIOT_LOWER_H
#define SIOT_LOWER_H

#include <winsock2.h>
#include <ws2spi.h>

#include <stdbool.h>

#define LOWER_MAX 64

typedef struct lower {
    DWORD entry_id; /* the catalog entry beneath this layer */
    DWORD chain_id; /* the chain it was started for when it is layered, else 0 */
    HMODULE module;
    WSPDATA data;
    WSPPROC_TABLE table;
    bool used;
} lower_t;

/* Finds or starts the provider of `next` (the entry beneath this layer in
 * chain pi) and returns it in *out. Returns 0 or a WSA error code; on error
 * nothing stays loaded. */
int lower_start(const WSAPROTOCOL_INFOW *next, WORD version, LPWSAPROTOCOL_INFOW pi,
                const WSPUPCALLTABLE *upcalls, const lower_t **out);
/* Calls WSPCleanup once for each provider started and unloads it. */
void lower_cleanup_all(void);

#endif
