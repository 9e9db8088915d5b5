/* etwcheck: the ETW events of one end-to-end test run against the JSON logs
 * of the same processes. Every event decodes from its own metadata under
 * siotrace's name and GUID. Every Call event was written on the thread it
 * names, and its record, rebuilt from its fields alone, renders exactly one
 * call line of its process's log; every call line is so accounted for; the
 * Call events left over are exactly the records the log reports dropped.
 * Every Decoded event has a Call event of its sequence number, thread and
 * code, and carries that call's line's in and out members. (Two copies of
 * siotrace layered in one process number their calls each on its own, so
 * a sequence number alone does not name one call.)
 * Every Audit and AuditEnd event, its line rebuilt from its fields alone,
 * renders exactly one line of its process's audit files, and its own name,
 * outcome, mode and interface are that line's; every audit and audit_end
 * line is so accounted for, but for the audit_end lines written as the
 * process ended (ETW is silent then).
 * With --partial (processes ended while their threads were mid-call), Call
 * and Decoded events may have no line; every line must still have its event.
 * usage: etwcheck [--partial] LOG_DIR EVENTS_FILE */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2e.h"
#include "etwcall.h"
#include "etwdec.h"
#include "etwrec.h"

typedef struct call {
    DWORD pid;
    long long seq, tid, code;
    char image[64];
    char *line; /* the rebuilt record, rendered */
    size_t len;
    bool matched;
} call_t;

typedef struct decoded {
    DWORD pid;
    long long seq, tid, code;
    char *in, *out;
} decoded_t;

/* An Audit or AuditEnd event's line, rendered. */
typedef struct audit {
    DWORD pid;
    char *line;
    size_t len;
    bool matched;
} audit_t;

static call_t *calls;
static size_t ncalls, cap_calls;
static decoded_t *decs;
static size_t ndecs, cap_decs;
static audit_t *audits;
static size_t naudits, cap_audits;

/* The processes of this run, by pid and instance as their file names give
 * them ("20261201T103524099188Z"): the log directory holds other runs' too. */
typedef struct process {
    DWORD pid;
    char instance[24];
} process_t;

static process_t *procs;
static size_t nprocs, cap_procs;

/* Calls by their rendered line: open addressing, FNV-1a. */
static size_t *table;
static size_t table_size;

static size_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return (size_t)h;
}

static void *grow(void *p, size_t *cap, size_t need, size_t item)
{
    if (need <= *cap)
        return p;
    *cap = *cap ? *cap * 2 : 1024;
    p = realloc(p, *cap * item);
    checkf(p, "out of memory");
    return p;
}

static char *dup_text(const char *s)
{
    char *d = strdup(s);
    checkf(d, "out of memory");
    return d;
}

static void take_call(const jdoc_t *d, DWORD pid)
{
    static etwcall_t r;
    static char line[65536];
    checkf(etwcall_num(d, "thread") == etwcall_num(d, "fields.tid"),
           "a Call event of pid %lu was written on another thread", (unsigned long)pid);
    etwcall_rebuild(d, &r);
    size_t n = rec_json(line, sizeof line, &r.c);
    checkf(n < sizeof line, "rebuilt line too long");
    calls = grow(calls, &cap_calls, ncalls + 1, sizeof *calls);
    call_t *c = &calls[ncalls++];
    *c = (call_t){pid,  etwcall_num(d, "fields.seq"), r.c.tid, r.c.code, "", dup_text(line), n,
                  false};
    snprintf(c->image, sizeof c->image, "%s", r.image);
}

static void take_decoded(const jdoc_t *d, DWORD pid)
{
    static char in[32768], out[32768];
    etwcall_str(d, "fields.in", in, sizeof in);
    etwcall_str(d, "fields.out", out, sizeof out);
    decs = grow(decs, &cap_decs, ndecs + 1, sizeof *decs);
    decs[ndecs++] = (decoded_t){pid,
                                etwcall_num(d, "fields.seq"),
                                etwcall_num(d, "fields.tid"),
                                (long long)etwcall_hex(d, "fields.code"),
                                dup_text(in),
                                dup_text(out)};
}

static void want_same_str(const jdoc_t *ev, const char *field, const jdoc_t *line, const char *key)
{
    char have[256], want[256];
    char path[64];
    snprintf(path, sizeof path, "fields.%s", field);
    etwcall_str(ev, path, have, sizeof have);
    etwcall_str(line, key, want, sizeof want);
    checkf(strcmp(have, want) == 0, "%s \"%s\", its line's %s \"%s\"", field, have, key, want);
}

