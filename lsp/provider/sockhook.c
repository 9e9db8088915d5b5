#include <string.h>

#include "safecopy.h"
#include "sockev.h"
#include "sockhook.h"
#include "upcall.h"

const chain_t *sockhook_lookup(SOCKET s, sockreg_entry_t *e)
{
    if (sockreg_get(s, e) && e->chain)
        return e->chain;
    e->chain = chain_any();
    e->af = e->type = e->protocol = -1;
    e->local_len = 0;
    return e->chain;
}

/* Makes s an IFS handle of chain c and records it. On failure the socket is
 * closed and INVALID_SOCKET returned with the upcall's error, as a lower
 * provider would have failed the call. */
static SOCKET sockhook__adopt(const chain_t *c, SOCKET s, const sockreg_entry_t *e,
                              record_kind_t how, LPINT err)
{
    int mod_err = 0;
    SOCKET h = upcall_modify_ifs_handle(c->id, s, &mod_err);
    if (h == INVALID_SOCKET) {
        int ignored;
        c->lower->table.lpWSPCloseSocket(s, &ignored);
        *err = mod_err ? mod_err : WSAENOBUFS;
        return INVALID_SOCKET;
    }
    /* A registry without memory costs this socket its metadata, never the
     * application its socket. */
    sockreg_add(h, e);
    sockev_created(h, e, how);
    return h;
}

static int sockhook__or(int v, int fallback)
{
    return v > 0 ? v : fallback;
}

SOCKET WSPAPI sockhook_socket(int af, int type, int protocol, LPWSAPROTOCOL_INFOW pi, GROUP g,
                              DWORD flags, LPINT err)
{
    const chain_t *c = pi ? chain_by_id(pi->dwCatalogEntryId) : NULL;
    if (!c) {
        *err = WSAEPROVIDERFAILEDINIT;
        return INVALID_SOCKET;
    }
    /* The SPI's propagation rule: a layer above the base provider hands it
     * the base entry's own WSAPROTOCOL_INFOW, another layer the chain's. */
    WSAPROTOCOL_INFOW base;
    LPWSAPROTOCOL_INFOW down = pi;
    if (c->lower->base) {
        base = c->lower->info;
        down = &base;
    }
    SOCKET s = c->lower->table.lpWSPSocket(af, type, protocol, down, g, flags, err);
    if (s == INVALID_SOCKET)
        return s;
    /* 0 and FROM_PROTOCOL_INFO (-1) mean "as the protocol entry says". */
    sockreg_entry_t e = {
        .chain = c,
        .af = sockhook__or(af, pi->iAddressFamily),
        .type = sockhook__or(type, pi->iSocketType),
        .protocol = sockhook__or(protocol, pi->iProtocol),
    };
    return sockhook__adopt(c, s, &e, RECORD_SOCKET, err);
}

SOCKET WSPAPI sockhook_accept(SOCKET s, struct sockaddr *addr, LPINT addrlen,
                              LPCONDITIONPROC condition, DWORD_PTR context, LPINT err)
{
    sockreg_entry_t e;
    const chain_t *c = sockhook_lookup(s, &e);
    if (!c) {
        *err = WSAENOTSOCK;
        return INVALID_SOCKET;
    }
    SOCKET n = c->lower->table.lpWSPAccept(s, addr, addrlen, condition, context, err);
    if (n == INVALID_SOCKET)
        return n;
    e.chain = c;
    e.local_len = 0;
    return sockhook__adopt(c, n, &e, RECORD_ACCEPT, err);
}

SOCKET WSPAPI sockhook_join_leaf(SOCKET s, const struct sockaddr *name, int namelen,
                                 LPWSABUF caller_data, LPWSABUF callee_data, LPQOS sqos,
                                 LPQOS gqos, DWORD flags, LPINT err)
{
    sockreg_entry_t e;
    const chain_t *c = sockhook_lookup(s, &e);
    if (!c) {
        *err = WSAENOTSOCK;
        return INVALID_SOCKET;
    }
    SOCKET n = c->lower->table.lpWSPJoinLeaf(s, name, namelen, caller_data, callee_data, sqos,
                                             gqos, flags, err);
    /* Joining with a c_root socket yields a new socket; otherwise s itself. */
    if (n == INVALID_SOCKET || n == s)
        return n;
    e.chain = c;
    e.local_len = 0;
    return sockhook__adopt(c, n, &e, RECORD_JOIN, err);
}

int WSPAPI sockhook_close(SOCKET s, LPINT err)
{
    sockreg_entry_t e;
    bool known = sockreg_remove(s, &e);
    const chain_t *c = known && e.chain ? e.chain : chain_any();
    if (!c) {
        *err = WSAENOTSOCK;
        return SOCKET_ERROR;
    }
    /* The entry goes before the handle does: once closed, its value may be
     * handed to a new socket at once, whose entry must not be removed. */
    uint64_t called = sockev_time();
    int ret = c->lower->table.lpWSPCloseSocket(s, err);
    if (ret != 0 && known)
        sockreg_add(s, &e);
    sockev_closed(s, called, ret, ret != 0 ? *err : 0);
    return ret;
}

int WSPAPI sockhook_bind(SOCKET s, const struct sockaddr *name, int namelen, LPINT err)
{
    sockreg_entry_t e;
    const chain_t *c = sockhook_lookup(s, &e);
    if (!c) {
        *err = WSAENOTSOCK;
        return SOCKET_ERROR;
    }
    int ret = c->lower->table.lpWSPBind(s, name, namelen, err);
    if (ret == 0 && namelen > 0) {
        SOCKADDR_STORAGE local;
        size_t want = (size_t)namelen < sizeof local ? (size_t)namelen : sizeof local;
        size_t got = safecopy(&local, name, want);
        if (got == want) {
            sockreg_set_local(s, &local, (int)got);
            sockev_bound(s, &local, (int)got);
        }
    }
    return ret;
}
