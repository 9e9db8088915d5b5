/* cat and tail: the records as the DLL's text lines, or as they are. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evline.h"
#include "lsplog_cmd.h"

static char lcat__line[1u << 17];

size_t lcat_text(char *buf, size_t n, const lrec_t *r)
{
    evline_t e;
    char image[EVLINE_IMAGE_MAX];
    const char *why;
    switch (r->kind) {
    case LREC_CALL:
        return rec_text(buf, n, &r->call.call);
    case LREC_AUDIT:
    case LREC_AUDIT_END:
        return laud_text(buf, n, r);
    default:
        if (evline_read(&e, &r->doc, image, sizeof image, &why))
            return evline_text(buf, n, &e);
        return (size_t)snprintf(buf, n, "%.*s", (int)r->src.len, r->src.text);
    }
}

void lcat_print(const lcmd_opts_t *o, const lrec_t *r)
{
    if (o->json) {
        fwrite(r->src.text, 1, r->src.len, stdout);
        fputc('\n', stdout);
        return;
    }
    size_t n = lcat_text(lcat__line, sizeof lcat__line, r);
    fwrite(lcat__line, 1, n < sizeof lcat__line ? n : sizeof lcat__line - 1, stdout);
    fputc('\n', stdout);
}

void lcat_take(const lcmd_opts_t *o, const lrec_t *r)
{
    lcat_print(o, r);
}

void lcat_done(const lcmd_opts_t *o)
{
    (void)o;
}

bool lcmd_keep(lcmd_line_t *k, const lrec_t *r)
{
    size_t fl = strlen(r->src.file) + 1;
    k->text = malloc(r->src.len ? r->src.len : 1);
    k->file = malloc(fl);
    if (!k->text || !k->file) {
        lcmd_free(k);
        return false;
    }
    memcpy(k->text, r->src.text, r->src.len);
    memcpy(k->file, r->src.file, fl);
    k->len = r->src.len;
    k->line = r->src.line;
    return true;
}

bool lcmd_reread(lrec_t *r, const lcmd_line_t *k)
{
    const char *why;
    lin_line_t l = {k->file, k->line, k->text, k->len};
    return lrec_read(r, &l, &why);
}

void lcmd_free(lcmd_line_t *k)
{
    free(k->text);
    free(k->file);
    memset(k, 0, sizeof *k);
}

/* tail: the newest records, kept in a ring of o->count. */
static lcmd_line_t *ltail__ring;
static size_t ltail__next, ltail__held;

void ltail_take(const lcmd_opts_t *o, const lrec_t *r)
{
    if (o->count == 0)
        return;
    if (!ltail__ring && !(ltail__ring = calloc(o->count, sizeof *ltail__ring)))
        return;
    lcmd_line_t *slot = &ltail__ring[ltail__next];
    lcmd_free(slot);
    if (!lcmd_keep(slot, r))
        return;
    ltail__next = (ltail__next + 1) % o->count;
    if (ltail__held < o->count)
        ltail__held++;
}

void ltail_done(const lcmd_opts_t *o)
{
    static lrec_t again;
    size_t first = (ltail__next + o->count - ltail__held) % (o->count ? o->count : 1);
    for (size_t i = 0; i < ltail__held; i++) {
        lcmd_line_t *k = &ltail__ring[(first + i) % o->count];
        if (lcmd_reread(&again, k))
            lcat_print(o, &again);
        lcmd_free(k);
    }
    free(ltail__ring);
    ltail__ring = NULL;
    ltail__held = ltail__next = 0;
}
