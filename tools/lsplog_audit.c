/* audit: the capture sessions as a table. A session starts on a socket at
 * its first successful (or pending) capture call with a mode other than
 * RCVALL_OFF, follows its mode changes, and ends with RCVALL_OFF or the
 * record "audit_end" (socket closed, process ended); a refused call is a
 * row of its own. Field names come from LREC_AUDIT_FIELDS. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "lsplog_cmd.h"
#include "lsplog_owner.h"

#define LAUD__TEXT 128

typedef struct laud__session {
    char image[RECREAD_IMAGE_MAX];
    uint32_t pid;
    char instance[64];
    uint64_t socket;
    uint64_t from, until;
    bool open;
    char user[LAUD__TEXT], sid[LAUD__TEXT], mode[LAUD__TEXT], iface[LAUD__TEXT];
    char result[80], how[32];
    char *file;
} laud__session_t;

static laud__session_t **laud__all;
static size_t laud__n, laud__cap;

static void laud__field(const lrec_t *r, lrec_field_t f, char *out, size_t cap)
{
    lrec_text(lrec_field(r, f), out, cap);
}

static laud__session_t *laud__find(const lrec_t *r, const char *instance)
{
    for (size_t i = laud__n; i-- > 0;) {
        laud__session_t *s = laud__all[i];
        if (s->open && s->socket == r->socket && s->pid == r->pid &&
            strcmp(s->image, r->image) == 0 && strcmp(s->instance, instance) == 0)
            return s;
    }
    return NULL;
}

/* A member of object n by name, or NULL. */
static const jnode_t *laud__member(const jdoc_t *d, const jnode_t *n, const char *name)
{
    if (!n || n->type != JNODE_OBJ)
        return NULL;
    for (const jnode_t *m = jdoc_first(d, n); m; m = jdoc_next(d, m))
        if (m->key_len == strlen(name) && memcmp(m->key, name, m->key_len) == 0)
            return m;
    return NULL;
}

/* The bound address, decoded in the record as a sockaddr's members, as
 * "192.0.2.1:0" or "[::1]:80"; "-" when unbound. */
static void laud__local(const lrec_t *r, char *out, size_t cap)
{
    const jnode_t *n = lrec_field(r, LREC_F_LOCAL);
    const jnode_t *a4 = laud__member(&r->doc, n, "sin_addr"),
                  *p4 = laud__member(&r->doc, n, "sin_port");
    const jnode_t *a6 = laud__member(&r->doc, n, "sin6_addr"),
                  *p6 = laud__member(&r->doc, n, "sin6_port");
    char addr[64], port[16];
    if (a4 && p4) {
        lrec_text(a4, addr, sizeof addr);
        lrec_text(p4, port, sizeof port);
        snprintf(out, cap, "%s:%s", addr, port);
    } else if (a6 && p6) {
        lrec_text(a6, addr, sizeof addr);
        lrec_text(p6, port, sizeof port);
        snprintf(out, cap, "[%s]:%s", addr, port);
    } else {
        lrec_text(n, out, cap);
    }
}

/* Where the capture listens: the _IF codes' interface, else the local address. */
static void laud__iface(const lrec_t *r, char *out, size_t cap)
{
    const jnode_t *ifx = lrec_field(r, LREC_F_INTERFACE);
    if (ifx && ifx->type != JNODE_NULL) {
        char n[32];
        lrec_text(ifx, n, sizeof n);
        snprintf(out, cap, "if %s", n);
    } else {
        laud__local(r, out, cap);
    }
}

static laud__session_t *laud__new(const lrec_t *r, const char *instance)
{
    if (laud__n == laud__cap) {
        size_t cap = laud__cap ? laud__cap * 2 : 16;
        laud__session_t **all = realloc(laud__all, cap * sizeof *all);
        if (!all)
            return NULL;
        laud__all = all;
        laud__cap = cap;
    }
    laud__session_t *s = calloc(1, sizeof *s);
    size_t fl = strlen(r->src.file) + 1;
    if (!s || !(s->file = malloc(fl))) {
        free(s);
        return NULL;
    }
    memcpy(s->file, r->src.file, fl);
    snprintf(s->image, sizeof s->image, "%s", r->image);
    snprintf(s->instance, sizeof s->instance, "%s", instance);
    s->pid = r->pid;
    s->socket = r->socket;
    s->from = r->time_us;
    laud__field(r, LREC_F_USER, s->user, sizeof s->user);
    laud__field(r, LREC_F_USER_SID, s->sid, sizeof s->sid);
    laud__field(r, LREC_F_MODE, s->mode, sizeof s->mode);
    laud__iface(r, s->iface, sizeof s->iface);
    laud__all[laud__n++] = s;
    return s;
}

static void laud__call(const lrec_t *r, const char *instance)
{
    char mode[LAUD__TEXT], err[64];
    bool pending = r->failed && jdoc_node_str_is(r->error, "WSA_IO_PENDING");
    laud__field(r, LREC_F_MODE, mode, sizeof mode);
    laud__session_t *s = laud__find(r, instance);
    if (r->failed && !pending) {
        laud__session_t *row = laud__new(r, instance);
        if (row) {
            lrec_text(r->error, err, sizeof err);
            snprintf(row->result, sizeof row->result, "refused: %s", err);
            row->until = r->time_us;
        }
        return;
    }
    if (strcmp(mode, "RCVALL_OFF") == 0) {
        if (s) {
            s->open = false;
            s->until = r->time_us;
            snprintf(s->how, sizeof s->how, "RCVALL_OFF");
        }
        return;
    }
    if (s) {
        size_t len = strlen(s->mode);
        const char *last = strrchr(s->mode, '>');
        if (strcmp(last ? last + 1 : s->mode, mode) != 0)
            snprintf(s->mode + len, sizeof s->mode - len, "->%s", mode);
        return;
    }
    if ((s = laud__new(r, instance))) {
        s->open = true;
        snprintf(s->result, sizeof s->result, "%s", pending ? "pending" : "ok");
    }
}

