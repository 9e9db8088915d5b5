#include <string.h>

#include "tlgdata.h"

void tlgdata_init(tlgdata_t *d, uint8_t *buf, size_t cap, tlgdata_chunk_t *chunks, size_t max)
{
    d->buf = buf;
    d->cap = cap;
    d->len = 0;
    d->chunks = chunks;
    d->max = max;
    d->count = 0;
    d->total = 0;
    d->values = 0;
    d->overflow = false;
}

static void tlgdata__chunk(tlgdata_t *d, const void *p, size_t n)
{
    if (d->count == d->max) {
        d->overflow = true;
        return;
    }
    d->chunks[d->count].p = p;
    d->chunks[d->count].n = (uint32_t)n;
    d->count++;
}

/* Copies n bytes into the buffer, growing the last chunk when it ends there. */
static void tlgdata__copy(tlgdata_t *d, const void *p, size_t n)
{
    if (d->overflow || n > d->cap - d->len) {
        d->overflow = true;
        return;
    }
    uint8_t *at = d->buf + d->len;
    memcpy(at, p, n);
    d->len += n;
    d->total += n;
    tlgdata_chunk_t *last = d->count ? &d->chunks[d->count - 1] : NULL;
    if (last && (const uint8_t *)last->p + last->n == at)
        last->n += (uint32_t)n;
    else
        tlgdata__chunk(d, at, n);
}

static void tlgdata__le(tlgdata_t *d, uint64_t v, size_t n)
{
    uint8_t b[8];
    for (size_t i = 0; i < n; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    tlgdata__copy(d, b, n);
}

static void tlgdata__ref(tlgdata_t *d, const void *p, size_t n)
{
    if (n == 0 || d->overflow)
        return;
    if (n > UINT32_MAX) {
        d->overflow = true;
        return;
    }
    tlgdata__chunk(d, p, n);
    d->total += n;
}

void tlgdata_u32(tlgdata_t *d, uint32_t v)
{
    tlgdata__le(d, v, 4);
    d->values++;
}

void tlgdata_u64(tlgdata_t *d, uint64_t v)
{
    tlgdata__le(d, v, 8);
    d->values++;
}

void tlgdata_ptr(tlgdata_t *d, uint64_t v)
{
    tlgdata__le(d, v, sizeof(void *));
    d->values++;
}

void tlgdata_str(tlgdata_t *d, const char *s)
{
    if (!s)
        s = "";
    tlgdata__copy(d, s, strlen(s) + 1);
    d->values++;
}

void tlgdata_binary(tlgdata_t *d, const void *p, size_t n)
{
    if (n > 0xFFFFu) {
        d->overflow = true;
        return;
    }
    tlgdata__le(d, n, 2);
    tlgdata__ref(d, p, n);
    d->values++;
}

void tlgdata_ref(tlgdata_t *d, const void *p, size_t n)
{
    tlgdata__ref(d, p, n);
    d->values++;
}
