#include <stdatomic.h>

#include "clock.h"
#include "sockev.h"
#include "writer.h"

static atomic_bool sockev__on;

void sockev_enable(bool on)
{
    atomic_store(&sockev__on, on);
}

uint64_t sockev_time(void)
{
    return atomic_load_explicit(&sockev__on, memory_order_relaxed) ? clock_utc_us() : 0;
}

/* A record of kind k, or false when tracing is off. */
static bool sockev__begin(record_t *r, record_kind_t k, SOCKET s, uint32_t capture)
{
    if (!atomic_load_explicit(&sockev__on, memory_order_relaxed))
        return false;
    record_init(r, capture, 0);
    r->kind = k;
    r->traced = true;
    r->time_us = clock_utc_us();
    r->tid = GetCurrentThreadId();
    r->socket = (uint64_t)s;
    return true;
}

void sockev_created(SOCKET s, const sockreg_entry_t *e, record_kind_t how)
{
    record_t r;
    if (!sockev__begin(&r, how, s, 0))
        return;
    r.af = e->af;
    r.type = e->type;
    r.protocol = e->protocol;
    writer_submit(&r);
}

void sockev_bound(SOCKET s, const void *addr, int len)
{
    record_t r;
    uint32_t n = len > 0 ? (uint32_t)len : 0;
    if (!sockev__begin(&r, RECORD_BIND, s, n))
        return;
    record_capture(&r, &r.in, addr, n, n);
    writer_submit(&r);
}

void sockev_closed(SOCKET s, uint64_t time_us, int ret, int err)
{
    record_t r;
    if (!sockev__begin(&r, RECORD_CLOSE, s, 0))
        return;
    r.time_us = time_us;
    r.ret = ret;
    r.error = ret == 0 ? 0 : err;
    writer_submit(&r);
}

bool sockev_view(const record_t *r, const char *image, evline_t *e)
{
    static const char *const how[] = {
        [RECORD_SOCKET] = "socket", [RECORD_ACCEPT] = "accept", [RECORD_JOIN] = "join"};
    if (r->kind < RECORD_SOCKET || r->kind > RECORD_CLOSE)
        return false;
    rec_call_t c;
    record_view(r, image, &c);
    *e = (evline_t){
        .kind = r->kind == RECORD_BIND    ? EVLINE_BIND
                : r->kind == RECORD_CLOSE ? EVLINE_CLOSE
                                          : EVLINE_SOCKET,
        .time_us = r->time_us,
        .pid = c.pid,
        .instance_us = c.instance_us,
        .tid = r->tid,
        .image = image,
        .socket = r->socket,
        .ptr_bytes = c.ptr_bytes,
        .af = r->af,
        .type = r->type,
        .protocol = r->protocol,
        .ret = r->ret,
        .error = r->error,
    };
    if (e->kind == EVLINE_SOCKET)
        e->how = how[r->kind];
    if (e->kind == EVLINE_BIND)
        evline_sockaddr(e->local, c.in.data, c.in.len);
    return true;
}
