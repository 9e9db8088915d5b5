/* sockets: each socket's story in order, from its creation (af, type,
 * protocol), its local address once bound, each call, to its close. A
 * handle value used again after a close starts a new story. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "lsplog_cmd.h"

typedef struct lsock__story {
    char image[RECREAD_IMAGE_MAX];
    uint32_t pid;
    char instance[64];
    uint64_t socket;
    uint64_t from, until;
    bool open, closed;
    bool superseded; /* a new socket took the handle before a close was seen */
    char af[24], type[24], protocol[24];
    char local[64];
    uint64_t calls, failed;
    lcmd_line_t *lines;
    size_t nline, cap;
} lsock__story_t;

static lsock__story_t **lsock__all;
static size_t lsock__n, lsock__cap;

static bool lsock__same(const lsock__story_t *s, const lrec_t *r, const char *instance)
{
    return s->open && s->socket == r->socket && s->pid == r->pid &&
           strcmp(s->image, r->image) == 0 && strcmp(s->instance, instance) == 0;
}

static lsock__story_t *lsock__find(const lrec_t *r, const char *instance)
{
    for (size_t i = lsock__n; i-- > 0;)
        if (lsock__same(lsock__all[i], r, instance))
            return lsock__all[i];
    return NULL;
}

/* A close is stamped when closesocket was called, but another thread can be
 * given the handle, and queue its socket line (even its own close), before
 * the close is queued: a close no newer than the open story, or one with no
 * story open, belongs to the story that was replaced before its close was
 * seen. The new socket cannot have been made before the old one's close was
 * called, so a close in the same microsecond as the open story's start goes
 * to the older one too. */
static lsock__story_t *lsock__closing(lsock__story_t *s, const lrec_t *r, const char *instance)
{
    if (s && r->time_us > s->from)
        return s;
    for (size_t i = lsock__n; i-- > 0;) {
        lsock__story_t *p = lsock__all[i];
        if (p->superseded && !p->closed && p->socket == r->socket && p->pid == r->pid &&
            p->from <= r->time_us && strcmp(p->image, r->image) == 0 &&
            strcmp(p->instance, instance) == 0)
            return p;
    }
    return s;
}

static lsock__story_t *lsock__new(const lrec_t *r, const char *instance)
{
    if (lsock__n == lsock__cap) {
        size_t cap = lsock__cap ? lsock__cap * 2 : 64;
        lsock__story_t **all = realloc(lsock__all, cap * sizeof *all);
        if (!all)
            return NULL;
        lsock__all = all;
        lsock__cap = cap;
    }
    lsock__story_t *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    snprintf(s->image, sizeof s->image, "%s", r->image);
    snprintf(s->instance, sizeof s->instance, "%s", instance);
    s->pid = r->pid;
    s->socket = r->socket;
    s->from = r->time_us;
    s->open = true;
    lsock__all[lsock__n++] = s;
    return s;
}

static void lsock__kind(lsock__story_t *s, const lrec_t *r)
{
    if (s->af[0])
        return;
    lrec_text(jdoc_get(&r->doc, "af"), s->af, sizeof s->af);
    lrec_text(jdoc_get(&r->doc, "socktype"), s->type, sizeof s->type);
    lrec_text(jdoc_get(&r->doc, "protocol"), s->protocol, sizeof s->protocol);
}

static void lsock__add(lsock__story_t *s, const lrec_t *r)
{
    if (s->nline == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        lcmd_line_t *lines = realloc(s->lines, cap * sizeof *lines);
        if (!lines)
            return;
        s->lines = lines;
        s->cap = cap;
    }
    if (lcmd_keep(&s->lines[s->nline], r))
        s->nline++;
    s->until = r->time_us;
}

void lsock_take(const lcmd_opts_t *o, const lrec_t *r)
{
    (void)o;
    char instance[64];
    if (!r->has_socket)
        return;
    lrec_text(lrec_field(r, LREC_F_INSTANCE), instance, sizeof instance);
    lsock__story_t *s = lsock__find(r, instance);
    if (r->kind == LREC_CLOSE)
        s = lsock__closing(s, r, instance);
    if (s && r->kind == LREC_SOCKET)
        s->open = false, s->superseded = true; /* created again before its close was seen */
    if (!s || r->kind == LREC_SOCKET)
        s = lsock__new(r, instance);
    if (!s)
        return;
    if (r->kind == LREC_SOCKET || r->kind == LREC_CALL)
        lsock__kind(s, r);
    if (r->kind == LREC_BIND)
        lrec_text(jdoc_get(&r->doc, "local"), s->local, sizeof s->local);
    if (r->kind == LREC_CALL) {
        s->calls++;
        s->failed += r->failed;
    }
    lsock__add(s, r);
    if (r->kind == LREC_CLOSE)
        s->open = false, s->closed = true, s->superseded = false;
}

static void lsock__text(const lsock__story_t *s)
{
    static lrec_t again;
    static char line[1u << 17];
    printf("%s[%u] socket 0x%llX %s/%s/%s%s%s: %llu calls, %llu failed, %s\n", s->image, s->pid,
           (unsigned long long)s->socket, s->af[0] ? s->af : "?", s->type[0] ? s->type : "?",
           s->protocol[0] ? s->protocol : "?", s->local[0] ? " bound to " : "", s->local,
           (unsigned long long)s->calls, (unsigned long long)s->failed,
           s->closed ? "closed" : "no close seen");
    for (size_t i = 0; i < s->nline; i++) {
        if (!lcmd_reread(&again, &s->lines[i]))
            continue;
        lcat_text(line, sizeof line, &again);
        printf("  %s\n", line);
    }
}

static void lsock__str(emit_t *e, const char *key, const char *v)
{
    if (v[0] && strcmp(v, "-") != 0)
        emit_str(e, key, v);
    else
        emit_null(e, key);
}

/* The story's own members, then its records as they are. */
static void lsock__json(const lsock__story_t *s)
{
    static char head[4096];
    char t[REC_TIME_LEN];
    emit_t e;
    emit_init(&e, head, sizeof head, EMIT_JSON);
    emit_open(&e, NULL, '{');
    emit_str(&e, "image", s->image);
    emit_uint(&e, "pid", s->pid);
    emit_hex(&e, "socket", s->socket, 16);
    lsock__str(&e, "af", s->af);
    lsock__str(&e, "socktype", s->type);
    lsock__str(&e, "protocol", s->protocol);
    lsock__str(&e, "local", s->local);
    rec_time(t, s->from);
    emit_str(&e, "from", t);
    rec_time(t, s->until);
    emit_str(&e, "until", t);
    emit_uint(&e, "calls", s->calls);
    emit_uint(&e, "failed", s->failed);
    emit_bool(&e, "closed", s->closed);
    emit_raw(&e, ",\"records\":[");
    fputs(head, stdout);
    for (size_t i = 0; i < s->nline; i++) {
        if (i)
            fputc(',', stdout);
        fwrite(s->lines[i].text, 1, s->lines[i].len, stdout);
    }
    fputs("]}\n", stdout);
}

void lsock_done(const lcmd_opts_t *o)
{
    for (size_t i = 0; i < lsock__n; i++) {
        lsock__story_t *s = lsock__all[i];
        if (o->json)
            lsock__json(s);
        else
            lsock__text(s);
        for (size_t k = 0; k < s->nline; k++)
            lcmd_free(&s->lines[k]);
        free(s->lines);
        free(s);
    }
    free(lsock__all);
}
