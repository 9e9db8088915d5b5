#include <string.h>

#include "etwrec.h"

static void etwrec__le(uint8_t **p, uint64_t v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        (*p)[i] = (uint8_t)(v >> (8 * i));
    *p += n;
}

static uint64_t etwrec__rd(const uint8_t **p, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v |= (uint64_t)(*p)[i] << (8 * i);
    *p += n;
    return v;
}

size_t etwrec_size(const etwrec_t *r)
{
    return ETWREC_HEAD + (size_t)r->traits_len + r->meta_len + r->data_len;
}

size_t etwrec_put(uint8_t *buf, size_t cap, const etwrec_t *r)
{
    size_t size = etwrec_size(r);
    if (size > cap || size > UINT32_MAX)
        return 0;
    uint8_t *p = buf;
    etwrec__le(&p, size, 4);
    memcpy(p, r->provider, 16);
    p += 16;
    etwrec__le(&p, r->pid, 4);
    etwrec__le(&p, r->tid, 4);
    etwrec__le(&p, r->id, 2);
    etwrec__le(&p, r->version, 1);
    etwrec__le(&p, r->channel, 1);
    etwrec__le(&p, r->level, 1);
    etwrec__le(&p, r->opcode, 1);
    etwrec__le(&p, r->task, 2);
    etwrec__le(&p, r->keyword, 8);
    etwrec__le(&p, r->traits_len, 2);
    etwrec__le(&p, r->meta_len, 2);
    etwrec__le(&p, r->data_len, 4);
    const struct {
        const uint8_t *p;
        size_t n;
    } parts[3] = {{r->traits, r->traits_len}, {r->meta, r->meta_len}, {r->data, r->data_len}};
    for (int i = 0; i < 3; i++) {
        if (parts[i].n)
            memcpy(p, parts[i].p, parts[i].n);
        p += parts[i].n;
    }
    return size;
}

size_t etwrec_get(const uint8_t *p, size_t n, etwrec_t *r)
{
    if (n < ETWREC_HEAD)
        return 0;
    const uint8_t *q = p;
    size_t size = (size_t)etwrec__rd(&q, 4);
    memcpy(r->provider, q, 16);
    q += 16;
    r->pid = (uint32_t)etwrec__rd(&q, 4);
    r->tid = (uint32_t)etwrec__rd(&q, 4);
    r->id = (uint16_t)etwrec__rd(&q, 2);
    r->version = (uint8_t)etwrec__rd(&q, 1);
    r->channel = (uint8_t)etwrec__rd(&q, 1);
    r->level = (uint8_t)etwrec__rd(&q, 1);
    r->opcode = (uint8_t)etwrec__rd(&q, 1);
    r->task = (uint16_t)etwrec__rd(&q, 2);
    r->keyword = etwrec__rd(&q, 8);
    r->traits_len = (uint16_t)etwrec__rd(&q, 2);
    r->meta_len = (uint16_t)etwrec__rd(&q, 2);
    r->data_len = (uint32_t)etwrec__rd(&q, 4);
    if (size > n || size != etwrec_size(r))
        return 0;
    r->traits = q;
    r->meta = q + r->traits_len;
    r->data = r->meta + r->meta_len;
    return size;
}
