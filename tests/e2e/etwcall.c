#include "etwcall.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2e.h"

long long etwcall_num(const jdoc_t *d, const char *path)
{
    long long v = 0;
    checkf(jdoc_int(d, path, &v), "%s is not a number", path);
    return v;
}

bool etwcall_bool(const jdoc_t *d, const char *path)
{
    const jnode_t *n = jdoc_get(d, path);
    checkf(n && n->type == JNODE_BOOL, "%s is not a boolean", path);
    return n->text[0] == 't';
}

void etwcall_str(const jdoc_t *d, const char *path, char *out, size_t cap)
{
    const jnode_t *n = jdoc_get(d, path);
    checkf(n && n->type == JNODE_STR, "%s is not a string", path);
    size_t o = 0;
    for (size_t i = 0; i < n->len; i++) {
        char c = n->text[i];
        if (c == '\\' && i + 1 < n->len) {
            c = n->text[++i];
            if (c == 'u' && i + 4 < n->len) {
                char hex[5] = {n->text[i + 1], n->text[i + 2], n->text[i + 3], n->text[i + 4], 0};
                c = (char)strtol(hex, NULL, 16);
                i += 4;
            }
        }
        checkf(o + 1 < cap, "%s is too long", path);
        out[o++] = c;
    }
    out[o] = '\0';
}

uint64_t etwcall_hex(const jdoc_t *d, const char *path)
{
    char s[64];
    etwcall_str(d, path, s, sizeof s);
    checkf(strncmp(s, "0x", 2) == 0, "%s: %s", path, s);
    return strtoull(s + 2, NULL, 16);
}

static size_t etwcall__hexbytes(const jdoc_t *d, const char *path, uint8_t *out, size_t cap)
{
    static char s[2 * 8192 + 1];
    etwcall_str(d, path, s, sizeof s);
    size_t n = strlen(s) / 2;
    checkf(n <= cap, "%s: %zu bytes", path, n);
    for (size_t i = 0; i < n; i++) {
        char b[3] = {s[2 * i], s[2 * i + 1], 0};
        out[i] = (uint8_t)strtoul(b, NULL, 16);
    }
    return n;
}

/* "2026-12-01T09:28:11.7359870Z" (FILETIME, 100 ns) to UTC us since 1970. */
static uint64_t etwcall__filetime_us(const jdoc_t *d, const char *path)
{
    char s[64];
    int y, mo, da, h, mi, se;
    unsigned frac;
    etwcall_str(d, path, s, sizeof s);
    checkf(sscanf(s, "%d-%d-%dT%d:%d:%d.%7uZ", &y, &mo, &da, &h, &mi, &se, &frac) == 7, "%s", s);
    checkf(frac % 10 == 0, "%s: finer than the record's microseconds", s);
    y -= mo <= 2;
    long long era = y / 400, yoe = y - era * 400;
    long long doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + da - 1;
    long long days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
    return (uint64_t)((days * 86400 + h * 3600 + mi * 60 + se) * 1000000LL + frac / 10);
}

static rec_buf_state_t etwcall__state_of(const jdoc_t *d, const char *path)
{
    char s[32];
    etwcall_str(d, path, s, sizeof s);
    for (int i = REC_BUF_NONE; i <= REC_BUF_PENDING; i++)
        if (strcmp(rec_buf_state_name((rec_buf_state_t)i), s) == 0)
            return (rec_buf_state_t)i;
    checkf(0, "%s: unknown state %s", path, s);
    return REC_BUF_NONE;
}

static void etwcall__rebuild_buf(const jdoc_t *d, const char *key, rec_buf_t *b, uint8_t *bytes)
{
    char path[32];
    snprintf(path, sizeof path, "fields.%s_addr", key);
    b->addr = etwcall_hex(d, path);
    snprintf(path, sizeof path, "fields.%s_size", key);
    b->size = (uint32_t)etwcall_num(d, path);
    snprintf(path, sizeof path, "fields.%s_state", key);
    b->state = etwcall__state_of(d, path);
    snprintf(path, sizeof path, "fields.%s", key);
    b->len = (uint32_t)etwcall__hexbytes(d, path, bytes, 8192);
    b->data = bytes;
}

