#include <windows.h>

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "auditevt.h"
#include "auditrec.h"
#include "capsess.h"
#include "clock.h"
#include "etwsink.h"
#include "evtlog.h"
#include "filesink.h"
#include "hslot.h"
#include "notice.h"
#include "outdir.h"
#include "proc.h"
#include "procinfo.h"
#include "rec.h"
#include "recq.h"
#include "sockev.h"
#include "writer.h"

#define WRITER__POLL_MS     10
#define WRITER__IDLE_ROUNDS 100 /* about a second of polls before sleeping */
#define WRITER__WAKE_DEPTH  (RECQ_SLOTS / 4)
#define WRITER__RETRY_MS    1000                     /* between attempts to start a thread */
#define WRITER__CLIP        256                      /* capture kept when a line would not fit */
#define WRITER__NAME_MAX    (FILESINK_NAME_MAX - 24) /* room for ".<n>.audit.jsonl" */
_Static_assert(WRITER__NAME_MAX > PROC_IMAGE_MAX + 1 + 10 + 1 + 22,
               "the stem <image>.<pid>.<instance> fits");
#define WRITER__AUDIT_WAIT_MS 10000 /* a writer that cannot run for this long costs an audit */

/* The output side, used by one thread at a time: the writer thread, or the
 * exit flush once no writer thread is left. */
typedef struct writer__out {
    bool ready;
    config_t cfg;
    HANDLE dir; /* the log directory, when usable */
    outdir_status_t dir_status;
    bool unwritable_reported; /* the Event Log was told (once per load of the DLL) */
    unsigned seq;             /* the n of the files' names (filesink.h) */
    filesink_t json, text;
    filesink_t audit; /* audit records alone, never capped */
    bool json_capped, text_capped, audit_capped;
    bool json_noticed, text_noticed; /* the settings ignored are written */
    recq_drops_t reported;           /* drops already written */
    size_t reported_audit;           /* audit drops already written to the audit file */
    uint64_t reported_trace;         /* the same for trace records, losses included */
    uint64_t lost;                   /* records that reached no file */
    uint64_t unflushed;              /* records queued in the main sink since its last flush */
    size_t done_pos;                 /* last position whose lines were queued */
    bool done_valid;
} writer__out_t;

static char writer__line[FILESINK_LINE_MAX];

/* The thread side. */
static SRWLOCK writer__lock = SRWLOCK_INIT;
static config_t writer__cfg;
static bool writer__cfg_set;
static HANDLE writer__thread, writer__drained, writer__wake;
static DWORD writer__retry_tick;
static atomic_int writer__running, writer__stop, writer__sleeping, writer__nudged;
/* The exit flush takes the output side over: it sets `halt`, and a writer
 * thread still running (Wine ends the other threads of an exiting process a
 * little after it begins the DLL detach, where Windows has ended them
 * already) stops at its next record and clears `busy`. */
static atomic_int writer__halt, writer__busy;

typedef struct writer__args {
    HANDLE prev; /* the thread before this one, which must end first */
    HANDLE drained;
    HMODULE self;
} writer__args_t;

static writer__out_t writer__o = {.seq = 1};

/* <image>.<pid>.<instance>, the instance (process start) as 20261201T091623123456Z:
 * with the n the sink adds, a name no other process or load uses. */
static void writer__stem(wchar_t *out, size_t cap)
{
    char t[REC_TIME_LEN], compact[REC_TIME_LEN];
    size_t k = 0;
    rec_time(t, proc_instance_us());
    for (const char *p = t; *p; p++)
        if (*p != '-' && *p != ':' && *p != '.')
            compact[k++] = *p;
    compact[k] = '\0';
    int n = _snwprintf(out, cap, L"%ls.%lu.%hs", proc_image_w(), GetCurrentProcessId(), compact);
    if (n <= 0 || (size_t)n >= cap)
        out[0] = L'\0';
}

