#include "lsplog_rec.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ioctl.h"

#define LREC__NAME(f, name) name,
const char *const lrec_field_name[LREC_FIELD_COUNT] = {LREC_AUDIT_FIELDS(LREC__NAME)};
#undef LREC__NAME
#define LREC__EVENT(k, event, needs) event,
static const char *const lrec_kind_event[LREC_KIND_COUNT] = {LREC_KINDS(LREC__EVENT)};
#undef LREC__EVENT
#define LREC__NEEDS(k, event, needs) needs,
static const char *const lrec__needs[LREC_KIND_COUNT] = {LREC_KINDS(LREC__NEEDS)};
#undef LREC__NEEDS

/* The codes whose calls are capture audits (--audit). */
static const char *const lrec__capture_codes[] = {
    "SIO_RCVALL",          "SIO_RCVALL_MCAST", "SIO_RCVALL_IGMPMCAST",
    "SIO_RCVALL_MCAST_IF", "SIO_RCVALL_IF",
};

static bool lrec__fail(lrec_t *r, const char **why, const char *fmt, const char *arg)
{
    snprintf(r->why, sizeof r->why, fmt, arg);
    *why = r->why;
    return false;
}

/* Each space-separated member of needs is present at the top level. */
static const char *lrec__missing(const jdoc_t *d, const char *needs)
{
    static char name[32];
    while (*needs) {
        size_t n = strcspn(needs, " ");
        snprintf(name, sizeof name, "%.*s", (int)n, needs);
        if (!jdoc_get(d, name))
            return name;
        needs += n + (needs[n] == ' ');
    }
    return NULL;
}

/* The members every kind has, found in one pass over the top level. */
typedef struct lrec__top {
    const jnode_t *time, *pid, *image, *event, *instance;
} lrec__top_t;

static bool lrec__is(const jnode_t *m, const char *name, size_t len)
{
    return m->key_len == len && memcmp(m->key, name, len) == 0;
}

static void lrec__scan(const jdoc_t *d, lrec__top_t *t)
{
    const char *instance = lrec_field_name[LREC_F_INSTANCE];
    size_t il = strlen(instance);
    memset(t, 0, sizeof *t);
    for (const jnode_t *m = jdoc_first(d, &d->nodes[0]); m; m = jdoc_next(d, m)) {
        if (lrec__is(m, "time", 4))
            t->time = m;
        else if (lrec__is(m, "pid", 3))
            t->pid = m;
        else if (lrec__is(m, "image", 5))
            t->image = m;
        else if (lrec__is(m, "event", 5))
            t->event = m;
        else if (lrec__is(m, instance, il))
            t->instance = m;
    }
}

static bool lrec__kind(lrec_t *r, const jnode_t *ev, const char **why)
{
    char name[64];
    r->kind = LREC_CALL;
    if (ev) {
        lrec_text(ev, name, sizeof name);
        int k = 1;
        while (k < LREC_KIND_COUNT && !jdoc_node_str_is(ev, lrec_kind_event[k]))
            k++;
        if (k == LREC_KIND_COUNT)
            return lrec__fail(r, why, "unknown event \"%s\": skipped", name);
        r->kind = (lrec_kind_t)k;
    }
    const char *missing = lrec__missing(&r->doc, lrec__needs[r->kind]);
    return !missing || lrec__fail(r, why, "not a siotrace record: no \"%s\"", missing);
}

static bool lrec__head(lrec_t *r, const lrec__top_t *top, const char **why)
{
    const jnode_t *t = top->time, *img = top->image;
    unsigned long long pid;
    if (!t || t->type != JNODE_STR || !rec_time_read(t->text, t->len, &r->time_us))
        return lrec__fail(r, why, "not a siotrace record: %s",
                          "no \"time\" like 2026-11-24T03:09:21.088850Z");
    if (!jdoc_node_uint(top->pid, &pid) || pid > UINT32_MAX)
        return lrec__fail(r, why, "not a siotrace record: %s", "no \"pid\"");
    if (!img || (img->type != JNODE_STR && img->type != JNODE_NULL))
        return lrec__fail(r, why, "not a siotrace record: %s", "no \"image\"");
    r->pid = (uint32_t)pid;
    lrec_text(img, r->image, sizeof r->image);
    return true;
}

