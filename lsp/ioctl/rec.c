#include "rec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "describe.h"
#include "emit.h"
#include "iocbits.h"
#include "ioctl.h"
#include "xlat.h"

/* Days since 1970-01-01 to a civil date (proleptic Gregorian), so that
 * formatting needs no gmtime and no global state. */
static void rec__civil(int64_t days, int *y, unsigned *m, unsigned *d)
{
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    unsigned doe = (unsigned)(days - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yoe + era * 400) + (*m <= 2);
}

void rec_time(char out[REC_TIME_LEN], uint64_t us)
{
    uint64_t s = us / 1000000;
    int y;
    unsigned mo, d;
    rec__civil((int64_t)(s / 86400), &y, &mo, &d);
    unsigned sod = (unsigned)(s % 86400);
    snprintf(out, REC_TIME_LEN, "%04d-%02u-%02uT%02u:%02u:%02u.%06uZ", y, mo, d, sod / 3600,
             sod / 60 % 60, sod % 60, (unsigned)(us % 1000000));
}

static int64_t rec__days(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* The unsigned number in s[0..n) of exactly n digits. */
static bool rec__digits(const char *s, size_t n, unsigned *v)
{
    *v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        *v = *v * 10 + (unsigned)(s[i] - '0');
    }
    return true;
}

bool rec_time_read(const char *s, size_t n, uint64_t *us)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:dd.ddddddZ";
    unsigned y, mo, d, h, mi, sec, frac;
    if (n != sizeof shape - 1)
        return false;
    for (size_t i = 0; i < n; i++)
        if (shape[i] != 'd' && s[i] != shape[i])
            return false;
    if (!rec__digits(s, 4, &y) || !rec__digits(s + 5, 2, &mo) || !rec__digits(s + 8, 2, &d) ||
        !rec__digits(s + 11, 2, &h) || !rec__digits(s + 14, 2, &mi) ||
        !rec__digits(s + 17, 2, &sec) || !rec__digits(s + 20, 6, &frac))
        return false;
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59)
        return false;
    int64_t days = rec__days((int)y, mo, d);
    *us = ((uint64_t)days * 86400 + h * 3600u + mi * 60u + sec) * 1000000u + frac;
    return true;
}

const char *rec_buf_state_name(rec_buf_state_t s)
{
    static const char *const names[] = {"none",    "ok",         "clipped",
                                        "partial", "unreadable", "pending"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "invalid";
}

static bool rec__has_bytes(const rec_buf_t *b)
{
    return b->state == REC_BUF_OK || b->state == REC_BUF_CLIPPED || b->state == REC_BUF_PARTIAL;
}

static const ioctl_info_t *rec__row(const rec_call_t *c)
{
    return capture_row(c->code, c->type, c->protocol);
}

void rec_json_buffer(emit_t *e, const char *key, const rec_call_t *c, const rec_buf_t *b,
                     bool is_out)
{
    if (b->addr == 0 && b->size == 0) {
        emit_null(e, key);
        return;
    }
    emit_open(e, key, '{');
    emit_hex(e, "addr", b->addr, c->ptr_bytes == 4 ? 8 : 16);
    emit_uint(e, "size", b->size);
    emit_str(e, "state", rec_buf_state_name(b->state));
    if (rec__has_bytes(b)) {
        emit_uint(e, "len", b->len);
        describe_row_buffer(e, rec__row(c), is_out, b->data, b->len, b->addr, c->ptr_bytes);
    }
    emit_close(e);
}

static void rec__named(emit_t *e, const char *key, const xlat_t *x, int32_t v)
{
    if (v < 0)
        emit_null(e, key);
    else
        emit_named(e, key, xlat_name(x, (uint32_t)v), v);
}

static bool rec__pending(const rec_call_t *c)
{
    return c->ret != 0 && c->error == REC_IO_PENDING;
}

void rec_json_head(emit_t *e, uint64_t time_us, uint32_t pid, uint64_t instance_us)
{
    char time[REC_TIME_LEN];
    rec_time(time, time_us);
    emit_str(e, "time", time);
    emit_uint(e, "pid", pid);
    rec_time(time, instance_us);
    emit_str(e, "instance", time);
}

void rec_json_socket(emit_t *e, const rec_call_t *c)
{
    emit_hex(e, "socket", c->socket, c->ptr_bytes == 4 ? 8 : 16);
    rec__named(e, "af", &xlat_af, c->af);
    rec__named(e, "socktype", &xlat_socktype, c->type);
    rec__named(e, "protocol", &xlat_ipproto, c->protocol);
}

size_t rec_json(char *buf, size_t n, const rec_call_t *c)
{
    emit_t e;
    emit_init(&e, buf, n, EMIT_JSON);
    emit_open(&e, NULL, '{');
    rec_json_head(&e, c->time_us, c->pid, c->instance_us);
    emit_uint(&e, "tid", c->tid);
    if (c->image)
        emit_str(&e, "image", c->image);
    else
        emit_null(&e, "image");
    rec_json_socket(&e, c);
    describe_row(&e, rec__row(c), c->code, false);
    rec_json_buffer(&e, "in", c, &c->in, false);
    rec_json_buffer(&e, "out", c, &c->out, true);
    emit_int(&e, "ret", c->ret);
    if (c->ret != 0) {
        emit_named(&e, "error", xlat_name(&xlat_wsa_error, (uint32_t)c->error), c->error);
        emit_int(&e, "errno", c->error);
    } else {
        emit_null(&e, "error");
    }
    if (c->bytes_valid)
        emit_uint(&e, "bytes", c->bytes);
    else
        emit_null(&e, "bytes");
    emit_bool(&e, "overlapped", c->overlapped);
    emit_bool(&e, "pending", rec__pending(c));
    emit_uint(&e, "lower_ns", c->lower_ns);
    emit_close(&e);
    return e.len;
}

size_t rec_json_member(char *buf, size_t n, const rec_call_t *c, bool is_out)
{
    emit_t e;
    emit_init(&e, buf, n, EMIT_JSON);
    rec_json_buffer(&e, NULL, c, is_out ? &c->out : &c->in, is_out);
    return e.len;
}

/* The text form of a value read back from a JSON line: what the emit calls
 * that wrote the line print in text mode, since text and JSON come from the
 * same calls (strings unescaped, numbers as written, null as "-"). */
static void rec__replay_value(emit_t *e, const char *key, const jdoc_t *d, const jnode_t *n)
{
    char small[256];
    switch (n->type) {
    case JNODE_NULL:
        emit_null(e, key);
        break;
    case JNODE_BOOL:
        emit_bool(e, key, n->text[0] == 't');
        break;
    case JNODE_NUM:
        emit_strn(e, key, n->text, n->len);
        break;
    case JNODE_STR: {
        size_t len = jdoc_node_str(n, small, sizeof small);
        char *s = len < sizeof small ? small : malloc(len + 1);
        if (!s)
            break;
        if (s != small)
            jdoc_node_str(n, s, len + 1);
        emit_strn(e, key, s, len);
        if (s != small)
            free(s);
        break;
    }
    case JNODE_OBJ:
    case JNODE_ARR: {
        bool obj = n->type == JNODE_OBJ;
        char name[64];
        emit_open(e, key, obj ? '{' : '[');
        for (const jnode_t *m = jdoc_first(d, n); m; m = jdoc_next(d, m)) {
            snprintf(name, sizeof name, "%.*s", (int)m->key_len, m->key ? m->key : "");
            rec__replay_value(e, obj ? name : NULL, d, m);
        }
        emit_close(e);
        break;
    }
    }
}

static bool rec__key_is(const jnode_t *m, const char *name)
{
    return m->key_len == strlen(name) && memcmp(m->key, name, m->key_len) == 0;
}

/* A buffer's decoded members (after addr, size, state and len), as
 * dec_members writes them in text mode: type and value without their keys. */
static void rec__replay(emit_t *e, const jdoc_t *d, const jnode_t *obj)
{
    for (const jnode_t *m = jdoc_first(d, obj); m; m = jdoc_next(d, m)) {
        if (rec__key_is(m, "addr") || rec__key_is(m, "size") || rec__key_is(m, "state") ||
            rec__key_is(m, "len"))
            continue;
        bool bare = rec__key_is(m, "type") || rec__key_is(m, "value");
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)m->key_len, m->key);
        rec__replay_value(e, bare ? NULL : name, d, m);
    }
}

