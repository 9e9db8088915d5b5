#include "auditrec.h"

#include <stdio.h>

#include "describe.h"
#include "layout.h"
#include "xlat.h"

static const char *const auditrec__sessions[] = {"none", "start", "change", "stop"};

auditrec_outcome_t auditrec_outcome(const rec_call_t *c)
{
    if (c->ret != 0 && c->error != REC_IO_PENDING)
        return AUDITREC_REFUSED;
    capture_request_t r = capture_request(c->code, c->in.data, c->in.len);
    return r.has_mode && r.mode == CAPTURE_RCVALL_OFF && c->ret == 0 ? AUDITREC_OFF : AUDITREC_ON;
}

const char *auditrec_session_name(auditrec_session_t s)
{
    return auditrec__sessions[s];
}

const char *auditrec_outcome_name(auditrec_outcome_t o)
{
    static const char *const names[] = {"on", "off", "refused"};
    return names[o];
}

static void auditrec__str(emit_t *e, const char *key, const char *s)
{
    if (s)
        emit_str(e, key, s);
    else
        emit_null(e, key);
}

static void auditrec__int(emit_t *e, const char *key, int64_t v)
{
    if (v < 0)
        emit_null(e, key);
    else
        emit_int(e, key, v);
}

const char *auditrec_integrity_name(int64_t rid)
{
    switch (rid) {
    case 0x0000:
        return "untrusted";
    case 0x1000:
        return "low";
    case 0x2000:
        return "medium";
    case 0x2100:
        return "medium_plus";
    case 0x3000:
        return "high";
    case 0x4000:
        return "system";
    case 0x5000:
        return "protected";
    default:
        return NULL;
    }
}

void auditrec_local_text(char out[64], const uint8_t *a, size_t len)
{
    char addr[46];
    unsigned family = len >= 2 ? (unsigned)(a[0] | a[1] << 8) : 0;
    unsigned port = len >= 4 ? (unsigned)(a[2] << 8 | a[3]) : 0;
    if (family == 2 && len >= 8) {
        layout_in4_format(addr, a + 4);
        snprintf(out, 64, "%s:%u", addr, port);
    } else if (family == 23 && len >= 24) {
        layout_in6_format(addr, a + 8);
        snprintf(out, 64, "[%s]:%u", addr, port);
    } else if (len >= 2) {
        snprintf(out, 64, "family %u", family);
    } else {
        snprintf(out, 64, "-");
    }
}

static void auditrec__who(emit_t *e, const auditrec_proc_t *p)
{
    auditrec__str(e, "image_path", p->path);
    auditrec__str(e, "command_line", p->command_line);
    auditrec__int(e, "parent_pid", p->parent_pid);
    auditrec__str(e, "user_sid", p->user_sid);
    auditrec__str(e, "user", p->user);
    auditrec__int(e, "session_id", p->session_id);
    if (p->integrity < 0)
        emit_null(e, "integrity");
    else
        emit_named(e, "integrity", auditrec_integrity_name(p->integrity), p->integrity);
    if (p->elevated < 0)
        emit_null(e, "elevated");
    else
        emit_bool(e, "elevated", p->elevated != 0);
}

/* mode, interface (for the _IF codes) and local, from the request. */
static void auditrec__what(emit_t *e, uint32_t code, const capture_request_t *r,
                           const uint8_t *local, size_t local_len)
{
    if (r->has_mode)
        emit_named(e, "mode", xlat_name(&xlat_rcvall_value, r->mode), r->mode);
    else
        emit_null(e, "mode");
    if (capture_per_interface(code) && r->has_ifindex)
        emit_uint(e, "interface", r->ifindex);
    else if (capture_per_interface(code))
        emit_null(e, "interface");
    if (local && local_len) {
        layout_cursor_t cur = layout_cursor(local, local_len, 8, 0);
        layout_sockaddr(e, "local", &cur, local_len);
    } else {
        emit_null(e, "local");
    }
}

static void auditrec__time(emit_t *e, const char *key, uint64_t us)
{
    char t[REC_TIME_LEN];
    rec_time(t, us);
    emit_str(e, key, t);
}

size_t auditrec_call(char *buf, size_t n, const rec_call_t *c, const auditrec_proc_t *p,
                     const auditrec_capture_t *cap)
{
    emit_t e;
    const ioctl_info_t *io = capture_row(c->code, c->type, c->protocol);
    capture_request_t r = capture_request(c->code, c->in.data, c->in.len);
    emit_init(&e, buf, n, EMIT_JSON);
    emit_open(&e, NULL, '{');
    rec_json_head(&e, c->time_us, c->pid, c->instance_us);
    emit_uint(&e, "tid", c->tid);
    auditrec__str(&e, "image", p->image);
    emit_str(&e, "event", "audit");
    rec_json_socket(&e, c);
    describe_row(&e, io, c->code, false);
    emit_str(&e, "outcome", auditrec_outcome_name(auditrec_outcome(c)));
    auditrec__what(&e, c->code, &r, cap->local, cap->local_len);
    rec_json_buffer(&e, "in", c, &c->in, false);
    emit_int(&e, "ret", c->ret);
    if (c->ret != 0) {
        emit_named(&e, "error", xlat_name(&xlat_wsa_error, (uint32_t)c->error), c->error);
        emit_int(&e, "errno", c->error);
    } else {
        emit_null(&e, "error");
    }
    emit_bool(&e, "pending", c->ret != 0 && c->error == REC_IO_PENDING);
    emit_str(&e, "capture", auditrec_session_name(cap->session));
    if (cap->session == AUDITREC_NONE)
        emit_null(&e, "capture_since");
    else
        auditrec__time(&e, "capture_since", cap->since_us);
    auditrec__who(&e, p);
    emit_close(&e);
    return e.len;
}

size_t auditrec_end(char *buf, size_t n, const auditrec_end_t *a, const auditrec_proc_t *p)
{
    emit_t e;
    rec_call_t c = {.socket = a->socket,
                    .ptr_bytes = a->ptr_bytes,
                    .af = a->af,
                    .type = a->type,
                    .protocol = a->protocol,
                    .code = a->code};
    emit_init(&e, buf, n, EMIT_JSON);
    emit_open(&e, NULL, '{');
    rec_json_head(&e, a->time_us, a->pid, a->instance_us);
    auditrec__str(&e, "image", p->image);
    emit_str(&e, "event", "audit_end");
    rec_json_socket(&e, &c);
    describe_row(&e, capture_row(a->code, a->type, a->protocol), a->code, false);
    auditrec__what(&e, a->code, &a->request, a->local, a->local_len);
    auditrec__time(&e, "capture_since", a->since_us);
    emit_uint(&e, "duration_us", a->time_us >= a->since_us ? a->time_us - a->since_us : 0);
    emit_str(&e, "ended", a->how);
    auditrec__who(&e, p);
    emit_close(&e);
    return e.len;
}
