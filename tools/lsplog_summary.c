/* summary: per process and code, calls, errors by name and the time spent
 * in the provider beneath (lower_ns); the slowest calls; drops and capped
 * files. Memory grows with the number of distinct processes, codes and
 * error names, never with the input: times go into a log-scale histogram. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "ioctl.h"
#include "lsplog_cmd.h"

/* Each power of two split in 16: a quantile is known to within 1/16 (and
 * exactly when every call of the code took the same time). */
#define LSUM__SUB     16
#define LSUM__BUCKETS (64 * LSUM__SUB)
#define LSUM__ERRS    16
#define LSUM__NAME    48

typedef struct lsum__err {
    char name[LSUM__NAME];
    uint64_t count;
} lsum__err_t;

typedef struct lsum__code {
    uint32_t code;
    uint64_t calls, failed, min_ns, max_ns;
    lsum__err_t errs[LSUM__ERRS]; /* more distinct names than this count as "other" */
    size_t nerr;
    uint64_t other_errs;
    uint32_t hist[LSUM__BUCKETS];
} lsum__code_t;

typedef struct lsum__proc {
    char image[RECREAD_IMAGE_MAX];
    uint32_t pid;
    char instance[64];
    lsum__code_t **codes;
    size_t ncode;
    uint64_t dropped, dropped_audit;
    char *capped; /* the file that reached its cap */
} lsum__proc_t;

typedef struct lsum__slow {
    uint64_t ns;
    lcmd_line_t line;
} lsum__slow_t;

static lsum__proc_t **lsum__procs;
static size_t lsum__nproc;
static lsum__slow_t *lsum__slow;
static size_t lsum__nslow;
static lsum__proc_t *lsum__last;

static unsigned lsum__bucket(uint64_t v)
{
    if (v < LSUM__SUB)
        return (unsigned)v;
    unsigned e = 63 - (unsigned)__builtin_clzll(v);
    return (e - 3) * LSUM__SUB + (unsigned)(v >> (e - 4) & (LSUM__SUB - 1));
}

/* The middle of bucket b. */
static uint64_t lsum__value(unsigned b)
{
    if (b < LSUM__SUB)
        return b;
    unsigned e = b / LSUM__SUB + 3, m = b % LSUM__SUB;
    uint64_t low = (uint64_t)(LSUM__SUB + m) << (e - 4), width = 1ull << (e - 4);
    return low + (width - 1) / 2;
}

static uint64_t lsum__quantile(const lsum__code_t *c, double q)
{
    uint64_t rank = (uint64_t)(q * (double)c->calls + 0.999999), seen = 0;
    if (rank == 0)
        rank = 1;
    for (unsigned b = 0; b < LSUM__BUCKETS; b++) {
        seen += c->hist[b];
        if (seen >= rank) {
            uint64_t v = lsum__value(b);
            return v < c->min_ns ? c->min_ns : v > c->max_ns ? c->max_ns : v;
        }
    }
    return c->max_ns;
}

static void *lsum__grow(void *v, size_t n, size_t size)
{
    /* Arrays grow by powers of two: n is a power of two when full. */
    if (n & (n - 1))
        return v;
    return realloc(v, (n ? n * 2 : 4) * size);
}

static lsum__proc_t *lsum__proc(const lrec_t *r)
{
    char instance[64] = "";
    if (r->instance)
        lrec_text(r->instance, instance, sizeof instance);
    lsum__proc_t *p = lsum__last;
    if (p && p->pid == r->pid && strcmp(p->image, r->image) == 0 &&
        strcmp(p->instance, instance) == 0)
        return p;
    for (size_t i = 0; i < lsum__nproc; i++) {
        p = lsum__procs[i];
        if (p->pid == r->pid && strcmp(p->image, r->image) == 0 &&
            strcmp(p->instance, instance) == 0)
            return lsum__last = p;
    }
    lsum__proc_t **procs = lsum__grow(lsum__procs, lsum__nproc, sizeof *procs);
    if (!procs || !(p = calloc(1, sizeof *p)))
        return NULL;
    lsum__procs = procs;
    snprintf(p->image, sizeof p->image, "%s", r->image);
    snprintf(p->instance, sizeof p->instance, "%s", instance);
    p->pid = r->pid;
    lsum__procs[lsum__nproc++] = p;
    return lsum__last = p;
}

static lsum__code_t *lsum__code(lsum__proc_t *p, uint32_t code)
{
    for (size_t i = 0; i < p->ncode; i++)
        if (p->codes[i]->code == code)
            return p->codes[i];
    lsum__code_t **codes = lsum__grow(p->codes, p->ncode, sizeof *codes), *c;
    if (!codes || !(c = calloc(1, sizeof *c)))
        return NULL;
    p->codes = codes;
    c->code = code;
    p->codes[p->ncode++] = c;
    return c;
}