/* The fields of an audit event that the line derives from the call: the
 * event's own values must be the line's. */
static void check_derived(const jdoc_t *ev, const char *text, size_t n)
{
    static jdoc_t line;
    char mode[32], number[16];
    checkf(jdoc_parse(&line, text, n), "rendered audit line");
    want_same_str(ev, "name", &line, "name");
    if (jdoc_str_is(ev, "event", "Audit"))
        want_same_str(ev, "outcome", &line, "outcome");
    const jnode_t *m = jdoc_get(&line, "mode");
    long long value = etwcall_num(ev, "fields.mode_value");
    etwcall_str(ev, "fields.mode", mode, sizeof mode);
    snprintf(number, sizeof number, "%lld", value);
    if (m && m->type == JNODE_STR)
        want_same_str(ev, "mode", &line, "mode");
    else if (m && m->type != JNODE_NULL)
        checkf(etwcall_num(&line, "mode") == value && strcmp(mode, number) == 0, "mode %s", mode);
    else
        checkf(mode[0] == '\0' && value == 0, "mode %s of a line without one", mode);
    const jnode_t *ifn = jdoc_get(&line, "interface");
    long long ifindex = etwcall_num(ev, "fields.if_index");
    checkf(ifn && ifn->type != JNODE_NULL ? etwcall_num(&line, "interface") == ifindex
                                          : ifindex == -1,
           "if_index %lld", ifindex);
}

static void take_audit(const jdoc_t *d, DWORD pid)
{
    static etwcall_audit_t r;
    static char line[65536];
    size_t n;
    if (jdoc_str_is(d, "event", "Audit")) {
        etwcall_rebuild_audit(d, &r);
        n = auditrec_call(line, sizeof line, &r.c, &r.p, &r.cap);
    } else {
        etwcall_rebuild_audit_end(d, &r);
        n = auditrec_end(line, sizeof line, &r.end, &r.p);
    }
    checkf(n < sizeof line, "rebuilt audit line too long");
    check_derived(d, line, n);
    audits = grow(audits, &cap_audits, naudits + 1, sizeof *audits);
    audits[naudits++] = (audit_t){pid, dup_text(line), n, false};
}

/* A FILETIME field ("2026-12-01T10:35:24.0991880Z") noted as a process's
 * instance. */
static void take_process(const jdoc_t *d, DWORD pid, const char *field)
{
    char t[64], inst[24];
    etwcall_str(d, field, t, sizeof t);
    checkf(strlen(t) == 28, "%s: %s", field, t);
    snprintf(inst, sizeof inst, "%.4s%.2s%.2sT%.2s%.2s%.2s%.6sZ", t, t + 5, t + 8, t + 11, t + 14,
             t + 17, t + 20);
    for (size_t i = 0; i < nprocs; i++)
        if (procs[i].pid == pid && strcmp(procs[i].instance, inst) == 0)
            return;
    procs = grow(procs, &cap_procs, nprocs + 1, sizeof *procs);
    procs[nprocs].pid = pid;
    snprintf(procs[nprocs++].instance, sizeof procs->instance, "%s", inst);
}

static void read_events(const char *file)
{
    FILE *f = fopen(file, "rb");
    checkf(f, "cannot open %s", file);
    static uint8_t rec[4 * 65536];
    static char json[1 << 18];
    static jdoc_t d;
    uint8_t head[4];
    while (fread(head, 1, 4, f) == 4) {
        size_t size =
            (size_t)head[0] | (size_t)head[1] << 8 | (size_t)head[2] << 16 | (size_t)head[3] << 24;
        checkf(size >= ETWREC_HEAD && size <= sizeof rec, "record of %zu bytes", size);
        memcpy(rec, head, 4);
        checkf(fread(rec + 4, 1, size - 4, f) == size - 4, "cut record");
        etwrec_t r;
        checkf(etwrec_get(rec, size, &r) == size, "damaged record");
        size_t len = etwdec_json(json, sizeof json, &r);
        checkf(len < sizeof json && jdoc_parse(&d, json, len), "undecodable event");
        checkf(!jdoc_get(&d, "error"), "%s", json);
        checkf(jdoc_str_is(&d, "provider", "siotrace") &&
                   jdoc_str_is(&d, "guid", "{6657e705-6f30-52f8-21cf-5202b43971a8}"),
               "%s", json);
        if (jdoc_str_is(&d, "event", "Call"))
            take_call(&d, r.pid);
        else if (jdoc_str_is(&d, "event", "Decoded"))
            take_decoded(&d, r.pid);
        else if (jdoc_str_is(&d, "event", "ProcessStart"))
            take_process(&d, r.pid, "fields.process_start");
        else if (jdoc_str_is(&d, "event", "Audit") || jdoc_str_is(&d, "event", "AuditEnd")) {
            take_audit(&d, r.pid);
            take_process(&d, r.pid, "fields.instance");
        }
    }
    fclose(f);
}

