/* startup: WSPStartup, the DLL's one export, and WSPCleanup. Start-ups and
 * clean-ups are counted under one lock: the first start-up reads the
 * configuration and prepares tracing; each start-up starts its chain (once);
 * the last clean-up ends every chain, writes what is still queued and lets
 * the writer thread go. A clean-up without a start-up fails with
 * WSANOTINITIALISED; clean-up itself never fails otherwise. */
#ifndef SIOT_STARTUP_H
#define SIOT_STARTUP_H

#include <winsock2.h>
#include <ws2spi.h>

#include "chain.h"

/* How long the last WSPCleanup waits for queued records to reach the disk. */
#define STARTUP_DRAIN_MS 5000

int WSPAPI WSPStartup(WORD version, LPWSPDATA data, LPWSAPROTOCOL_INFOW pi, WSPUPCALLTABLE upcalls,
                      LPWSPPROC_TABLE table);
int WSPAPI startup_cleanup(LPINT err);
/* The chain for a socket of pi's entry that no WSPStartup asked for (an LSP
 * above started this layer once for all its chains), started now with the
 * latest WSPStartup's version and upcall table; it ends with the others at
 * the last clean-up. Returns 0 or a WSA error code. */
int startup_chain(LPWSAPROTOCOL_INFOW pi, const chain_t **out);

#endif