void etwcall_rebuild(const jdoc_t *d, etwcall_t *r)
{
    rec_call_t *c = &r->c;
    memset(c, 0, sizeof *c);
    c->time_us = etwcall__filetime_us(d, "fields.time");
    c->pid = (uint32_t)etwcall_num(d, "fields.pid");
    c->instance_us = etwcall__filetime_us(d, "fields.instance");
    c->tid = (uint32_t)etwcall_num(d, "fields.tid");
    etwcall_str(d, "fields.image", r->image, sizeof r->image);
    c->image = r->image;
    c->socket = etwcall_hex(d, "fields.socket");
    c->af = (int32_t)etwcall_num(d, "fields.af");
    c->type = (int32_t)etwcall_num(d, "fields.socktype");
    c->protocol = (int32_t)etwcall_num(d, "fields.protocol");
    c->code = (uint32_t)etwcall_hex(d, "fields.code");
    c->ptr_bytes = sizeof(void *);
    etwcall__rebuild_buf(d, "in", &c->in, r->in);
    etwcall__rebuild_buf(d, "out", &c->out, r->out);
    c->ret = (int32_t)etwcall_num(d, "fields.ret");
    c->error = (int32_t)etwcall_num(d, "fields.error");
    c->bytes = (uint32_t)etwcall_num(d, "fields.bytes");
    c->bytes_valid = etwcall_bool(d, "fields.bytes_valid");
    c->overlapped = etwcall_bool(d, "fields.overlapped");
    c->lower_ns = (uint64_t)etwcall_num(d, "fields.lower_ns");
    checkf(etwcall_bool(d, "fields.pending") == (c->ret != 0 && c->error == WSA_IO_PENDING),
           "pending disagrees with ret and error");
}

static const char *etwcall__or_null(const char *s)
{
    return s[0] ? s : NULL;
}

/* "a.b.c.d:port" back into the sockaddr_in it was; "" is none. */
static size_t etwcall__local(const jdoc_t *d, uint8_t out[16])
{
    char s[80];
    unsigned a[4], port;
    etwcall_str(d, "fields.local_addr", s, sizeof s);
    memset(out, 0, 16);
    if (!s[0])
        return 0;
    checkf(sscanf(s, "%u.%u.%u.%u:%u", &a[0], &a[1], &a[2], &a[3], &port) == 5,
           "local_addr %s: only IPv4 is read back", s);
    out[0] = 2;
    out[2] = (uint8_t)(port >> 8);
    out[3] = (uint8_t)port;
    for (int i = 0; i < 4; i++)
        out[4 + i] = (uint8_t)a[i];
    return 16;
}

static void etwcall__who(const jdoc_t *d, etwcall_audit_t *r)
{
    auditrec_proc_t *p = &r->p;
    char integrity[32];
    etwcall_str(d, "fields.image", r->image, sizeof r->image);
    etwcall_str(d, "fields.image_path", r->path, sizeof r->path);
    etwcall_str(d, "fields.command_line", r->cmd, sizeof r->cmd);
    etwcall_str(d, "fields.user_sid", r->sid, sizeof r->sid);
    etwcall_str(d, "fields.user", r->user, sizeof r->user);
    p->image = etwcall__or_null(r->image);
    p->path = etwcall__or_null(r->path);
    p->command_line = etwcall__or_null(r->cmd);
    p->user_sid = strcmp(r->sid, "S-1-0-0") != 0 ? r->sid : NULL;
    p->user = etwcall__or_null(r->user);
    p->parent_pid = etwcall_num(d, "fields.parent_pid");
    p->session_id = etwcall_num(d, "fields.session_id");
    p->integrity = etwcall_num(d, "fields.integrity_rid");
    p->elevated = (int)etwcall_num(d, "fields.elevated");
    etwcall_str(d, "fields.integrity", integrity, sizeof integrity);
    const char *want = p->integrity < 0 ? NULL : auditrec_integrity_name(p->integrity);
    checkf(strcmp(integrity, want ? want : "") == 0, "integrity %s for RID %lld", integrity,
           (long long)p->integrity);
}