static void writer__open(const config_t *cfg, bool at_exit)
{
    writer__out_t *o = &writer__o;
    wchar_t stem[WRITER__NAME_MAX];
    if (o->ready)
        return;
    o->cfg = *cfg;
    o->dir = NULL;
    hslot_fill_t f;
    hslot_begin(&f);
    o->dir_status = outdir_open(cfg->log_dir, at_exit, &o->dir);
    hslot_end(&f);
    writer__stem(stem, WRITER__NAME_MAX);
    filesink_init(&o->json, o->dir, stem, L"jsonl", &o->seq, cfg->max_file_bytes);
    filesink_init(&o->text, o->dir, stem, L"log", &o->seq, cfg->max_file_bytes);
    /* Tracing cannot fill the audit file: only audits go there. */
    filesink_init(&o->audit, o->dir, stem, L"audit.jsonl", &o->seq, UINT64_MAX);
    o->json_capped = o->text_capped = o->audit_capped = false;
    o->json_noticed = o->text_noticed = false;
    o->ready = true;
}

static void writer__close(void)
{
    if (!writer__o.ready)
        return;
    filesink_close(&writer__o.json);
    filesink_close(&writer__o.text);
    filesink_close(&writer__o.audit);
    if (writer__o.dir)
        CloseHandle(writer__o.dir);
    writer__o.dir = NULL;
    /* The next writer (a later start-up) writes new files. */
    writer__o.seq++;
    writer__o.ready = false;
}

/* The sink whose fate decides whether a record counts as written: JSON
 * when it is on, else text. */
static filesink_t *writer__main_sink(void)
{
    return writer__o.cfg.json ? &writer__o.json : &writer__o.text;
}

/* A flush that opens the file lets it take a value set aside (hslot.h). */
static size_t writer__flush_sink(filesink_t *fs)
{
    hslot_fill_t f = {.n = 0};
    bool opens = fs->file == INVALID_HANDLE_VALUE && fs->len > 0;
    if (opens)
        hslot_begin(&f);
    size_t lost = filesink_flush(fs);
    hslot_end(&f);
    return lost;
}

/* ETW's "could not write": the file, or the name it would have had. */
static void writer__report_lost(const filesink_t *fs, size_t lost)
{
    wchar_t path[SETTINGS_PATH_MAX + FILESINK_NAME_MAX + 16];
    if (fs->name[0])
        _snwprintf(path, sizeof path / sizeof *path, L"%ls\\%ls", writer__o.cfg.log_dir, fs->name);
    else
        _snwprintf(path, sizeof path / sizeof *path, L"%ls\\%ls.%ls", writer__o.cfg.log_dir,
                   fs->stem, fs->ext ? fs->ext : L"");
    path[sizeof path / sizeof *path - 1] = L'\0';
    etwsink_write_failed(path, lost, writer__o.lost);
}

static void writer__flush(void)
{
    writer__out_t *o = &writer__o;
    filesink_t *main_sink = writer__main_sink();
    size_t lost_json = writer__flush_sink(&o->json), lost_text = writer__flush_sink(&o->text);
    size_t lost = main_sink == &o->json ? lost_json : lost_text;
    if (lost > 0) {
        o->lost += o->unflushed;
        writer__report_lost(main_sink, lost);
    }
    o->unflushed = 0;
    writer__flush_sink(&o->audit);
}

/* The lines a sink's output begins with: the settings siotrace ignored. */
static void writer__ignored(filesink_t *fs, bool json)
{
    char note[1024];
    for (int id = 0; id < SETTINGS_COUNT; id++) {
        settings_refusal_t why = writer__o.cfg.ignored[id];
        if (why == SETTINGS_OK)
            continue;
        size_t n = notice_ignored(note, sizeof note, json, proc_image_utf8(), clock_utc_us(),
                                  (settings_id_t)id, why);
        if (n >= sizeof note || filesink_line(fs, note, n) != FILESINK_OK)
            return;
    }
}

/* Queues one line; a full file gets the line that says so, then no more. */
static bool writer__put(filesink_t *fs, bool *capped, bool json, const char *line, size_t n)
{
    if (*capped)
        return false;
    bool *noticed = json ? &writer__o.json_noticed : &writer__o.text_noticed;
    if (!*noticed) {
        *noticed = true;
        writer__ignored(fs, json);
    }
    filesink_status_t st = filesink_line(fs, line, n);
    if (st == FILESINK_NOROOM) {
        writer__flush();
        st = filesink_line(fs, line, n);
    }
    if (st == FILESINK_FULL) {
        *capped = true;
        char note[512];
        size_t m = notice_capped(note, sizeof note, json, proc_image_utf8(), clock_utc_us(),
                                 writer__o.cfg.max_file_bytes);
        if (m < sizeof note)
            filesink_final_line(fs, note, m);
    }
    return st == FILESINK_OK;
}