void laud_take(const lcmd_opts_t *o, const lrec_t *r)
{
    (void)o;
    char instance[64];
    if (r->kind != LREC_AUDIT && r->kind != LREC_AUDIT_END)
        return;
    laud__field(r, LREC_F_INSTANCE, instance, sizeof instance);
    if (r->kind == LREC_AUDIT) {
        laud__call(r, instance);
        return;
    }
    /* A session RCVALL_OFF ended already needs nothing more from its end record. */
    laud__session_t *s = laud__find(r, instance);
    if (s) {
        s->open = false;
        s->until = r->time_us;
        laud__field(r, LREC_F_ENDED, s->how, sizeof s->how);
    }
}

static void laud__time(char out[REC_TIME_LEN], uint64_t us, const char *none)
{
    if (us)
        rec_time(out, us);
    else
        snprintf(out, REC_TIME_LEN, "%s", none);
}

/* "forged" when the record's user is not the account that created its file. */
static const char *laud__owner(const laud__session_t *s, char *owner, size_t cap)
{
    if (!lown_sid(s->file, owner, cap))
        return "";
    return s->sid[0] && strcmp(s->sid, "-") != 0 && strcmp(s->sid, owner) != 0 ? "FORGED" : "";
}

static void laud__json(const laud__session_t *s, const char *flag, const char *owner)
{
    static char line[4096];
    char t[REC_TIME_LEN];
    emit_t e;
    emit_init(&e, line, sizeof line, EMIT_JSON);
    emit_open(&e, NULL, '{');
    rec_time(t, s->from);
    emit_str(&e, "from", t);
    if (s->until) {
        rec_time(t, s->until);
        emit_str(&e, "until", t);
    } else {
        emit_null(&e, "until");
    }
    emit_str(&e, "user", s->user);
    emit_str(&e, "user_sid", s->sid);
    emit_str(&e, "image", s->image);
    emit_uint(&e, "pid", s->pid);
    emit_hex(&e, "socket", s->socket, 16);
    emit_str(&e, "mode", s->mode);
    emit_str(&e, "interface", s->iface);
    emit_str(&e, "result", s->result);
    if (s->how[0])
        emit_str(&e, "ended", s->how);
    else
        emit_null(&e, "ended");
    emit_str(&e, "file", s->file);
    if (owner[0])
        emit_str(&e, "file_owner", owner);
    emit_bool(&e, "forged", flag[0] != '\0');
    emit_close(&e);
    puts(line);
}

void laud_done(const lcmd_opts_t *o)
{
    if (!o->json)
        printf("%-27s %-27s %-24s %-20s %7s %-26s %-22s %s\n", "from", "until", "user", "process",
               "pid", "mode", "interface", "result");
    for (size_t i = 0; i < laud__n; i++) {
        laud__session_t *s = laud__all[i];
        char from[REC_TIME_LEN], until[REC_TIME_LEN], owner[LAUD__TEXT] = "";
        const char *flag = laud__owner(s, owner, sizeof owner);
        if (o->json) {
            laud__json(s, flag, owner);
        } else {
            laud__time(from, s->from, "-");
            laud__time(until, s->until, s->open ? "(capturing)" : "-");
            printf("%-27s %-27s %-24s %-20s %7u %-26s %-22s %s%s%s%s%s\n", from, until, s->user,
                   s->image, s->pid, s->mode, s->iface, s->result, s->how[0] ? ", " : "", s->how,
                   flag[0] ? "  FORGED: file owner " : "", flag[0] ? owner : "");
        }
        free(s->file);
        free(s);
    }
    free(laud__all);
}

size_t laud_text(char *buf, size_t n, const lrec_t *r)
{
    char t[REC_TIME_LEN], mode[LAUD__TEXT], iface[LAUD__TEXT], user[LAUD__TEXT], name[64], err[64],
        how[32], dur[32];
    rec_time(t, r->time_us);
    if (r->kind == LREC_AUDIT_END) {
        laud__field(r, LREC_F_ENDED, how, sizeof how);
        laud__field(r, LREC_F_DURATION, dur, sizeof dur);
        return (size_t)snprintf(buf, n, "%s %s[%u] socket=0x%llX audit_end ended=%s duration_us=%s",
                                t, r->image, r->pid, (unsigned long long)r->socket, how, dur);
    }
    laud__field(r, LREC_F_MODE, mode, sizeof mode);
    laud__field(r, LREC_F_USER, user, sizeof user);
    laud__iface(r, iface, sizeof iface);
    lrec_text(jdoc_get(&r->doc, "name"), name, sizeof name);
    lrec_text(r->error, err, sizeof err);
    return (size_t)snprintf(
        buf, n, "%s %s[%u] socket=0x%llX audit %s mode=%s interface=%s user=%s = %s", t, r->image,
        r->pid, (unsigned long long)r->socket, name, mode, iface, user, r->failed ? err : "0");
}