bool lrec_read(lrec_t *r, const lin_line_t *l, const char **why)
{
    r->src = *l;
    if (!jdoc_parse(&r->doc, l->text, l->len)) {
        snprintf(r->why, sizeof r->why, "not a siotrace record (JSON: %s at byte %zu)", r->doc.why,
                 r->doc.at + 1);
        *why = r->why;
        return false;
    }
    lrec__top_t top;
    lrec__scan(&r->doc, &top);
    if (!lrec__head(r, &top, why) || !lrec__kind(r, top.event, why))
        return false;
    r->instance = top.instance;
    if (r->kind == LREC_CALL) {
        if (!recread_call(&r->call, &r->doc, why))
            return lrec__fail(r, why, "not a siotrace record: %s", *why);
        r->has_socket = r->has_code = true;
        r->socket = r->call.call.socket;
        r->code = r->call.call.code;
        r->failed = r->call.call.ret != 0;
        r->error = r->failed ? jdoc_get(&r->doc, "error") : NULL;
        return true;
    }
    int digits;
    uint64_t code = 0;
    long long ret = 0;
    r->has_socket = recread_hex(jdoc_get(&r->doc, "socket"), &r->socket, &digits);
    r->has_code = recread_hex(jdoc_get(&r->doc, "code"), &code, &digits) && code <= UINT32_MAX;
    r->code = (uint32_t)code;
    r->failed = jdoc_int(&r->doc, "ret", &ret) && ret != 0;
    r->error = r->failed ? jdoc_get(&r->doc, "error") : NULL;
    return true;
}

const jnode_t *lrec_field(const lrec_t *r, lrec_field_t f)
{
    return jdoc_get(&r->doc, lrec_field_name[f]);
}

void lrec_text(const jnode_t *n, char *buf, size_t cap)
{
    if (!n || n->type == JNODE_NULL)
        snprintf(buf, cap, "-");
    else if (n->type == JNODE_STR)
        jdoc_node_str(n, buf, cap);
    else
        snprintf(buf, cap, "%.*s", (int)n->len, n->text);
}

/* ---- filters ---- */

/* ASCII case-insensitive equality of a[0..n) and b[0..n). */
static bool lrec__same_case(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
            return false;
    return true;
}

static bool lrec__same(const char *a, const char *b)
{
    size_t n = strlen(a);
    return strlen(b) == n && lrec__same_case(a, b, n);
}

static bool lrec__same_image(const char *want, const char *image)
{
    size_t w = strlen(want), n = strlen(image);
    /* "curl" matches "curl.exe", as the Include setting does. */
    return lrec__same(want, image) ||
           (n == w + 4 && lrec__same_case(want, image, w) && lrec__same(image + w, ".exe"));
}

static int lrec__bad(const char *opt, const char *val, const char *what)
{
    fprintf(stderr, "lsplog: --%s %s: %s\n", opt, val, what);
    return -1;
}

static bool lrec__number(const char *s, uint64_t *v)
{
    char *end;
    if (!*s || *s == '-')
        return false;
    *v = strtoull(s, &end, 0);
    return *end == '\0';
}

static int lrec__digits(const char **s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++, (*s)++) {
        if (!isdigit((unsigned char)**s))
            return -1;
        v = v * 10 + (**s - '0');
    }
    return v;
}

/* "2026-11-24", "2026-11-24T03:09", "2026-11-24 03:09:21.5", each with an
 * optional "Z" or "+01:00"/"-05:00" (UTC when none). */
