#include "pinfo.h"

int pinfo_chain_len(const WSAPROTOCOL_INFOW *e)
{
    int n = e->ProtocolChain.ChainLen;

    return n < 0 ? 0 : n > MAX_PROTOCOL_CHAIN ? MAX_PROTOCOL_CHAIN : n;
}

int pinfo_equal(const WSAPROTOCOL_INFOW *a, const WSAPROTOCOL_INFOW *b)
{
    int k, n = pinfo_chain_len(a);

    if (a->dwServiceFlags1 != b->dwServiceFlags1 || a->dwServiceFlags2 != b->dwServiceFlags2 ||
        a->dwServiceFlags3 != b->dwServiceFlags3 || a->dwServiceFlags4 != b->dwServiceFlags4 ||
        a->dwProviderFlags != b->dwProviderFlags || !IsEqualGUID(&a->ProviderId, &b->ProviderId) ||
        a->dwCatalogEntryId != b->dwCatalogEntryId ||
        a->ProtocolChain.ChainLen != b->ProtocolChain.ChainLen)
        return 0;
    for (k = 0; k < n; k++)
        if (a->ProtocolChain.ChainEntries[k] != b->ProtocolChain.ChainEntries[k])
            return 0;
    return a->iVersion == b->iVersion && a->iAddressFamily == b->iAddressFamily &&
           a->iMaxSockAddr == b->iMaxSockAddr && a->iMinSockAddr == b->iMinSockAddr &&
           a->iSocketType == b->iSocketType && a->iProtocol == b->iProtocol &&
           a->iProtocolMaxOffset == b->iProtocolMaxOffset &&
           a->iNetworkByteOrder == b->iNetworkByteOrder &&
           a->iSecurityScheme == b->iSecurityScheme && a->dwMessageSize == b->dwMessageSize &&
           a->dwProviderReserved == b->dwProviderReserved &&
           wcsncmp(a->szProtocol, b->szProtocol, WSAPROTOCOL_LEN + 1) == 0;
}
