/* sockhook: the socket life-cycle entries of the proc table. Each socket
 * this layer hands out (WSPSocket, WSPAccept, WSPJoinLeaf) is the lower
 * provider's own handle, registered with WPUModifyIFSHandle under the
 * chain's catalog entry (IFS), and kept in the socket registry until it is
 * closed. Every call's result is the lower provider's. */
#ifndef SIOT_SOCKHOOK_H
#define SIOT_SOCKHOOK_H

#include <winsock2.h>
#include <ws2spi.h>

#include "chain.h"
#include "sockreg.h"

SOCKET WSPAPI sockhook_socket(int af, int type, int protocol, LPWSAPROTOCOL_INFOW pi, GROUP g,
                              DWORD flags, LPINT err);
SOCKET WSPAPI sockhook_accept(SOCKET s, struct sockaddr *addr, LPINT addrlen,
                              LPCONDITIONPROC condition, DWORD_PTR context, LPINT err);
SOCKET WSPAPI sockhook_join_leaf(SOCKET s, const struct sockaddr *name, int namelen,
                                 LPWSABUF caller_data, LPWSABUF callee_data, LPQOS sqos, LPQOS gqos,
                                 DWORD flags, LPINT err);
int WSPAPI sockhook_close(SOCKET s, LPINT err);
int WSPAPI sockhook_bind(SOCKET s, const struct sockaddr *name, int namelen, LPINT err);
/* WSPDuplicateSocket and WSPGetSockOpt: the lower provider's, except that a
 * WSAPROTOCOL_INFO they return (the duplicate's, SO_PROTOCOL_INFOW/A) names
 * this socket's chain, so that the socket comes back through it. */
int WSPAPI sockhook_duplicate(SOCKET s, DWORD pid, LPWSAPROTOCOL_INFOW info, LPINT err);
int WSPAPI sockhook_getsockopt(SOCKET s, int level, int name, char *val, LPINT len, LPINT err);

/* The chain of socket s and its registry entry. A socket this layer has no
 * record of goes to a started chain, with af/type/protocol -1. NULL only
 * when no chain is started at all. */
const chain_t *sockhook_lookup(SOCKET s, sockreg_entry_t *e);

#endif