static void rec__text_buffer(emit_t *e, const char *key, const rec_call_t *c, const rec_buf_t *b,
                             bool is_out)
{
    if (b->addr == 0 && b->size == 0)
        return;
    emit_rawf(e, " %s=", key);
    if (!rec__has_bytes(b)) {
        emit_rawf(e, "<%s %u bytes at 0x%llX>", rec_buf_state_name(b->state), b->size,
                  (unsigned long long)b->addr);
        return;
    }
    emit_t sub = *e;
    sub.depth = 0;
    sub.first[0] = true;
    emit_open(&sub, NULL, '{');
    const jnode_t *json = is_out ? c->out_json : c->in_json;
    if (c->doc && json)
        rec__replay(&sub, c->doc, json);
    else
        describe_row_buffer(&sub, rec__row(c), is_out, b->data, b->len, b->addr, c->ptr_bytes);
    if (b->state != REC_BUF_OK)
        emit_str(&sub, "capture", rec_buf_state_name(b->state));
    emit_close(&sub);
    e->len = sub.len;
}

static void rec__text_name(emit_t *e, const xlat_t *x, int32_t v, const char *sep)
{
    const char *name = v >= 0 ? xlat_name(x, (uint32_t)v) : NULL;
    if (name)
        emit_rawf(e, "%s%s", name, sep);
    else
        emit_rawf(e, "%d%s", v, sep);
}

size_t rec_text(char *buf, size_t n, const rec_call_t *c)
{
    char time[REC_TIME_LEN], form[64];
    emit_t e;
    emit_init(&e, buf, n, EMIT_TEXT);
    rec_time(time, c->time_us);
    emit_rawf(&e, "%s %s[%u:%u] socket=0x%llX ", time, c->image ? c->image : "?", c->pid, c->tid,
              (unsigned long long)c->socket);
    rec__text_name(&e, &xlat_af, c->af, "/");
    rec__text_name(&e, &xlat_socktype, c->type, "/");
    rec__text_name(&e, &xlat_ipproto, c->protocol, " ");
    const ioctl_info_t *io = rec__row(c);
    iocbits_t b = iocbits_split(c->code);
    iocbits_format(form, sizeof form, c->code);
    emit_rawf(&e, "%s(0x%08X %s T=%u)", io ? io->name : form, (unsigned)c->code,
              iocbits_io(c->code), b.t);
    rec__text_buffer(&e, "in", c, &c->in, false);
    rec__text_buffer(&e, "out", c, &c->out, true);
    emit_rawf(&e, " = %d", c->ret);
    if (c->ret != 0) {
        const char *err = xlat_name(&xlat_wsa_error, (uint32_t)c->error);
        emit_rawf(&e, " %s (%d)", err ? err : "error", c->error);
    }
    if (c->bytes_valid)
        emit_rawf(&e, " bytes=%u", c->bytes);
    emit_rawf(&e, " [%llu.%03uus]", (unsigned long long)(c->lower_ns / 1000),
              (unsigned)(c->lower_ns % 1000));
    return e.len;
}