typedef size_t (*writer__render_fn)(char *, size_t, const rec_call_t *);

/* Renders c; when the line would not fit, again with the captures clipped. */
static size_t writer__render(writer__render_fn fn, const rec_call_t *c)
{
    size_t n = fn(writer__line, sizeof writer__line, c);
    if (n < sizeof writer__line)
        return n;
    rec_call_t clipped = *c;
    rec_buf_t *bufs[2] = {&clipped.in, &clipped.out};
    for (int i = 0; i < 2; i++) {
        if (bufs[i]->len > WRITER__CLIP) {
            bufs[i]->len = WRITER__CLIP;
            bufs[i]->state = REC_BUF_CLIPPED;
        }
    }
    n = fn(writer__line, sizeof writer__line, &clipped);
    return n < sizeof writer__line ? n : 0;
}

static void writer__trace(const record_t *r)
{
    writer__out_t *o = &writer__o;
    rec_call_t c;
    evline_t ev;
    bool json_ok = false, text_ok = false;
    bool event = sockev_view(r, proc_image_utf8(), &ev);
    if (!event) {
        record_view(r, proc_image_utf8(), &c);
        /* Only calls made while a session wanted them are numbered. */
        if (r->seq && (etwsink_enabled() & ETWSINK_ON(ETWSINK_DECODED)))
            etwsink_decoded(&c, r->seq);
    }
    if (o->cfg.json) {
        size_t n = event ? evline_json(writer__line, sizeof writer__line, &ev)
                         : writer__render(rec_json, &c);
        json_ok = n > 0 && writer__put(&o->json, &o->json_capped, true, writer__line, n);
    }
    if (o->cfg.text) {
        size_t n = event ? evline_text(writer__line, sizeof writer__line, &ev)
                         : writer__render(rec_text, &c);
        text_ok = n > 0 && writer__put(&o->text, &o->text_capped, false, writer__line, n);
    }
    bool ok = o->cfg.json ? json_ok : text_ok;
    bool capped = o->cfg.json ? o->json_capped : o->text_capped;
    if (ok)
        o->unflushed++;
    else if (!capped)
        o->lost++;
}

static void writer__audit_line(size_t n)
{
    if (n > 0 && n < sizeof writer__line)
        writer__put(&writer__o.audit, &writer__o.audit_capped, true, writer__line, n);
}

static void writer__audit_end(const capsess_t *s, uint64_t time_us, const char *how,
                              const auditrec_proc_t *p, bool at_exit)
{
    auditrec_end_t e = {
        .time_us = time_us,
        .since_us = s->since_us,
        .pid = GetCurrentProcessId(),
        .instance_us = proc_instance_us(),
        .socket = s->socket,
        .ptr_bytes = (uint8_t)sizeof(void *),
        .af = s->af,
        .type = s->type,
        .protocol = s->protocol,
        .code = s->code,
        .request = s->request,
        .local = s->local,
        .local_len = s->local_len,
        .how = how,
    };
    writer__audit_line(auditrec_end(writer__line, sizeof writer__line, &e, p));
    if (!at_exit) {
        auditevt_end(&e, p);
        etwsink_audit_end(&(etwsink_audit_end_t){&e, p, procinfo_user_sid()});
    }
}

/* The audit line of a capture call; when it would not fit, again with the
 * input clipped. */
static void writer__audit_call(const record_t *r, const auditrec_proc_t *p,
                               const auditrec_capture_t *cap, bool at_exit)
{
    rec_call_t c;
    record_view(r, proc_image_utf8(), &c);
    if (!at_exit) {
        auditevt_call(&c, cap, p);
        etwsink_audit(&(etwsink_audit_t){r->seq, &c, cap, p, procinfo_user_sid()});
    }
    size_t n = auditrec_call(writer__line, sizeof writer__line, &c, p, cap);
    if (n >= sizeof writer__line && c.in.len > WRITER__CLIP) {
        c.in.len = WRITER__CLIP;
        c.in.state = REC_BUF_CLIPPED;
        n = auditrec_call(writer__line, sizeof writer__line, &c, p, cap);
    }
    writer__audit_line(n);
}

