#include "layout.h"

#include <stdio.h>
#include <string.h>

#include "xlat.h"

layout_cursor_t layout_cursor(const uint8_t *p, size_t n, unsigned ptr_bytes, uint64_t addr)
{
    layout_cursor_t c = {p, n, 0, ptr_bytes == 4 ? 4u : 8u, addr, false};
    return c;
}

bool layout_read(layout_cursor_t *c, size_t size, uint64_t *v)
{
    if (c->off > c->n || c->n - c->off < size) {
        c->short_ = true;
        return false;
    }
    uint64_t x = 0;
    for (size_t i = size; i-- > 0;)
        x = x << 8 | c->p[c->off + i];
    c->off += size;
    *v = x;
    return true;
}

void layout_align(layout_cursor_t *c, size_t align)
{
    size_t to = (c->off + align - 1) / align * align;
    c->off = to < c->n ? to : c->n;
}

static size_t layout__size(const layout_field_t *f, unsigned ptr)
{
    switch (f->type) {
    case LT_U8:
    case LT_BOOLEAN:
    case LT_ENUM8:
    case LT_SPECIAL8:
        return 1;
    case LT_U16:
    case LT_PORT:
    case LT_ENUM16:
    case LT_SPECIAL16:
        return 2;
    case LT_U64:
    case LT_HEX64:
        return 8;
    case LT_PTR:
    case LT_SOCKET:
        return ptr;
    case LT_GUID:
    case LT_IN6:
        return 16;
    case LT_SOCKADDR_GEN:
        return 24;
    case LT_STRUCT:
        return layout_sizeof(f->aux, ptr);
    default:
        return 4;
    }
}

static size_t layout__align(const layout_field_t *f, unsigned ptr)
{
    switch (f->type) {
    case LT_GUID:
    case LT_SOCKADDR_GEN:
        return 4;
    case LT_IN6:
        return 2;
    case LT_STRUCT:
        return layout_alignof(f->aux, ptr);
    default:
        return layout__size(f, ptr);
    }
}

size_t layout_alignof(const layout_t *l, unsigned ptr)
{
    size_t a = 1;
    for (size_t i = 0; i < l->count; i++) {
        size_t fa = layout__align(&l->fields[i], ptr);
        a = fa > a ? fa : a;
    }
    return a;
}

size_t layout_sizeof(const layout_t *l, unsigned ptr)
{
    size_t off = 0;
    for (size_t i = 0; i < l->count; i++) {
        size_t a = layout__align(&l->fields[i], ptr);
        off = (off + a - 1) / a * a + layout__size(&l->fields[i], ptr);
    }
    size_t a = layout_alignof(l, ptr);
    return (off + a - 1) / a * a;
}