static void lsum__error(lsum__code_t *c, const lrec_t *r)
{
    char name[LSUM__NAME];
    lrec_text(r->error, name, sizeof name);
    c->failed++;
    for (size_t i = 0; i < c->nerr; i++) {
        if (strcmp(c->errs[i].name, name) == 0) {
            c->errs[i].count++;
            return;
        }
    }
    if (c->nerr == LSUM__ERRS) {
        c->other_errs++;
        return;
    }
    snprintf(c->errs[c->nerr].name, LSUM__NAME, "%s", name);
    c->errs[c->nerr++].count = 1;
}

/* Keeps the o->count slowest calls, the slowest first. */
static void lsum__keep_slow(const lcmd_opts_t *o, const lrec_t *r, uint64_t ns)
{
    if (o->count == 0 || (lsum__nslow == o->count && ns <= lsum__slow[lsum__nslow - 1].ns))
        return;
    if (!lsum__slow && !(lsum__slow = calloc(o->count, sizeof *lsum__slow)))
        return;
    if (lsum__nslow == o->count)
        lcmd_free(&lsum__slow[--lsum__nslow].line);
    size_t at = lsum__nslow;
    while (at > 0 && lsum__slow[at - 1].ns < ns)
        at--;
    memmove(&lsum__slow[at + 1], &lsum__slow[at], (lsum__nslow - at) * sizeof *lsum__slow);
    lsum__slow[at].ns = ns;
    if (lcmd_keep(&lsum__slow[at].line, r))
        lsum__nslow++;
    else
        memmove(&lsum__slow[at], &lsum__slow[at + 1], (lsum__nslow - at) * sizeof *lsum__slow);
}

static void lsum__notice(lsum__proc_t *p, const lrec_t *r)
{
    unsigned long long v;
    if (r->kind == LREC_DROPPED) {
        if (jdoc_node_uint(jdoc_get(&r->doc, "dropped"), &v))
            p->dropped += v;
        if (jdoc_node_uint(jdoc_get(&r->doc, "dropped_audit"), &v))
            p->dropped_audit += v;
    } else if (!p->capped) {
        size_t n = strlen(r->src.file) + 1;
        if ((p->capped = malloc(n)))
            memcpy(p->capped, r->src.file, n);
    }
}

void lsum_take(const lcmd_opts_t *o, const lrec_t *r)
{
    if (r->kind != LREC_CALL && r->kind != LREC_DROPPED && r->kind != LREC_CAPPED)
        return;
    lsum__proc_t *p = lsum__proc(r);
    if (!p)
        return;
    if (r->kind != LREC_CALL) {
        lsum__notice(p, r);
        return;
    }
    const rec_call_t *call = &r->call.call;
    lsum__code_t *c = lsum__code(p, call->code);
    if (!c)
        return;
    c->calls++;
    c->hist[lsum__bucket(call->lower_ns)]++;
    if (call->lower_ns > c->max_ns)
        c->max_ns = call->lower_ns;
    if (c->calls == 1 || call->lower_ns < c->min_ns)
        c->min_ns = call->lower_ns;
    if (r->failed)
        lsum__error(c, r);
    lsum__keep_slow(o, r, call->lower_ns);
}

static int lsum__by_calls(const void *a, const void *b)
{
    const lsum__code_t *x = *(lsum__code_t *const *)a, *y = *(lsum__code_t *const *)b;
    return x->calls != y->calls ? (x->calls < y->calls ? 1 : -1)
                                : (x->code > y->code) - (x->code < y->code);
}

static void lsum__name(char out[48], uint32_t code)
{
    const ioctl_info_t *io = ioctl_by_code(code);
    if (io)
        snprintf(out, 48, "%s", io->name);
    else
        snprintf(out, 48, "0x%08X", (unsigned)code);
}

static void lsum__errors(char *out, size_t n, const lsum__code_t *c)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < c->nerr && len < n; i++)
        len += (size_t)snprintf(out + len, n - len, "%s%s=%llu", i ? " " : "", c->errs[i].name,
                                (unsigned long long)c->errs[i].count);
    if (c->other_errs && len < n)
        snprintf(out + len, n - len, " other=%llu", (unsigned long long)c->other_errs);
    if (!c->nerr)
        snprintf(out, n, "-");
}