static void writer__audit(const record_t *r, bool at_exit)
{
    const auditrec_proc_t *p = procinfo_get(at_exit);
    capsess_t ended;
    switch (r->kind) {
    case RECORD_CALL: {
        auditrec_capture_t cap = {.local = r->local, .local_len = r->local_len};
        cap.session = capsess_call(r, &cap.since_us, &ended);
        writer__audit_call(r, p, &cap, at_exit);
        if (cap.session == AUDITREC_STOP)
            writer__audit_end(&ended, r->time_us, "RCVALL_OFF", p, at_exit);
        break;
    }
    case RECORD_CLOSED:
        if (capsess_close(r->socket, &ended))
            writer__audit_end(&ended, r->time_us, "closed", p, at_exit);
        break;
    case RECORD_CLEANUP:
        while (capsess_take(&ended))
            writer__audit_end(&ended, r->time_us, "cleanup", p, at_exit);
        break;
    default:
        break;
    }
}

static void writer__record(const record_t *r, bool at_exit)
{
    if (r->traced) /* a call, or a socket line (sockev) */
        writer__trace(r);
    if (r->audit && writer__o.cfg.audit)
        writer__audit(r, at_exit);
}

/* Sessions still open when the process ends: their audit_end goes to the
 * file here (no Event Log entry: nothing is loaded under the loader lock). */
static void writer__end_sessions(void)
{
    capsess_t ended;
    while (capsess_take(&ended))
        writer__audit_end(&ended, clock_utc_us(), "process_exit", procinfo_get(true), true);
}

/* Once per process, from the writer thread: the log directory is unusable,
 * or every name a sink tried was taken. */
static void writer__report_unwritable(void)
{
    writer__out_t *o = &writer__o;
    char dir[(SETTINGS_PATH_MAX + 1) * 3];
    const char *why = NULL;
    if (o->unwritable_reported)
        return;
    if (o->dir_status != OUTDIR_OK)
        why = outdir_status_text(o->dir_status);
    else if (o->json.refused || o->text.refused || o->audit.refused)
        why = "has no free file name for this process: every name tried already exists";
    if (!why)
        return;
    if (WideCharToMultiByte(CP_UTF8, 0, o->cfg.log_dir, -1, dir, (int)sizeof dir, NULL, NULL) <= 0)
        dir[0] = '\0';
    char what[(SETTINGS_PATH_MAX + 1) * 3 + 32];
    snprintf(what, sizeof what, "the log directory %s", dir);
    auditevt_unwritable(procinfo_get(false), what, why);
    o->unwritable_reported = true;
}

/* Audit records lost all the same (a writer that could not run): the audit
 * file says how many. */
static void writer__report_audit_drops(size_t audit)
{
    writer__out_t *o = &writer__o;
    if (audit == o->reported_audit)
        return;
    notice_drops_t d = {
        .time_us = clock_utc_us(),
        .audit = audit - o->reported_audit,
        .total_audit = audit,
    };
    writer__audit_line(
        notice_drops(writer__line, sizeof writer__line, true, proc_image_utf8(), &d));
    o->reported_audit = audit;
}

static void writer__report_drops(void)
{
    writer__out_t *o = &writer__o;
    recq_drops_t now = recq_dropped();
    writer__report_audit_drops(now.audit);
    uint64_t trace = (uint64_t)now.trace + o->lost;
    if (trace == o->reported_trace && now.audit == o->reported.audit)
        return;
    notice_drops_t d = {
        .time_us = clock_utc_us(),
        .trace = trace - o->reported_trace,
        .audit = now.audit - o->reported.audit,
        .total_trace = trace,
        .total_audit = now.audit,
    };
    etwsink_dropped(d.trace, d.audit, d.total_trace, d.total_audit);
    if (o->cfg.json) {
        size_t n = notice_drops(writer__line, sizeof writer__line, true, proc_image_utf8(), &d);
        if (n < sizeof writer__line)
            writer__put(&o->json, &o->json_capped, true, writer__line, n);
    }
    if (o->cfg.text) {
        size_t n = notice_drops(writer__line, sizeof writer__line, false, proc_image_utf8(), &d);
        if (n < sizeof writer__line)
            writer__put(&o->text, &o->text_capped, false, writer__line, n);
    }
    o->reported = now;
    o->reported_trace = trace;
}

/* Writes every published record. At exit, a position a terminated thread
 * reserved but never filled is skipped instead of waited for; records are
 * not released there, as their heap may be locked by a thread that is gone. */
