#include "recread.h"

#include <string.h>

#include "xlat.h"

/* Top-level members looked up in the order siotrace writes them: each search
 * starts after the last member found, so a whole record is read in one pass. */
typedef struct recread__cur {
    const jdoc_t *d;
    const jnode_t *at;
} recread__cur_t;

static const jnode_t *recread__get(recread__cur_t *c, const char *name)
{
    size_t len = strlen(name);
    const jnode_t *root = &c->d->nodes[0], *start = c->at ? c->at : jdoc_first(c->d, root);
    for (int pass = 0; pass < 2; pass++) {
        for (const jnode_t *m = pass ? jdoc_first(c->d, root) : start;
             m && (pass == 0 || m != start); m = jdoc_next(c->d, m)) {
            if (m->key_len == len && m->key[0] == name[0] && memcmp(m->key, name, len) == 0) {
                c->at = jdoc_next(c->d, m);
                return m;
            }
        }
    }
    return NULL;
}

static bool recread__fail(const char **why, const char *what)
{
    *why = what;
    return false;
}

bool recread_hex(const jnode_t *n, uint64_t *v, int *digits)
{
    if (!n || n->type != JNODE_STR || n->escaped || n->len < 3 || n->len > 18 ||
        n->text[0] != '0' || n->text[1] != 'x')
        return false;
    uint64_t x = 0;
    for (size_t i = 2; i < n->len; i++) {
        char c = n->text[i];
        int h = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                       : -1;
        if (h < 0)
            return false;
        x = x << 4 | (uint64_t)h;
    }
    *v = x;
    *digits = (int)n->len - 2;
    return true;
}

/* af, socktype, protocol: a name of the table, a number, or null (-1). */
static bool recread__named(const jnode_t *n, const xlat_t *x, int32_t *out)
{
    long long v;
    uint64_t u;
    if (n && n->type == JNODE_NULL) {
        *out = -1;
        return true;
    }
    if (jdoc_node_int(n, &v) && v >= 0 && v <= INT32_MAX) {
        *out = (int32_t)v;
        return true;
    }
    if (n && n->type == JNODE_STR && xlat_value(x, n->text, n->len, &u)) {
        *out = (int32_t)u;
        return true;
    }
    return false;
}

static bool recread__u32(const jnode_t *n, uint32_t *out)
{
    unsigned long long v;
    if (!jdoc_node_uint(n, &v) || v > UINT32_MAX)
        return false;
    *out = (uint32_t)v;
    return true;
}

static bool recread__bool(const jnode_t *n, bool *out)
{
    if (!n || n->type != JNODE_BOOL)
        return false;
    *out = n->text[0] == 't';
    return true;
}

static bool recread__state(const jnode_t *n, rec_buf_state_t *s)
{
    static const char *const names[] = {"none",    "ok",         "clipped",
                                        "partial", "unreadable", "pending"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (jdoc_node_str_is(n, names[i])) {
            *s = (rec_buf_state_t)i;
            return true;
        }
    }
    return false;
}

static bool recread__buffer(const jdoc_t *d, const jnode_t *n, rec_buf_t *b, const jnode_t **json)
{
    int digits;
    memset(b, 0, sizeof *b);
    if (n && n->type == JNODE_NULL)
        return true;
    if (!n || n->type != JNODE_OBJ || !recread_hex(jdoc_member(d, n, "addr"), &b->addr, &digits) ||
        !recread__u32(jdoc_member(d, n, "size"), &b->size) ||
        !recread__state(jdoc_member(d, n, "state"), &b->state))
        return false;
    const jnode_t *len = jdoc_member(d, n, "len");
    if (len && !recread__u32(len, &b->len))
        return false;
    *json = n;
    return true;
}

/* The scalar fields rec_text shows. */
static bool recread__head(recread_t *r, recread__cur_t *cur, const char **why)
{
    rec_call_t *c = &r->call;
    const jnode_t *t = recread__get(cur, "time");
    uint64_t v;
    int digits;
    if (!t || t->type != JNODE_STR || !rec_time_read(t->text, t->len, &c->time_us))
        return recread__fail(why, "no \"time\" in the form 2026-11-24T03:09:21.088850Z");
    if (!recread__u32(recread__get(cur, "pid"), &c->pid) ||
        !recread__u32(recread__get(cur, "tid"), &c->tid))
        return recread__fail(why, "no \"pid\" or \"tid\"");
    const jnode_t *img = recread__get(cur, "image");
    if (img && img->type == JNODE_STR) {
        jdoc_node_str(img, r->image, sizeof r->image);
        c->image = r->image;
    } else if (!img || img->type != JNODE_NULL) {
        return recread__fail(why, "no \"image\"");
    }
    if (!recread_hex(recread__get(cur, "socket"), &c->socket, &digits))
        return recread__fail(why, "no \"socket\" in hex");
    c->ptr_bytes = digits <= 8 ? 4 : 8;
    if (!recread__named(recread__get(cur, "af"), &xlat_af, &c->af) ||
        !recread__named(recread__get(cur, "socktype"), &xlat_socktype, &c->type) ||
        !recread__named(recread__get(cur, "protocol"), &xlat_ipproto, &c->protocol))
        return recread__fail(why, "bad \"af\", \"socktype\" or \"protocol\"");
    if (!recread_hex(recread__get(cur, "code"), &v, &digits) || v > UINT32_MAX)
        return recread__fail(why, "no \"code\" in hex");
    c->code = (uint32_t)v;
    return true;
}

bool recread_call(recread_t *r, const jdoc_t *d, const char **why)
{
    rec_call_t *c = &r->call;
    long long v;
    unsigned long long ns;
    recread__cur_t cur = {d, NULL};
    memset(c, 0, sizeof *c);
    if (!recread__head(r, &cur, why))
        return false;
    c->doc = d;
    if (!recread__buffer(d, recread__get(&cur, "in"), &c->in, &c->in_json) ||
        !recread__buffer(d, recread__get(&cur, "out"), &c->out, &c->out_json))
        return recread__fail(why, "bad \"in\" or \"out\"");
    if (!jdoc_node_int(recread__get(&cur, "ret"), &v) || v < INT32_MIN || v > INT32_MAX)
        return recread__fail(why, "no \"ret\"");
    c->ret = (int32_t)v;
    if (c->ret != 0) {
        if (!jdoc_node_int(recread__get(&cur, "errno"), &v) || v < INT32_MIN || v > INT32_MAX)
            return recread__fail(why, "no \"errno\" on a failed call");
        c->error = (int32_t)v;
    }
    const jnode_t *bytes = recread__get(&cur, "bytes");
    c->bytes_valid = bytes && bytes->type != JNODE_NULL;
    if (!bytes || (c->bytes_valid && !recread__u32(bytes, &c->bytes)))
        return recread__fail(why, "bad \"bytes\"");
    if (!recread__bool(recread__get(&cur, "overlapped"), &c->overlapped) ||
        !jdoc_node_uint(recread__get(&cur, "lower_ns"), &ns))
        return recread__fail(why, "no \"overlapped\" or \"lower_ns\"");
    c->lower_ns = ns;
    return true;
}
