#include <windows.h>

#include <string.h>

#include "proc.h"
#include "record.h"
#include "safecopy.h"

static INIT_ONCE record__once = INIT_ONCE_STATIC_INIT;
static HANDLE record__heap;

static BOOL CALLBACK record__heap_init(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    (void)once;
    (void)param;
    (void)ctx;
    record__heap = HeapCreate(0, 0, 0);
    return TRUE;
}

void record_unload(void)
{
    if (record__heap)
        HeapDestroy(record__heap);
    record__heap = NULL;
}

static uint8_t *record__alloc(uint32_t n)
{
    InitOnceExecuteOnce(&record__once, record__heap_init, NULL, NULL);
    return record__heap ? HeapAlloc(record__heap, 0, n) : NULL;
}

static uint32_t record__room(uint32_t size)
{
    return size < RECORD_CAPTURE_MAX ? size : RECORD_CAPTURE_MAX;
}

void record_init(record_t *r, uint32_t in_size, uint32_t out_size)
{
    uint32_t in_cap = record__room(in_size), out_cap = record__room(out_size);
    memset(r, 0, offsetof(record_t, inline_data));
    if (in_cap + out_cap > RECORD_INLINE) {
        r->ext = record__alloc(in_cap + out_cap);
        r->ext_size = r->ext ? in_cap + out_cap : 0;
    }
    if (!r->ext && in_cap + out_cap > RECORD_INLINE) {
        /* No heap: share the inline room, output first as it is what
         * usually answers the question. */
        out_cap = out_cap < RECORD_INLINE / 2 ? out_cap : RECORD_INLINE / 2;
        in_cap = in_cap < RECORD_INLINE - out_cap ? in_cap : RECORD_INLINE - out_cap;
    }
    r->in.cap = in_cap;
    r->in.offset = 0;
    r->out.cap = out_cap;
    r->out.offset = in_cap;
}

void record_init_event(record_t *r, record_kind_t kind, uint64_t socket, uint64_t time_us)
{
    record_init(r, 0, 0);
    r->kind = (uint8_t)kind;
    r->audit = true;
    r->socket = socket;
    r->time_us = time_us;
    r->tid = GetCurrentThreadId();
}

void record_release(record_t *r)
{
    if (r->ext)
        HeapFree(record__heap, 0, r->ext);
    r->ext = NULL;
}

size_t record_used(const record_t *r)
{
    return offsetof(record_t, inline_data) + (r->ext ? 0 : r->out.offset + r->out.len);
}

static uint8_t *record__data(record_t *r)
{
    return r->ext ? r->ext : r->inline_data;
}

void record_capture(record_t *r, record_buf_t *b, const void *p, uint32_t size, uint32_t want)
{
    b->addr = (uint64_t)(uintptr_t)p;
    b->size = size;
    b->len = 0;
    if (!p || want == 0) {
        b->state = REC_BUF_NONE;
        return;
    }
    uint32_t n = want < b->cap ? want : b->cap;
    b->len = (uint32_t)safecopy(record__data(r) + b->offset, p, n);
    if (b->len == 0)
        b->state = REC_BUF_UNREADABLE;
    else if (b->len < n)
        b->state = REC_BUF_PARTIAL;
    else if (n < want)
        b->state = REC_BUF_CLIPPED;
    else
        b->state = REC_BUF_OK;
}

static void record__view_buf(const uint8_t *data, const record_buf_t *b, rec_buf_t *v)
{
    v->data = data + b->offset;
    v->len = b->len;
    v->size = b->size;
    v->addr = b->addr;
    v->state = b->state;
}

void record_view(const record_t *r, const char *image, rec_call_t *c)
{
    const uint8_t *data = r->ext ? r->ext : r->inline_data;
    memset(c, 0, sizeof *c);
    c->time_us = r->time_us;
    c->pid = GetCurrentProcessId();
    c->instance_us = proc_instance_us();
    c->tid = r->tid;
    c->image = image;
    c->socket = r->socket;
    c->af = r->af;
    c->type = r->type;
    c->protocol = r->protocol;
    c->code = r->code;
    c->ptr_bytes = (uint8_t)sizeof(void *);
    record__view_buf(data, &r->in, &c->in);
    record__view_buf(data, &r->out, &c->out);
    c->ret = r->ret;
    c->error = r->error;
    c->bytes = r->bytes;
    c->bytes_valid = r->bytes_valid;
    c->overlapped = r->overlapped;
    c->lower_ns = r->lower_ns;
}
