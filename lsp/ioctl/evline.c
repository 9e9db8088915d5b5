#include "evline.h"

#include <stdio.h>
#include <string.h>

#include "emit.h"
#include "layout.h"
#include "rec.h"
#include "recread.h"
#include "xlat.h"

#define EVLINE__AF_INET  2
#define EVLINE__AF_INET6 23

static const char *const evline__event[] = {"socket",  "bind",   "close",
                                            "dropped", "capped", "ignored"};
static const char *const evline__how[] = {"socket", "accept", "join"};

static bool evline__socket_line(const evline_t *e)
{
    return e->kind <= EVLINE_CLOSE;
}

static void evline__named(emit_t *o, const char *key, const xlat_t *x, int32_t v)
{
    if (v < 0)
        emit_null(o, key);
    else
        emit_named(o, key, xlat_name(x, (uint32_t)v), v);
}

size_t evline_json(char *buf, size_t n, const evline_t *e)
{
    emit_t o;
    emit_init(&o, buf, n, EMIT_JSON);
    emit_open(&o, NULL, '{');
    rec_json_head(&o, e->time_us, e->pid, e->instance_us);
    if (evline__socket_line(e))
        emit_uint(&o, "tid", e->tid);
    if (e->image)
        emit_str(&o, "image", e->image);
    else
        emit_null(&o, "image");
    emit_str(&o, "event", evline__event[e->kind]);
    if (evline__socket_line(e))
        emit_hex(&o, "socket", e->socket, e->ptr_bytes == 4 ? 8 : 16);
    switch (e->kind) {
    case EVLINE_SOCKET:
        evline__named(&o, "af", &xlat_af, e->af);
        evline__named(&o, "socktype", &xlat_socktype, e->type);
        evline__named(&o, "protocol", &xlat_ipproto, e->protocol);
        emit_str(&o, "how", e->how);
        break;
    case EVLINE_BIND:
        emit_str(&o, "local", e->local);
        break;
    case EVLINE_CLOSE:
        emit_int(&o, "ret", e->ret);
        if (e->ret != 0) {
            emit_named(&o, "error", xlat_name(&xlat_wsa_error, (uint32_t)e->error), e->error);
            emit_int(&o, "errno", e->error);
        } else {
            emit_null(&o, "error");
        }
        break;
    case EVLINE_DROPPED:
        emit_uint(&o, "dropped", e->dropped);
        emit_uint(&o, "dropped_audit", e->dropped_audit);
        emit_uint(&o, "total_dropped", e->total_dropped);
        emit_uint(&o, "total_dropped_audit", e->total_dropped_audit);
        break;
    case EVLINE_CAPPED:
        emit_uint(&o, "max_file_bytes", e->max_file_bytes);
        break;
    case EVLINE_IGNORED:
        emit_str(&o, "setting", e->setting);
        emit_str(&o, "expected", e->expected);
        emit_str(&o, "uses", e->uses);
        break;
    }
    emit_close(&o);
    return o.len;
}

static void evline__text_name(emit_t *o, const xlat_t *x, int32_t v, const char *sep)
{
    const char *name = v >= 0 ? xlat_name(x, (uint32_t)v) : NULL;
    if (name)
        emit_rawf(o, "%s%s", name, sep);
    else
        emit_rawf(o, "%d%s", v, sep);
}

/* The socket lines begin as call lines do. */
static void evline__text_socket(emit_t *o, const evline_t *e, const char *time)
{
    emit_rawf(o, "%s %s[%u:%u] socket=0x%llX", time, e->image ? e->image : "?", e->pid, e->tid,
              (unsigned long long)e->socket);
    if (e->kind != EVLINE_SOCKET)
        emit_rawf(o, " %s", evline__event[e->kind]);
    if (e->kind == EVLINE_SOCKET) {
        emit_rawf(o, " created by %s ", e->how);
        evline__text_name(o, &xlat_af, e->af, "/");
        evline__text_name(o, &xlat_socktype, e->type, "/");
        evline__text_name(o, &xlat_ipproto, e->protocol, "");
    } else if (e->kind == EVLINE_BIND) {
        emit_rawf(o, " %s", e->local);
    } else {
        emit_rawf(o, " = %d", e->ret);
        if (e->ret != 0) {
            const char *err = xlat_name(&xlat_wsa_error, (uint32_t)e->error);
            emit_rawf(o, " %s (%d)", err ? err : "error", e->error);
        }
    }
}