void layout_in4_format(char out[16], const uint8_t a[4])
{
    snprintf(out, 16, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

void layout_in6_format(char out[46], const uint8_t a[16])
{
    unsigned w[8];
    for (int i = 0; i < 8; i++)
        w[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
    /* RFC 5952: the longest run of two or more zero words becomes "::". */
    int best = -1, best_len = 1;
    for (int i = 0; i < 8;) {
        int j = i;
        while (j < 8 && w[j] == 0)
            j++;
        if (j - i > best_len) {
            best = i;
            best_len = j - i;
        }
        i = j > i ? j : i + 1;
    }
    size_t len = 0;
    for (int i = 0; i < 8; i++) {
        if (i == best) {
            len += (size_t)snprintf(out + len, 46 - len, "::");
            i += best_len - 1;
            continue;
        }
        bool after_gap = best >= 0 && i == best + best_len;
        len += (size_t)snprintf(out + len, 46 - len, "%s%x", (i && !after_gap) ? ":" : "", w[i]);
    }
}

static void layout__addr(emit_t *e, const char *key, layout_cursor_t *c, size_t size)
{
    char text[46];
    if (c->n - c->off < size) {
        c->short_ = true;
        return;
    }
    if (size == 4)
        layout_in4_format(text, c->p + c->off);
    else
        layout_in6_format(text, c->p + c->off);
    c->off += size;
    emit_str(e, key, text);
}

static void layout__guid(emit_t *e, const char *key, layout_cursor_t *c)
{
    if (c->n - c->off < 16) {
        c->short_ = true;
        return;
    }
    const uint8_t *g = c->p + c->off;
    const char *name = xlat_guid_name(g);
    char text[39];
    xlat_guid_format(text, g);
    c->off += 16;
    emit_str(e, key, name ? name : text);
}

static bool layout__scalar(emit_t *e, const layout_field_t *f, layout_cursor_t *c, size_t size)
{
    uint64_t v;
    if (!layout_read(c, size, &v))
        return false;
    char flags[160];
    switch (f->type) {
    case LT_I32:
        emit_int(e, f->name, (int32_t)(uint32_t)v);
        break;
    case LT_BOOLEAN:
    case LT_BOOL:
        emit_bool(e, f->name, v != 0);
        break;
    case LT_HEX32:
        emit_hex(e, f->name, v, 8);
        break;
    case LT_HEX64:
        emit_hex(e, f->name, v, 16);
        break;
    case LT_PTR:
    case LT_SOCKET:
        emit_hex(e, f->name, v, (int)size * 2);
        break;
    case LT_ENUM8:
    case LT_ENUM16:
    case LT_ENUM32:
    case LT_SPECIAL8:
    case LT_SPECIAL16:
        emit_named(e, f->name, xlat_name(f->aux, v), (int64_t)v);
        break;
    case LT_FLAGS32:
        xlat_flags(flags, sizeof flags, f->aux, v);
        emit_str(e, f->name, flags);
        break;
    case LT_PORT:
        emit_uint(e, f->name, (v >> 8 | v << 8) & 0xffffu);
        break;
    default:
        emit_uint(e, f->name, v);
        break;
    }
    return true;
}

bool layout_value(emit_t *e, const layout_field_t *f, layout_cursor_t *c)
{
    size_t start = c->off;
    switch (f->type) {
    case LT_STRUCT:
        return layout_emit(e, f->name, f->aux, c);
    case LT_GUID:
        layout__guid(e, f->name, c);
        break;
    case LT_IN4:
        layout__addr(e, f->name, c, 4);
        break;
    case LT_IN6:
        layout__addr(e, f->name, c, 16);
        break;
    case LT_SOCKADDR_GEN:
        if (c->n - c->off < 24) {
            c->short_ = true;
            break;
        }
        layout_sockaddr(e, f->name, c, 24);
        c->off = start + 24;
        break;
    default:
        return layout__scalar(e, f, c, layout__size(f, c->ptr_bytes));
    }
    return !c->short_;
}

bool layout_emit(emit_t *e, const char *key, const layout_t *l, layout_cursor_t *c)
{
    size_t base = c->off;
    emit_open(e, key, '{');
    bool ok = true;
    for (size_t i = 0; ok && i < l->count; i++) {
        size_t a = layout__align(&l->fields[i], c->ptr_bytes);
        size_t at = base + ((c->off - base + a - 1) / a * a);
        if (at > c->n) {
            c->short_ = true;
            ok = false;
            break;
        }
        c->off = at;
        ok = layout_value(e, &l->fields[i], c);
    }
    emit_close(e);
    if (ok) {
        /* Trailing padding belongs to the structure when it is there. */
        size_t end = base + layout_sizeof(l, c->ptr_bytes);
        c->off = end <= c->n ? end : c->n;
        /* Every member read, but the structure is longer than the buffer. */
        if (end > c->n) {
            c->short_ = true;
            ok = false;
        }
    }
    return ok;
}

bool layout_sockaddr(emit_t *e, const char *key, layout_cursor_t *c, size_t len)
{
    size_t avail = c->n - c->off < len ? c->n - c->off : len;
    layout_cursor_t sub = layout_cursor(c->p + c->off, avail, c->ptr_bytes, 0);
    uint64_t family = 0, port, flow, scope;
    emit_open(e, key, '{');
    if (layout_read(&sub, 2, &family)) {
        emit_named(e, "sa_family", xlat_name(&xlat_af, family), (int64_t)family);
        if (family == 2 && layout_read(&sub, 2, &port)) {
            emit_uint(e, "sin_port", (port >> 8 | port << 8) & 0xffffu);
            layout__addr(e, "sin_addr", &sub, 4);
        } else if (family == 23 && layout_read(&sub, 2, &port)) {
            emit_uint(e, "sin6_port", (port >> 8 | port << 8) & 0xffffu);
            if (layout_read(&sub, 4, &flow))
                emit_uint(e, "sin6_flowinfo", flow);
            if (!sub.short_)
                layout__addr(e, "sin6_addr", &sub, 16);
            if (!sub.short_ && layout_read(&sub, 4, &scope))
                emit_uint(e, "sin6_scope_id", scope);
        } else if (family != 2 && family != 23) {
            emit_bytes(e, "sa_data", sub.p + sub.off, sub.n - sub.off);
        }
    }
    emit_close(e);
    /* sockaddr_in is 16 bytes and sockaddr_in6 28, whatever they carry. */
    size_t want = family == 2 ? 16 : family == 23 ? 28 : (avail ? avail : 2);
    bool short_ = sub.short_ || avail < want;
    c->off += want < avail ? want : avail;
    c->short_ = c->short_ || short_;
    return !short_;
}