static size_t writer__pump(bool at_exit)
{
    writer__out_t *o = &writer__o;
    size_t n = 0;
    for (;;) {
        if (!at_exit && atomic_load(&writer__halt))
            return n;
        size_t pos = recq_tail();
        record_t *r = recq_at(pos);
        if (!r) {
            if (!at_exit || pos == recq_head())
                break;
            recq_skip(pos);
            continue;
        }
        /* A thread terminated between queueing a record's lines and
         * releasing it must not get them written twice. */
        if (!(o->done_valid && o->done_pos == pos))
            writer__record(r, at_exit);
        o->done_pos = pos;
        o->done_valid = true;
        if (!at_exit)
            record_release(r);
        recq_commit(pos);
        n++;
    }
    if (!at_exit && atomic_load(&writer__halt))
        return n;
    writer__report_drops();
    writer__flush();
    if (!at_exit && n > 0)
        writer__report_unwritable();
    return n;
}

/* The writer thread's pass: marked busy, so that the exit flush waits for
 * it to stop; once halted it never touches the output again. */
static size_t writer__pass(void)
{
    atomic_store(&writer__busy, 1);
    size_t n = writer__pump(false);
    atomic_store(&writer__busy, 0);
    while (atomic_load(&writer__halt))
        Sleep(INFINITE);
    return n;
}

static void writer__wait(unsigned *idle)
{
    if (*idle < WRITER__IDLE_ROUNDS) {
        WaitForSingleObject(writer__wake, WRITER__POLL_MS);
        return;
    }
    /* Deep sleep: producers see the flag and wake the thread with the next record. */
    atomic_store(&writer__sleeping, 1);
    atomic_thread_fence(memory_order_seq_cst);
    if (recq_empty() && !atomic_load(&writer__stop))
        WaitForSingleObject(writer__wake, INFINITE);
    atomic_store(&writer__sleeping, 0);
    *idle = 0;
}

static DWORD WINAPI writer__main(void *arg)
{
    writer__args_t a = *(writer__args_t *)arg;
    HeapFree(GetProcessHeap(), 0, arg);
    if (a.prev) {
        WaitForSingleObject(a.prev, INFINITE);
        CloseHandle(a.prev);
    }
    config_t cfg;
    AcquireSRWLockShared(&writer__lock);
    cfg = writer__cfg;
    ReleaseSRWLockShared(&writer__lock);
    writer__open(&cfg, false);

    unsigned idle = 0;
    for (;;) {
        atomic_store(&writer__nudged, 0);
        size_t n = writer__pass();
        if (atomic_load(&writer__stop) && recq_empty())
            break;
        idle = n ? 0 : idle + 1;
        writer__wait(&idle);
    }
    writer__close();
    evtlog_close();
    SetEvent(a.drained);
    FreeLibraryAndExitThread(a.self, 0);
    return 0;
}

/* The writer's handles are created lazily: each takes a value set aside. */
static HANDLE writer__event(BOOL manual)
{
    hslot_fill_t f;
    hslot_begin(&f);
    HANDLE h = CreateEventW(NULL, manual, FALSE, NULL);
    hslot_end(&f);
    return h;
}

static HANDLE writer__start_thread(writer__args_t *a)
{
    hslot_fill_t f;
    hslot_begin(&f);
    HANDLE t = CreateThread(NULL, 0, writer__main, a, 0, NULL);
    hslot_end(&f);
    return t;
}

static bool writer__spawn(void)
{
    writer__args_t *a = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof *a);
    if (!a)
        return false;
    if (!writer__wake)
        writer__wake = writer__event(FALSE);
    a->drained = writer__event(TRUE);
    if (!writer__wake || !a->drained ||
        !GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCWSTR)(void *)writer__main,
                            &a->self))
        goto error;
    a->prev = writer__thread;
    HANDLE drained = a->drained;
    atomic_store(&writer__stop, 0);
    HANDLE t = writer__start_thread(a);
    if (!t) {
        FreeLibrary(a->self);
        goto error;
    }
    if (writer__drained)
        CloseHandle(writer__drained);
    writer__thread = t;
    writer__drained = drained;
    atomic_store(&writer__running, 1);
    return true;
error:
    if (a->drained)
        CloseHandle(a->drained);
    HeapFree(GetProcessHeap(), 0, a);
    return false;
}