size_t evline_text(char *buf, size_t n, const evline_t *e)
{
    char time[REC_TIME_LEN];
    emit_t o;
    emit_init(&o, buf, n, EMIT_TEXT);
    rec_time(time, e->time_us);
    if (evline__socket_line(e)) {
        evline__text_socket(&o, e, time);
        return o.len;
    }
    emit_rawf(&o, "%s %s[%u] siotrace: ", time, e->image ? e->image : "?", e->pid);
    if (e->kind == EVLINE_DROPPED)
        emit_rawf(&o, "%llu records dropped (%llu audit); %llu (%llu audit) in all",
                  (unsigned long long)e->dropped, (unsigned long long)e->dropped_audit,
                  (unsigned long long)e->total_dropped, (unsigned long long)e->total_dropped_audit);
    else if (e->kind == EVLINE_CAPPED)
        emit_rawf(&o, "log reached MaxFileBytes (%llu): later records are not written",
                  (unsigned long long)e->max_file_bytes);
    else
        emit_rawf(&o, "setting %s ignored (expected %s); using %s", e->setting, e->expected,
                  e->uses);
    return o.len;
}

static unsigned evline__u16(const uint8_t *p, bool big_endian)
{
    return big_endian ? (unsigned)(p[0] << 8 | p[1]) : (unsigned)(p[1] << 8 | p[0]);
}

void evline_sockaddr(char out[EVLINE_LOCAL_MAX], const uint8_t *sa, size_t len)
{
    char addr[46];
    unsigned family = len >= 2 ? evline__u16(sa, false) : 0;
    if (family == EVLINE__AF_INET && len >= 8) {
        layout_in4_format(addr, sa + 4);
        snprintf(out, EVLINE_LOCAL_MAX, "%s:%u", addr, evline__u16(sa + 2, true));
    } else if (family == EVLINE__AF_INET6 && len >= 24) {
        layout_in6_format(addr, sa + 8);
        uint32_t scope =
            len >= 28 ? (uint32_t)(sa[24] | sa[25] << 8 | sa[26] << 16 | (uint32_t)sa[27] << 24)
                      : 0;
        if (scope)
            snprintf(out, EVLINE_LOCAL_MAX, "[%s%%%u]:%u", addr, (unsigned)scope,
                     evline__u16(sa + 2, true));
        else
            snprintf(out, EVLINE_LOCAL_MAX, "[%s]:%u", addr, evline__u16(sa + 2, true));
    } else {
        const char *name = xlat_name(&xlat_af, family);
        snprintf(out, EVLINE_LOCAL_MAX, "%s%s(%zu bytes)", name ? name : "family ", name ? "" : "?",
                 len);
    }
}

/* ---- reading back ---- */

static bool evline__fail(const char **why, const char *what)
{
    *why = what;
    return false;
}

static bool evline__u64(const jdoc_t *d, const char *name, uint64_t *v)
{
    unsigned long long u;
    if (!jdoc_node_uint(jdoc_get(d, name), &u))
        return false;
    *v = u;
    return true;
}

static bool evline__i32(const jdoc_t *d, const char *name, int32_t *v)
{
    long long x;
    if (!jdoc_int(d, name, &x) || x < INT32_MIN || x > INT32_MAX)
        return false;
    *v = (int32_t)x;
    return true;
}

static bool evline__named_read(const jnode_t *n, const xlat_t *x, int32_t *v)
{
    long long num;
    uint64_t u;
    if (n && n->type == JNODE_NULL)
        return *v = -1, true;
    if (jdoc_node_int(n, &num) && num >= 0 && num <= INT32_MAX)
        return *v = (int32_t)num, true;
    if (n && n->type == JNODE_STR && xlat_value(x, n->text, n->len, &u))
        return *v = (int32_t)u, true;
    return false;
}

/* A string member into a note of EVLINE_NOTE_MAX. */
static bool evline__note(const jdoc_t *d, const char *name, char *out)
{
    const jnode_t *n = jdoc_get(d, name);
    if (!n || n->type != JNODE_STR)
        return false;
    jdoc_node_str(n, out, EVLINE_NOTE_MAX);
    return true;
}

