/* The providers the host has started, as ws2_32 keeps them: one per provider
 * GUID (so each chain of an LSP needs a GUID of its own to be started, as on
 * Windows), loaded lazily for the first socket that needs it, its WSPStartup
 * called with that catalog entry's WSAPROTOCOL_INFOW and the host's upcall
 * table, its proc table checked complete, and one WSPCleanup per WSPStartup at
 * the last WSACleanup.
 *
 * Before the WSPStartup of a protocol chain's DLL (an LSP), its imports of
 * ws2_32's WSCEnumProtocols, WSCGetProviderPath, WSCGetProviderInfo and
 * WPUCompleteOverlappedRequest are pointed at the catalog model and the host,
 * its imports of advapi32's Event* functions at the host's ETW (hostetw.h),
 * and its LoadLibrary* imports at wrappers that do the same to every provider
 * DLL it loads (an LSP below it). A layered provider's own imports of socket,
 * WSASocketW and closesocket are pointed at the host, where ws2_32's would
 * take them on Windows; a provider's WSPStartup may so create a socket, and
 * re-enter the host on its own thread, as ws2_32 allows. */
#ifndef SIOT_HOSTPROV_H
#define SIOT_HOSTPROV_H

#include "hostcat.h"

typedef struct hostprov_t {
    WSAPROTOCOL_INFOW info; /* the entry it was started for */
    HMODULE module;
    WSPPROC_TABLE procs;
    LONG starts;
} hostprov_t;

/* The started provider of entry `e`, starting it when needed. 0 or a WSA
 * error (WSAEPROVIDERFAILEDINIT, WSAEINVALIDPROCTABLE, WSPStartup's own). */
int hostprov_get(const hostcat_entry_t *e, hostprov_t **out);

/* The started provider that serves catalog entry `id`: the one of its GUID, or
 * for a layered entry the one started for a chain over it. NULL if none. */
hostprov_t *hostprov_owner(DWORD id);

/* WSPCleanup for each WSPStartup made, then unloads every provider. */
void hostprov_cleanup_all(void);

#endif