static bool lrec__iso(const char *s, uint64_t *us)
{
    int y = lrec__digits(&s, 4), mo = -1, d = -1, h = 0, mi = 0, sec = 0;
    long frac = 0, scale = 1000000;
    if (y < 0 || *s++ != '-' || (mo = lrec__digits(&s, 2)) < 0 || *s++ != '-' ||
        (d = lrec__digits(&s, 2)) < 0)
        return false;
    if (*s == 'T' || *s == ' ') {
        s++;
        if ((h = lrec__digits(&s, 2)) < 0 || *s++ != ':' || (mi = lrec__digits(&s, 2)) < 0)
            return false;
        if (*s == ':' && (s++, (sec = lrec__digits(&s, 2)) < 0))
            return false;
        if (*s == '.') {
            for (s++; isdigit((unsigned char)*s); s++)
                if (scale > 1)
                    frac += (*s - '0') * (scale /= 10);
        }
    }
    long offset = 0;
    if (*s == '+' || *s == '-') {
        int sign = *s++ == '-' ? -1 : 1, oh = lrec__digits(&s, 2), om;
        if (oh < 0 || *s++ != ':' || (om = lrec__digits(&s, 2)) < 0)
            return false;
        offset = sign * (oh * 3600L + om * 60L);
    } else if (*s == 'Z') {
        s++;
    }
    if (*s || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return false;
    char t[REC_TIME_LEN];
    snprintf(t, sizeof t, "%04d-%02d-%02dT00:00:00.000000Z", y, mo, d);
    uint64_t day;
    if (!rec_time_read(t, strlen(t), &day))
        return false;
    int64_t secs = (int64_t)(day / 1000000) + h * 3600 + mi * 60 + sec - offset;
    if (secs < 0)
        return false;
    *us = (uint64_t)secs * 1000000u + (uint64_t)frac;
    return true;
}

/* An ISO time, or "10m" ago (s, m, h, d). */
static bool lrec__when(const char *s, uint64_t now_us, uint64_t *us)
{
    char *end;
    unsigned long long n = strtoull(s, &end, 10);
    static const char units[] = "smhd";
    static const uint64_t secs[] = {1, 60, 3600, 86400};
    if (end != s && *s != '-' && end[0] && !end[1] && strchr(units, end[0])) {
        uint64_t ago = n * secs[strchr(units, end[0]) - units] * 1000000u;
        *us = ago < now_us ? now_us - ago : 0;
        return true;
    }
    return lrec__iso(s, us);
}

static int lrec__code(lrec_filter_t *f, const char *opt, const char *val)
{
    uint64_t v;
    const ioctl_info_t *io = ioctl_by_name(val);
    if (io)
        f->code = io->code;
    else if (lrec__number(val, &v) && v <= UINT32_MAX)
        f->code = (uint32_t)v;
    else
        return lrec__bad(opt, val, "not an IOCTL name or number");
    f->code_set = true;
    return 1;
}

int lrec_filter_option(lrec_filter_t *f, const char *opt, const char *val, uint64_t now_us)
{
    uint64_t v;
    if (strcmp(opt, "audit") == 0)
        return f->audit = true, 1;
    if (strcmp(opt, "pid") && strcmp(opt, "image") && strcmp(opt, "code") && strcmp(opt, "error") &&
        strcmp(opt, "socket") && strcmp(opt, "since") && strcmp(opt, "until"))
        return 0;
    if (!val) {
        fprintf(stderr, "lsplog: --%s needs a value\n", opt);
        return -1;
    }
    if (strcmp(opt, "pid") == 0) {
        if (!lrec__number(val, &v) || v > UINT32_MAX)
            return lrec__bad(opt, val, "not a process id");
        f->pid = (uint32_t)v, f->pid_set = true;
    } else if (strcmp(opt, "image") == 0) {
        f->image = val, f->image_set = true;
    } else if (strcmp(opt, "code") == 0) {
        return lrec__code(f, opt, val);
    } else if (strcmp(opt, "error") == 0) {
        f->error = val, f->error_set = true;
    } else if (strcmp(opt, "socket") == 0) {
        if (!lrec__number(val, &v))
            return lrec__bad(opt, val, "not a socket handle (hex 0x1A4 or decimal)");
        f->socket = v, f->socket_set = true;
    } else if (!lrec__when(val, now_us, strcmp(opt, "since") == 0 ? &f->since : &f->until)) {
        return lrec__bad(opt, val,
                         "not a time (2026-11-24T03:09:21Z, 2026-11-24 03:09+01:00, 10m, 2h, 1d)");
    }
    return 1;
}

static bool lrec__capture(uint32_t code)
{
    for (size_t i = 0; i < sizeof lrec__capture_codes / sizeof lrec__capture_codes[0]; i++) {
        const ioctl_info_t *io = ioctl_by_name(lrec__capture_codes[i]);
        if (io && io->code == code)
            return true;
    }
    return false;
}

static bool lrec__error_is(const lrec_t *r, const char *want)
{
    char name[64];
    long long errno_v;
    uint64_t n;
    if (!r->failed)
        return false;
    if (lrec__same(want, "any"))
        return true;
    lrec_text(r->error, name, sizeof name);
    if (lrec__same(name, want))
        return true;
    return lrec__number(want, &n) && jdoc_int(&r->doc, "errno", &errno_v) && (uint64_t)errno_v == n;
}

bool lrec_match(const lrec_filter_t *f, const lrec_t *r)
{
    if ((f->pid_set && r->pid != f->pid) || (f->image_set && !lrec__same_image(f->image, r->image)))
        return false;
    if ((f->since && r->time_us < f->since) || (f->until && r->time_us > f->until))
        return false;
    if (f->code_set && (!r->has_code || r->code != f->code))
        return false;
    if (f->error_set && !lrec__error_is(r, f->error))
        return false;
    if (f->socket_set && (!r->has_socket || r->socket != f->socket))
        return false;
    if (f->audit && r->kind != LREC_AUDIT && r->kind != LREC_AUDIT_END &&
        !(r->kind == LREC_CALL && lrec__capture(r->code)))
        return false;
    return true;
}