static void writer__ensure(void)
{
    AcquireSRWLockExclusive(&writer__lock);
    bool due = !writer__retry_tick || (LONG)(GetTickCount() - writer__retry_tick) >= 0;
    if (!atomic_load(&writer__running) && writer__cfg_set && due)
        writer__retry_tick = writer__spawn() ? 0 : GetTickCount() + WRITER__RETRY_MS;
    ReleaseSRWLockExclusive(&writer__lock);
}

void writer_configure(const config_t *cfg)
{
    AcquireSRWLockExclusive(&writer__lock);
    writer__cfg = *cfg;
    writer__cfg_set = true;
    ReleaseSRWLockExclusive(&writer__lock);
}

/* An audit record is never dropped for want of room: its caller waits for
 * the writer to make some (capture calls are rare, and an auditor would
 * rather a capture waited than went unrecorded). Only a writer that cannot
 * run at all for WRITER__AUDIT_WAIT_MS costs the record, and it is counted. */
static size_t writer__push_waiting(const record_t *r)
{
    DWORD start = GetTickCount();
    for (;;) {
        if (atomic_load(&writer__running))
            SetEvent(writer__wake);
        else
            writer__ensure();
        Sleep(1);
        size_t depth = recq_push(r);
        if (depth || GetTickCount() - start >= WRITER__AUDIT_WAIT_MS)
            return depth;
    }
}

void writer_submit(record_t *r)
{
    size_t depth = recq_push(r);
    if (depth == 0 && r->audit)
        depth = writer__push_waiting(r);
    if (depth == 0) {
        recq_drop(r);
        record_release(r);
        return;
    }
    if (!atomic_load(&writer__running)) {
        writer__ensure();
        return;
    }
    atomic_thread_fence(memory_order_seq_cst);
    bool wake = atomic_load(&writer__sleeping) && atomic_exchange(&writer__sleeping, 0);
    if (!wake && depth >= WRITER__WAKE_DEPTH)
        wake = !atomic_exchange(&writer__nudged, 1);
    if (wake)
        SetEvent(writer__wake);
}

/* Waits for the writer to say it is done, or for its thread to end without
 * saying so: Windows ends every other thread of an exiting process before a
 * DLL's DLL_PROCESS_DETACH may call WSACleanup, and a wait for a thread that
 * is gone would last its whole timeout under the loader lock. What it left
 * queued is written by the exit flush. */
static void writer__await(HANDLE drained, HANDLE thread, uint32_t timeout_ms)
{
    HANDLE both[2] = {drained, thread};
    WaitForMultipleObjects(thread ? 2 : 1, both, FALSE, timeout_ms);
}

void writer_drain(uint32_t timeout_ms)
{
    HANDLE drained = NULL, thread = NULL;
    AcquireSRWLockExclusive(&writer__lock);
    if (atomic_load(&writer__running)) {
        atomic_store(&writer__stop, 1);
        atomic_store(&writer__running, 0);
        drained = writer__drained;
        thread = writer__thread;
        SetEvent(writer__wake);
    }
    ReleaseSRWLockExclusive(&writer__lock);
    if (drained)
        writer__await(drained, thread, timeout_ms);
}

/* How long the exit flush waits for a writer thread that is still running,
 * and, when the system already reports that thread ended, for one that may
 * have been stopped in the middle of a pass. */
#define WRITER__HALT_MS      200
#define WRITER__HALT_DEAD_MS 10

static void writer__halt_thread(void)
{
    atomic_store(&writer__halt, 1);
    HANDLE t = writer__thread;
    DWORD limit =
        t && WaitForSingleObject(t, 0) == WAIT_OBJECT_0 ? WRITER__HALT_DEAD_MS : WRITER__HALT_MS;
    for (DWORD waited = 0; atomic_load(&writer__busy) && waited < limit; waited++)
        Sleep(1);
}

void writer_exit_flush(void)
{
    writer__halt_thread();
    if (!writer__o.ready) {
        if (!writer__cfg_set)
            return;
        writer__open(&writer__cfg, true);
    }
    filesink_recover(&writer__o.json);
    filesink_recover(&writer__o.text);
    filesink_recover(&writer__o.audit);
    writer__pump(true);
    writer__end_sessions();
    writer__flush();
}

void writer_unload(void)
{
    HANDLE *handles[] = {&writer__thread, &writer__drained, &writer__wake};
    for (size_t i = 0; i < sizeof handles / sizeof handles[0]; i++) {
        if (*handles[i])
            CloseHandle(*handles[i]);
        *handles[i] = NULL;
    }
}
