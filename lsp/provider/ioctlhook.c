#include <stdatomic.h>
#include <string.h>

#include "capture.h"
#include "clock.h"
#include "etwsink.h"
#include "ioctlhook.h"
#include "proc.h"
#include "record.h"
#include "safecopy.h"
#include "sockhook.h"
#include "writer.h"

static atomic_bool ioctlhook__trace, ioctlhook__audit, ioctlhook__captured;

void ioctlhook_enable(bool trace, bool audit)
{
    atomic_store(&ioctlhook__trace, trace);
    atomic_store(&ioctlhook__audit, audit);
    atomic_store(&ioctlhook__captured, false);
}

bool ioctlhook_captured(void)
{
    return atomic_load(&ioctlhook__captured);
}

/* The bound address an audit names as the interface being captured. */
static void ioctlhook__local(record_t *r, const sockreg_entry_t *e)
{
    size_t n = e->local_len > 0 ? (size_t)e->local_len : 0;
    r->local_len = (uint8_t)(n < RECORD_LOCAL_MAX ? n : RECORD_LOCAL_MAX);
    memcpy(r->local, &e->local, r->local_len);
}

/* Fills in what the lower call returned. Only the call's own results are
 * read: an overlapped call still pending may complete at any moment, so
 * neither its output nor its overlapped structure is touched. */
static void ioctlhook__result(record_t *r, int ret, LPVOID out, DWORD out_size, const DWORD *bytes,
                              const INT *err)
{
    DWORD n = 0;
    r->ret = ret;
    r->error = ret == 0 ? 0 : *err;
    r->bytes_valid = bytes && safecopy(&n, bytes, sizeof n) == sizeof n;
    r->bytes = r->bytes_valid ? n : 0;
    if (ret != 0 && r->error == WSA_IO_PENDING) {
        r->out.addr = (uint64_t)(uintptr_t)out;
        r->out.size = out_size;
        r->out.state = out && out_size ? REC_BUF_PENDING : REC_BUF_NONE;
        return;
    }
    /* Output is meaningful only on success, and only up to the bytes returned. */
    DWORD want = ret == 0 && r->bytes_valid ? (n < out_size ? n : out_size) : 0;
    record_capture(r, &r->out, out, out_size, want);
}

/* The ETW Call event, here on the application's thread so that a session
 * that walks stacks sees the code that made the call. */
static void ioctlhook__etw(const record_t *r)
{
    rec_call_t c;
    record_view(r, proc_image_utf8(), &c);
    etwsink_call(&c, r->seq);
}

int WSPAPI ioctlhook_ioctl(SOCKET s, DWORD code, LPVOID in, DWORD in_size, LPVOID out,
                           DWORD out_size, LPDWORD bytes, LPWSAOVERLAPPED overlapped,
                           LPWSAOVERLAPPED_COMPLETION_ROUTINE completion, LPWSATHREADID thread,
                           LPINT err)
{
    sockreg_entry_t e;
    const chain_t *c = sockhook_lookup(s, &e);
    if (!c) {
        *err = WSAENOTSOCK;
        return SOCKET_ERROR;
    }
    LPWSPIOCTL lower = c->lower->table.lpWSPIoctl;
    bool trace = atomic_load_explicit(&ioctlhook__trace, memory_order_relaxed);
    bool audit = atomic_load_explicit(&ioctlhook__audit, memory_order_relaxed) &&
                 capture_audited(code, e.type, e.protocol);
    if (!trace && !audit)
        return lower(s, code, in, in_size, out, out_size, bytes, overlapped, completion, thread,
                     err);

    record_t rec, *r = &rec;
    record_init(r, in ? in_size : 0, out ? out_size : 0);
    r->kind = RECORD_CALL;
    r->traced = trace;
    r->audit = audit;
    if (audit)
        ioctlhook__local(r, &e);
    r->time_us = clock_utc_us();
    r->tid = GetCurrentThreadId();
    r->socket = (uint64_t)s;
    r->af = e.af;
    r->type = e.type;
    r->protocol = e.protocol;
    r->code = code;
    r->overlapped = overlapped != NULL || completion != NULL;
    /* Before the call: the provider may write its output over the input. */
    record_capture(r, &r->in, in, in_size, in_size);

    uint64_t t0 = clock_ticks();
    int ret =
        lower(s, code, in, in_size, out, out_size, bytes, overlapped, completion, thread, err);
    uint64_t t1 = clock_ticks();
    DWORD last_error = GetLastError();

    r->lower_ns = clock_ticks_to_ns(t1 - t0);
    ioctlhook__result(r, ret, out, out_size, bytes, err);
    if (audit && (ret == 0 || r->error == WSA_IO_PENDING)) {
        sockreg_set_capturing(s);
        atomic_store(&ioctlhook__captured, true);
    }
    /* ETW's call events follow the trace: an audit-only record has its own event. */
    uint32_t etw = trace ? etwsink_enabled() : 0;
    if (etw & (ETWSINK_ON(ETWSINK_CALL) | ETWSINK_ON(ETWSINK_DECODED)))
        r->seq = etwsink_next_seq();
    if (etw & ETWSINK_ON(ETWSINK_CALL))
        ioctlhook__etw(r);
    writer_submit(r);
    SetLastError(last_error);
    return ret;
}