static bool evline__kind(evline_t *e, const jdoc_t *d)
{
    for (size_t k = 0; k < sizeof evline__event / sizeof evline__event[0]; k++) {
        if (jdoc_str_is(d, "event", evline__event[k])) {
            e->kind = (evline_kind_t)k;
            return true;
        }
    }
    return false;
}

static bool evline__socket_read(evline_t *e, const jdoc_t *d, const char **why)
{
    uint64_t tid;
    int digits;
    if (!evline__u64(d, "tid", &tid) || tid > UINT32_MAX ||
        !recread_hex(jdoc_get(d, "socket"), &e->socket, &digits))
        return evline__fail(why, "no \"tid\" or \"socket\"");
    e->tid = (uint32_t)tid;
    e->ptr_bytes = digits <= 8 ? 4 : 8;
    switch (e->kind) {
    case EVLINE_SOCKET:
        for (size_t i = 0; i < sizeof evline__how / sizeof evline__how[0]; i++)
            if (jdoc_str_is(d, "how", evline__how[i]))
                e->how = evline__how[i];
        if (!e->how || !evline__named_read(jdoc_get(d, "af"), &xlat_af, &e->af) ||
            !evline__named_read(jdoc_get(d, "socktype"), &xlat_socktype, &e->type) ||
            !evline__named_read(jdoc_get(d, "protocol"), &xlat_ipproto, &e->protocol))
            return evline__fail(why, "bad \"how\", \"af\", \"socktype\" or \"protocol\"");
        return true;
    case EVLINE_BIND: {
        const jnode_t *local = jdoc_get(d, "local");
        if (!local || local->type != JNODE_STR)
            return evline__fail(why, "no \"local\"");
        jdoc_node_str(local, e->local, sizeof e->local);
        return true;
    }
    default:
        if (!evline__i32(d, "ret", &e->ret) || (e->ret != 0 && !evline__i32(d, "errno", &e->error)))
            return evline__fail(why, "no \"ret\", or no \"errno\" on a failure");
        return true;
    }
}

bool evline_read(evline_t *e, const jdoc_t *d, char *image, size_t cap, const char **why)
{
    const jnode_t *t = jdoc_get(d, "time"), *img = jdoc_get(d, "image");
    uint64_t pid;
    memset(e, 0, sizeof *e);
    if (!evline__kind(e, d))
        return evline__fail(why, "not an event siotrace writes");
    if (!t || t->type != JNODE_STR || !rec_time_read(t->text, t->len, &e->time_us) ||
        !evline__u64(d, "pid", &pid) || pid > UINT32_MAX)
        return evline__fail(why, "no \"time\" or \"pid\"");
    e->pid = (uint32_t)pid;
    const jnode_t *inst = jdoc_get(d, "instance");
    if (inst && (inst->type != JNODE_STR || !rec_time_read(inst->text, inst->len, &e->instance_us)))
        return evline__fail(why, "bad \"instance\"");
    if (img && img->type == JNODE_STR) {
        jdoc_node_str(img, image, cap);
        e->image = image;
    }
    if (evline__socket_line(e))
        return evline__socket_read(e, d, why);
    if (e->kind == EVLINE_CAPPED)
        return evline__u64(d, "max_file_bytes", &e->max_file_bytes) ||
               evline__fail(why, "no \"max_file_bytes\"");
    if (e->kind == EVLINE_IGNORED)
        return (evline__note(d, "setting", e->setting) &&
                evline__note(d, "expected", e->expected) && evline__note(d, "uses", e->uses)) ||
               evline__fail(why, "no \"setting\", \"expected\" or \"uses\"");
    return (evline__u64(d, "dropped", &e->dropped) &&
            evline__u64(d, "dropped_audit", &e->dropped_audit) &&
            evline__u64(d, "total_dropped", &e->total_dropped) &&
            evline__u64(d, "total_dropped_audit", &e->total_dropped_audit)) ||
           evline__fail(why, "no \"dropped\", \"dropped_audit\", \"total_dropped\" or "
                             "\"total_dropped_audit\"");
}