static void lsum__us(char out[24], uint64_t ns)
{
    snprintf(out, 24, "%llu.%01uus", (unsigned long long)(ns / 1000), (unsigned)(ns % 1000 / 100));
}

static void lsum__text_proc(const lsum__proc_t *p)
{
    char who[600], name[48], errs[400], med[24], p99[24], max[24];
    snprintf(who, sizeof who, "%s[%u]", p->image, p->pid);
    for (size_t i = 0; i < p->ncode; i++) {
        const lsum__code_t *c = p->codes[i];
        lsum__name(name, c->code);
        lsum__errors(errs, sizeof errs, c);
        lsum__us(med, lsum__quantile(c, 0.5));
        lsum__us(p99, lsum__quantile(c, 0.99));
        lsum__us(max, c->max_ns);
        printf("%-24s %-44s %8llu %8llu  %10s %10s %10s  %s\n", i ? "" : who, name,
               (unsigned long long)c->calls, (unsigned long long)c->failed, med, p99, max, errs);
    }
    if (p->dropped || p->dropped_audit)
        printf("%-24s dropped: %llu records (%llu audit)\n", who, (unsigned long long)p->dropped,
               (unsigned long long)p->dropped_audit);
    if (p->capped)
        printf("%-24s capped: %s reached MaxFileBytes; later records were not written\n", who,
               p->capped);
}

static void lsum__json_proc(const lsum__proc_t *p)
{
    static char line[8192];
    char name[48];
    for (size_t i = 0; i < p->ncode; i++) {
        const lsum__code_t *c = p->codes[i];
        emit_t e;
        emit_init(&e, line, sizeof line, EMIT_JSON);
        emit_open(&e, NULL, '{');
        emit_str(&e, "image", p->image);
        emit_uint(&e, "pid", p->pid);
        lsum__name(name, c->code);
        emit_str(&e, "name", name);
        emit_hex(&e, "code", c->code, 8);
        emit_uint(&e, "calls", c->calls);
        emit_uint(&e, "failed", c->failed);
        emit_open(&e, "errors", '{');
        for (size_t k = 0; k < c->nerr; k++)
            emit_uint(&e, c->errs[k].name, c->errs[k].count);
        if (c->other_errs)
            emit_uint(&e, "other", c->other_errs);
        emit_close(&e);
        emit_uint(&e, "median_ns", lsum__quantile(c, 0.5));
        emit_uint(&e, "p99_ns", lsum__quantile(c, 0.99));
        emit_uint(&e, "max_ns", c->max_ns);
        emit_close(&e);
        puts(line);
    }
    if (p->dropped || p->dropped_audit || p->capped) {
        emit_t e;
        emit_init(&e, line, sizeof line, EMIT_JSON);
        emit_open(&e, NULL, '{');
        emit_str(&e, "image", p->image);
        emit_uint(&e, "pid", p->pid);
        emit_uint(&e, "dropped", p->dropped);
        emit_uint(&e, "dropped_audit", p->dropped_audit);
        if (p->capped)
            emit_str(&e, "capped", p->capped);
        else
            emit_null(&e, "capped");
        emit_close(&e);
        puts(line);
    }
}

static void lsum__print_slow(const lcmd_opts_t *o)
{
    static lrec_t again;
    static char line[1u << 17];
    if (!o->json && lsum__nslow)
        printf("\nslowest calls:\n");
    for (size_t i = 0; i < lsum__nslow; i++) {
        if (!lcmd_reread(&again, &lsum__slow[i].line))
            continue;
        if (o->json) {
            printf("{\"slowest\":%zu,\"record\":%.*s}\n", i + 1, (int)again.src.len,
                   again.src.text);
        } else {
            lcat_text(line, sizeof line, &again);
            printf("  %s\n", line);
        }
        lcmd_free(&lsum__slow[i].line);
    }
}

void lsum_done(const lcmd_opts_t *o)
{
    if (!o->json)
        printf("%-24s %-44s %8s %8s  %10s %10s %10s  %s\n", "process", "code", "calls", "failed",
               "median", "p99", "max", "errors");
    for (size_t i = 0; i < lsum__nproc; i++) {
        lsum__proc_t *p = lsum__procs[i];
        if (p->ncode)
            qsort(p->codes, p->ncode, sizeof *p->codes, lsum__by_calls);
        if (o->json)
            lsum__json_proc(p);
        else
            lsum__text_proc(p);
        for (size_t k = 0; k < p->ncode; k++)
            free(p->codes[k]);
        free(p->codes);
        free(p->capped);
        free(p);
    }
    lsum__print_slow(o);
    free(lsum__procs);
    free(lsum__slow);
}
