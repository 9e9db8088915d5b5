#include <string.h>

#include "clock.h"
#include "record.h"
#include "safecopy.h"
#include "sockev.h"
#include "sockhook.h"
#include "startup.h"
#include "upcall.h"
#include "writer.h"

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

/* Gives info the catalog identity of entry e: which entry, provider and
 * chain a process that imports the socket (or a ws2_32 that meets its
 * handle) hands it to. The same fields lead WSAPROTOCOL_INFOA. */
static void sockhook__name_as(WSAPROTOCOL_INFOW *info, const WSAPROTOCOL_INFOW *e)
{
    info->dwCatalogEntryId = e->dwCatalogEntryId;
    info->ProviderId = e->ProviderId;
    info->ProtocolChain = e->ProtocolChain;
}

static int sockhook__or(int v, int fallback)
{
    return v > 0 ? v : fallback;
}

SOCKET WSPAPI sockhook_socket(int af, int type, int protocol, LPWSAPROTOCOL_INFOW pi, GROUP g,
                              DWORD flags, LPINT err)
{
    if (!pi) {
        *err = WSAEPROVIDERFAILEDINIT;
        return INVALID_SOCKET;
    }
    const chain_t *c = chain_by_id(pi->dwCatalogEntryId);
    int start_err = c ? 0 : startup_chain(pi, &c);
    if (start_err) {
        *err = start_err;
        return INVALID_SOCKET;
    }
    /* The SPI's propagation rule: a layer above the base provider hands it
     * the base entry's own WSAPROTOCOL_INFOW, another layer the chain's. A
     * duplicated socket's info (FROM_PROTOCOL_INFO) carries what the base
     * provider needs to import it (dwProviderReserved, service flags): only
     * the entry's identity is the base's. */
    WSAPROTOCOL_INFOW base;
    LPWSAPROTOCOL_INFOW down = pi;
    if (c->lower->base) {
        base = *pi;
        sockhook__name_as(&base, &c->lower->info);
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
                                 LPWSABUF caller_data, LPWSABUF callee_data, LPQOS sqos, LPQOS gqos,
                                 DWORD flags, LPINT err)
{
    sockreg_entry_t e;
    const chain_t *c = sockhook_lookup(s, &e);
    if (!c) {
        *err = WSAENOTSOCK;
        return INVALID_SOCKET;
    }
    SOCKET n = c->lower->table.lpWSPJoinLeaf(s, name, namelen, caller_data, callee_data, sqos, gqos,
                                             flags, err);
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
     * handed to a new socket at once, whose entry must not be removed; and
     * the end of a capture on it is queued before any call on the new one. */
    if (known && e.capturing) {
        record_t r;
        record_init_event(&r, RECORD_CLOSED, (uint64_t)s, clock_utc_us());
        writer_submit(&r);
    }
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

/* Names info (filled by the provider beneath) after the socket's chain; a
 * socket this layer has no record of after its chain over the base entry
 * the info names, when one is started. */
static void sockhook__rename(WSAPROTOCOL_INFOW *info, bool known, const chain_t *c)
{
    const chain_t *named = known ? c : chain_over_base(info->dwCatalogEntryId);
    if (named)
        sockhook__name_as(info, &named->info);
}

/* A socket duplicated for another process is to be imported through this
 * chain, not the entry beneath that filled the info in. */
int WSPAPI sockhook_duplicate(SOCKET s, DWORD pid, LPWSAPROTOCOL_INFOW info, LPINT err)
{
    sockreg_entry_t e;
    bool known = sockreg_get(s, &e) && e.chain;
    const chain_t *c = known ? e.chain : chain_any();
    if (!c) {
        *err = WSAENOTSOCK;
        return SOCKET_ERROR;
    }
    int ret = c->lower->table.lpWSPDuplicateSocket(s, pid, info, err);
    if (ret == 0 && info)
        sockhook__rename(info, known, c);
    return ret;
}

/* SO_PROTOCOL_INFO names the socket's entry: ws2_32 attaches a handle it
 * does not know (inherited, DuplicateHandle) to the entry it reports. */
int WSPAPI sockhook_getsockopt(SOCKET s, int level, int name, char *val, LPINT len, LPINT err)
{
    sockreg_entry_t e;
    bool known = sockreg_get(s, &e) && e.chain;
    const chain_t *c = known ? e.chain : chain_any();
    if (!c) {
        *err = WSAENOTSOCK;
        return SOCKET_ERROR;
    }
    int ret = c->lower->table.lpWSPGetSockOpt(s, level, name, val, len, err);
    if (ret != 0 || level != SOL_SOCKET ||
        (name != SO_PROTOCOL_INFOW && name != SO_PROTOCOL_INFOA) || !val || !len ||
        *len < (int)offsetof(WSAPROTOCOL_INFOW, szProtocol))
        return ret;
    sockhook__rename((WSAPROTOCOL_INFOW *)val, known, c);
    return ret;
}