static auditrec_session_t etwcall__session_of(const jdoc_t *d)
{
    char s[16];
    etwcall_str(d, "fields.capture", s, sizeof s);
    for (int i = AUDITREC_NONE; i <= AUDITREC_STOP; i++)
        if (strcmp(auditrec_session_name((auditrec_session_t)i), s) == 0)
            return (auditrec_session_t)i;
    checkf(0, "capture: unknown %s", s);
    return AUDITREC_NONE;
}

void etwcall_rebuild_audit(const jdoc_t *d, etwcall_audit_t *r)
{
    rec_call_t *c = &r->c;
    memset(r, 0, sizeof *r);
    c->time_us = etwcall__filetime_us(d, "fields.time");
    c->pid = (uint32_t)etwcall_num(d, "fields.pid");
    c->instance_us = etwcall__filetime_us(d, "fields.instance");
    c->tid = (uint32_t)etwcall_num(d, "fields.tid");
    c->socket = etwcall_hex(d, "fields.socket");
    c->ptr_bytes = sizeof(void *);
    c->af = (int32_t)etwcall_num(d, "fields.af");
    c->type = (int32_t)etwcall_num(d, "fields.socktype");
    c->protocol = (int32_t)etwcall_num(d, "fields.protocol");
    c->code = (uint32_t)etwcall_hex(d, "fields.code");
    etwcall__rebuild_buf(d, "in", &c->in, r->in);
    c->ret = (int32_t)etwcall_num(d, "fields.ret");
    c->error = (int32_t)etwcall_num(d, "fields.error");
    checkf(etwcall_bool(d, "fields.pending") == (c->ret != 0 && c->error == WSA_IO_PENDING),
           "pending disagrees with ret and error");
    r->cap.local_len = etwcall__local(d, r->local);
    r->cap.local = r->cap.local_len ? r->local : NULL;
    r->cap.session = etwcall__session_of(d);
    if (r->cap.session != AUDITREC_NONE)
        r->cap.since_us = etwcall__filetime_us(d, "fields.capture_since");
    etwcall__who(d, r);
    c->image = r->image;
}

void etwcall_rebuild_audit_end(const jdoc_t *d, etwcall_audit_t *r)
{
    auditrec_end_t *e = &r->end;
    char mode[32];
    memset(r, 0, sizeof *r);
    e->time_us = etwcall__filetime_us(d, "fields.time");
    e->since_us = etwcall__filetime_us(d, "fields.capture_since");
    checkf((uint64_t)etwcall_num(d, "fields.duration_us") == e->time_us - e->since_us,
           "duration_us is not time - capture_since");
    e->pid = (uint32_t)etwcall_num(d, "fields.pid");
    e->instance_us = etwcall__filetime_us(d, "fields.instance");
    e->socket = etwcall_hex(d, "fields.socket");
    e->ptr_bytes = sizeof(void *);
    e->af = (int32_t)etwcall_num(d, "fields.af");
    e->type = (int32_t)etwcall_num(d, "fields.socktype");
    e->protocol = (int32_t)etwcall_num(d, "fields.protocol");
    e->code = (uint32_t)etwcall_hex(d, "fields.code");
    etwcall_str(d, "fields.mode", mode, sizeof mode);
    e->request.has_mode = mode[0] != '\0';
    e->request.mode = (uint32_t)etwcall_num(d, "fields.mode_value");
    long long ifindex = etwcall_num(d, "fields.if_index");
    e->request.has_ifindex = ifindex >= 0;
    e->request.ifindex = (uint32_t)ifindex;
    e->local_len = etwcall__local(d, r->local);
    e->local = e->local_len ? r->local : NULL;
    etwcall_str(d, "fields.ended", r->ended, sizeof r->ended);
    e->how = r->ended;
    etwcall__who(d, r);
}

void etwcall_member(const jdoc_t *line, const char *key, char *out, size_t cap)
{
    const jnode_t *n = jdoc_get(line, key);
    checkf(n && n->len < cap, "the line's %s", key);
    memcpy(out, n->text, n->len);
    out[n->len] = '\0';
}
