#include <windows.h>

#include <string.h>

#include "record.h"
#include "safecopy.h"

static uint32_t record__room(uint32_t size)
{
    return size < RECORD_CAPTURE_MAX ? size : RECORD_CAPTURE_MAX;
}

record_t *record_new(uint32_t in_size, uint32_t out_size)
{
    uint32_t in_cap = record__room(in_size), out_cap = record__room(out_size);
    size_t alloc = sizeof(record_t) + in_cap + out_cap;
    record_t *r = HeapAlloc(GetProcessHeap(), 0, alloc);
    if (!r)
        return NULL;
    memset(r, 0, sizeof *r);
    r->alloc = (uint32_t)alloc;
    r->in.cap = in_cap;
    r->in.offset = 0;
    r->out.cap = out_cap;
    r->out.offset = in_cap;
    return r;
}

void record_free(record_t *r)
{
    if (r)
        HeapFree(GetProcessHeap(), 0, r);
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
    b->len = (uint32_t)safecopy(r->data + b->offset, p, n);
    if (b->len == 0)
        b->state = REC_BUF_UNREADABLE;
    else if (b->len < n)
        b->state = REC_BUF_PARTIAL;
    else if (n < want)
        b->state = REC_BUF_CLIPPED;
    else
        b->state = REC_BUF_OK;
}

static void record__view_buf(const record_t *r, const record_buf_t *b, rec_buf_t *v)
{
    v->data = r->data + b->offset;
    v->len = b->len;
    v->size = b->size;
    v->addr = b->addr;
    v->state = b->state;
}

void record_view(const record_t *r, const char *image, rec_call_t *c)
{
    memset(c, 0, sizeof *c);
    c->time_us = r->time_us;
    c->pid = GetCurrentProcessId();
    c->tid = r->tid;
    c->image = image;
    c->socket = r->socket;
    c->af = r->af;
    c->type = r->type;
    c->protocol = r->protocol;
    c->code = r->code;
    c->ptr_bytes = (uint8_t)sizeof(void *);
    record__view_buf(r, &r->in, &c->in);
    record__view_buf(r, &r->out, &c->out);
    c->ret = r->ret;
    c->error = r->error;
    c->bytes = r->bytes;
    c->bytes_valid = r->bytes_valid;
    c->overlapped = r->overlapped;
    c->lower_ns = r->lower_ns;
}
