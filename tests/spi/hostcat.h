/* The host's copy of the model catalog (the process's native catalog), read at
 * the first WSAStartup as ws2_32 reads the Winsock catalog, and the choice of
 * the catalog entry that serves a new socket. The copy leaves out every
 * protocol chain that names an LSP the program does not permit (hostperm.h):
 * no socket goes to it, WSAEnumProtocols does not show it, and the program's
 * sockets go to the next entry that serves them. */
#ifndef SIOT_HOSTCAT_H
#define SIOT_HOSTCAT_H

#include <winsock2.h>
#include <ws2spi.h>

typedef struct hostcat_entry_t {
    WSAPROTOCOL_INFOW info;
    WCHAR path[MAX_PATH]; /* the provider DLL, unexpanded */
} hostcat_entry_t;

/* Reads the catalog through catmodel (SIOT_CATALOG). 0 or a WSA error. */
int hostcat_load(void);
void hostcat_unload(void);

size_t hostcat_count(void);
const hostcat_entry_t *hostcat_at(size_t i);
const hostcat_entry_t *hostcat_by_id(DWORD catalog_id);

/* The entry a socket (af, type, protocol) gets, as ws2_32 picks it: with
 * `info`, the entry of info->dwCatalogEntryId (FROM_PROTOCOL_INFO values taken
 * from `info`); else the first entry in catalog order that is not a layered
 * entry and whose address family, socket type and protocol match (0 matches
 * any family or type; protocol 0 matches an entry with PFL_MATCHES_PROTOCOL_ZERO
 * or whose range [iProtocol, iProtocol + iProtocolMaxOffset] holds 0).
 * Returns 0, WSAEAFNOSUPPORT, WSAESOCKTNOSUPPORT or WSAEPROTONOSUPPORT. */
int hostcat_select(int af, int type, int protocol, const WSAPROTOCOL_INFOW *info,
                   const hostcat_entry_t **out);

#endif
