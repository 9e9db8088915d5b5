/* Comparing catalog entries (WSAPROTOCOL_INFOW) by what they mean. */
#ifndef SIOT_PINFO_H
#define SIOT_PINFO_H

#include <winsock2.h>
#include <ws2spi.h>

/* Field by field, ids included: the bytes past the name's end and past
 * ChainLen mean nothing and are not compared. */
int pinfo_equal(const WSAPROTOCOL_INFOW *a, const WSAPROTOCOL_INFOW *b);

/* ChainLen clamped to 0..MAX_PROTOCOL_CHAIN, for indexing ChainEntries. */
int pinfo_chain_len(const WSAPROTOCOL_INFOW *e);

#endif