static int by_pid_seq(const void *a, const void *b)
{
    const call_t *x = a, *y = b;
    if (x->pid != y->pid)
        return x->pid < y->pid ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sorted by process and sequence number, and indexed by line. */
static void index_calls(void)
{
    qsort(calls, ncalls, sizeof *calls, by_pid_seq);
    table_size = 2 * ncalls + 1;
    table = malloc(table_size * sizeof *table);
    checkf(table, "out of memory");
    for (size_t i = 0; i < table_size; i++)
        table[i] = SIZE_MAX;
    for (size_t i = 0; i < ncalls; i++) {
        size_t h = hash(calls[i].line, calls[i].len) % table_size;
        while (table[h] != SIZE_MAX)
            h = (h + 1) % table_size;
        table[h] = i;
    }
}

/* An unmatched call of pid whose line is this one, or NULL. */
static call_t *find_call(DWORD pid, const char *line, size_t n)
{
    for (size_t h = hash(line, n) % table_size; table[h] != SIZE_MAX; h = (h + 1) % table_size) {
        call_t *c = &calls[table[h]];
        if (!c->matched && c->pid == pid && c->len == n && memcmp(c->line, line, n) == 0)
            return c;
    }
    return NULL;
}

/* One log file of process pid: each call line matched; returns the records
 * it reports dropped. */
static long long check_file(const char *path, DWORD pid, size_t *lines)
{
    static jdoc_t d;
    e2e_log_t log;
    long long dropped = 0, v;
    checkf(e2e_log_read_file(&log, path), "no log %s", path);
    for (size_t i = 0; i < log.count; i++) {
        checkf(e2e_log_json(&log, i, &d), "pid %lu line %zu", (unsigned long)pid, i);
        if (jdoc_get(&d, "event")) {
            if (jdoc_str_is(&d, "event", "dropped") && jdoc_int(&d, "dropped", &v))
                dropped += v;
            continue;
        }
        call_t *c = find_call(pid, log.lines[i], log.lens[i]);
        checkf(c, "pid %lu line %zu has no Call event:\n  %.*s", (unsigned long)pid, i,
               (int)log.lens[i], log.lines[i]);
        c->matched = true;
        (*lines)++;
    }
    e2e_log_free(&log);
    return dropped;
}

/* Every trace file of one process (<image>.<pid>.<instance>.<n>.jsonl, one
 * per start-up; the audit files hold no call lines): returns the records
 * they report dropped. The process has ended, so its instance is not looked
 * up: the log directory of one run holds one process of an image and pid. */
static long long check_log(const char *dir, const call_t *first, size_t *lines)
{
    char pattern[MAX_PATH * 2], path[MAX_PATH * 2];
    WIN32_FIND_DATAA f;
    long long dropped = 0;
    int files = 0;
    DWORD pid = first->pid;
    snprintf(pattern, sizeof pattern, "%s\\%s.%lu.*.jsonl", dir, first->image, (unsigned long)pid);
    HANDLE h = FindFirstFileA(pattern, &f);
    checkf(h != INVALID_HANDLE_VALUE, "no log %s", pattern);
    do {
        size_t n = strlen(f.cFileName);
        if (n > 12 && strcmp(f.cFileName + n - 12, ".audit.jsonl") == 0)
            continue;
        snprintf(path, sizeof path, "%s\\%s", dir, f.cFileName);
        dropped += check_file(path, pid, lines);
        files++;
    } while (FindNextFileA(h, &f));
    FindClose(h);
    checkf(files > 0, "no trace file %s", pattern);
    return dropped;
}

/* Whether the line of call c has the in and out members of e. */
static bool same_buffers(const call_t *c, const decoded_t *e)
{
    static jdoc_t d;
    static char want[32768];
    checkf(jdoc_parse(&d, c->line, c->len), "line");
    etwcall_member(&d, "in", want, sizeof want);
    if (strcmp(e->in, want) != 0)
        return false;
    etwcall_member(&d, "out", want, sizeof want);
    return strcmp(e->out, want) == 0;
}

static void check_decoded(const decoded_t *e, bool partial)
{
    call_t key = {.pid = e->pid, .seq = e->seq};
    const call_t *c = bsearch(&key, calls, ncalls, sizeof *calls, by_pid_seq);
    bool written = false, same = false;
    while (c && c > calls && by_pid_seq(c - 1, &key) == 0)
        c--;
    for (; c && c < calls + ncalls && by_pid_seq(c, &key) == 0; c++) {
        if (c->tid != e->tid || c->code != e->code || !c->matched)
            continue;
        written = true;
        same = same || same_buffers(c, e);
    }
    /* A call with a line must agree with it; one without a line is
     * possible only when the process was ended mid-call. */
    checkf(written ? same : partial, "Decoded seq %lld of pid %lu (in %s, out %s): %s", e->seq,
           (unsigned long)e->pid, e->in, e->out,
           written ? "its call's line has other in and out" : "its call has no line");
}

/* One audit file of process pid: each audit and audit_end line matched to
 * its event; returns the lines matched. */
static size_t check_audit_file(const char *path, DWORD pid)
{
    static jdoc_t d;
    e2e_log_t log;
    size_t matched = 0;
    checkf(e2e_log_read_file(&log, path), "no log %s", path);
    for (size_t i = 0; i < log.count; i++) {
        checkf(e2e_log_json(&log, i, &d), "%s line %zu", path, i);
        bool end = jdoc_str_is(&d, "event", "audit_end");
        if (!end && !jdoc_str_is(&d, "event", "audit"))
            continue;
        if (end && jdoc_str_is(&d, "ended", "process_exit"))
            continue;
        audit_t *a = NULL;
        for (size_t k = 0; k < naudits && !a; k++)
            if (!audits[k].matched && audits[k].pid == pid && audits[k].len == log.lens[i] &&
                memcmp(audits[k].line, log.lines[i], log.lens[i]) == 0)
                a = &audits[k];
        checkf(a, "%s line %zu has no %s event:\n  %.*s", path, i, end ? "AuditEnd" : "Audit",
               (int)log.lens[i], log.lines[i]);
        a->matched = true;
        matched++;
    }
    e2e_log_free(&log);
    return matched;
}

/* Every audit file of this run's processes in dir
 * (<image>.<pid>.<instance>.<n>.audit.jsonl). Returns the lines matched. */
static size_t check_audit_files(const char *dir)
{
    char pattern[MAX_PATH * 2], path[MAX_PATH * 2];
    WIN32_FIND_DATAA f;
    size_t matched = 0;
    for (size_t i = 0; i < nprocs; i++) {
        snprintf(pattern, sizeof pattern, "%s\\*.%lu.%s.*.audit.jsonl", dir,
                 (unsigned long)procs[i].pid, procs[i].instance);
        HANDLE h = FindFirstFileA(pattern, &f);
        if (h == INVALID_HANDLE_VALUE)
            continue;
        do {
            snprintf(path, sizeof path, "%s\\%s", dir, f.cFileName);
            matched += check_audit_file(path, procs[i].pid);
        } while (FindNextFileA(h, &f));
        FindClose(h);
    }
    return matched;
}

int main(int argc, char **argv)
{
    bool partial = argc > 1 && strcmp(argv[1], "--partial") == 0;
    checkf(argc == 3 + partial, "usage: etwcheck [--partial] LOG_DIR EVENTS_FILE");
    const char *dir = argv[1 + partial], *file = argv[2 + partial];
    read_events(file);
    index_calls();
    size_t lines = 0, left = 0;
    for (size_t i = 0, end; i < ncalls; i = end) {
        DWORD pid = calls[i].pid;
        for (end = i; end < ncalls && calls[end].pid == pid;)
            end++;
        size_t before = lines;
        long long dropped = check_log(dir, &calls[i], &lines);
        size_t unmatched = (end - i) - (lines - before);
        /* Every Call event without a line is a record reported dropped; the
         * drops also count socket lines, which have no Call event. */
        checkf(partial || (long long)unmatched <= dropped,
               "pid %lu: %zu Call events without a line, %lld records reported dropped",
               (unsigned long)pid, unmatched, dropped);
        left += unmatched;
    }
    for (size_t i = 0; i < ndecs; i++)
        check_decoded(&decs[i], partial);
    size_t audit_lines = check_audit_files(dir);
    for (size_t i = 0; i < naudits; i++)
        checkf(audits[i].matched || partial, "pid %lu: an audit event without its line:\n  %s",
               (unsigned long)audits[i].pid, audits[i].line);
    printf("etwcheck: %zu Call events, %zu of them the JSON line of their call (%zu dropped or "
           "cut off), %zu Decoded events, %zu Audit/AuditEnd events (%zu audit lines)\n",
           ncalls, lines, left, ndecs, naudits, audit_lines);
    return 0;
}
