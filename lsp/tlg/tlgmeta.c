#include <string.h>

#include "tlgmeta.h"

static void tlgmeta__put(tlgmeta_t *m, const void *p, size_t n)
{
    if (m->overflow || n > m->cap - m->len) {
        m->overflow = true;
        return;
    }
    memcpy(m->buf + m->len, p, n);
    m->len += n;
}

static void tlgmeta__byte(tlgmeta_t *m, uint8_t b)
{
    tlgmeta__put(m, &b, 1);
}

/* 28 bits, 7 per byte from the top, 0x80 when another byte follows;
 * trailing all-zero groups are left out, but one byte is always written. */
static void tlgmeta__tags(tlgmeta_t *m, uint32_t tags)
{
    uint8_t groups[4];
    int last = 0;
    for (int i = 0; i < 4; i++) {
        groups[i] = (uint8_t)((tags >> (21 - 7 * i)) & 0x7f);
        if (groups[i])
            last = i;
    }
    for (int i = 0; i <= last; i++)
        tlgmeta__byte(m, (uint8_t)(groups[i] | (i < last ? 0x80 : 0)));
}

static void tlgmeta__name(tlgmeta_t *m, const char *name)
{
    tlgmeta__put(m, name, strlen(name) + 1);
}

void tlgmeta_event(tlgmeta_t *m, uint8_t *buf, size_t cap, const char *name, uint32_t tags)
{
    m->buf = buf;
    m->cap = cap;
    m->len = 0;
    m->overflow = false;
    tlgmeta__put(m, "\0", 2);
    tlgmeta__tags(m, tags);
    tlgmeta__name(m, name);
}

void tlgmeta_field(tlgmeta_t *m, const char *name, uint8_t in, uint8_t out, uint32_t tags)
{
    tlgmeta__name(m, name);
    if (out == 0 && tags == 0) {
        tlgmeta__byte(m, in);
        return;
    }
    tlgmeta__byte(m, (uint8_t)(in | 0x80));
    tlgmeta__byte(m, (uint8_t)(out | (tags ? 0x80 : 0)));
    if (tags)
        tlgmeta__tags(m, tags);
}

size_t tlgmeta_end(tlgmeta_t *m)
{
    if (m->overflow || m->len > TLGMETA_MAX)
        return 0;
    m->buf[0] = (uint8_t)m->len;
    m->buf[1] = (uint8_t)(m->len >> 8);
    return m->len;
}

size_t tlgmeta_traits(uint8_t *buf, size_t cap, const char *name, const uint8_t *group)
{
    tlgmeta_t m = {buf, cap, 0, false};
    tlgmeta__put(&m, "\0", 2);
    tlgmeta__name(&m, name);
    if (group) {
        /* TraitSize (this trait, its size field included), type 1 = group. */
        static const uint8_t head[3] = {19, 0, 1};
        tlgmeta__put(&m, head, sizeof head);
        tlgmeta__put(&m, group, 16);
    }
    return tlgmeta_end(&m);
}
