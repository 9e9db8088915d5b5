#include <windows.h>

#include <stdatomic.h>
#include <string.h>

#include "clock.h"
#include "filesink.h"
#include "notice.h"
#include "proc.h"
#include "rec.h"
#include "recq.h"
#include "sockev.h"
#include "writer.h"

#define WRITER__POLL_MS 10
#define WRITER__IDLE_ROUNDS 100     /* about a second of polls before sleeping */
#define WRITER__WAKE_DEPTH (RECQ_SLOTS / 4)
#define WRITER__RETRY_MS 1000       /* between attempts to start a thread */
#define WRITER__CLIP 256            /* capture kept when a line would not fit */
#define WRITER__NAME_MAX (PROC_IMAGE_MAX + 32)

/* The output side, used by one thread at a time: the writer thread, or the
 * exit flush once no writer thread is left. */
typedef struct writer__out {
    bool ready;
    config_t cfg;
    filesink_t json, text;
    bool json_capped, text_capped;
    recq_drops_t reported;          /* drops already written */
    uint64_t reported_trace;        /* the same for trace records, losses included */
    uint64_t lost;                  /* records that reached no file */
    uint64_t unflushed;             /* records queued in the main sink since its last flush */
    size_t done_pos;                /* last position whose lines were queued */
    bool done_valid;
} writer__out_t;

static writer__out_t writer__o;
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
    HANDLE prev;     /* the thread before this one, which must end first */
    HANDLE drained;
    HMODULE self;
} writer__args_t;

/* <image>.<pid>.<ext> in the log directory. */
static void writer__sink_init(filesink_t *fs, const config_t *cfg, const wchar_t *ext)
{
    wchar_t name[WRITER__NAME_MAX];
    int n = _snwprintf(name, WRITER__NAME_MAX, L"%ls.%lu.%ls", proc_image_w(),
                       GetCurrentProcessId(), ext);
    if (n <= 0 || n >= WRITER__NAME_MAX)
        name[0] = L'\0';
    filesink_init(fs, cfg->log_dir, name, cfg->max_file_bytes);
}

static void writer__open(const config_t *cfg)
{
    writer__out_t *o = &writer__o;
    if (o->ready)
        return;
    o->cfg = *cfg;
    writer__sink_init(&o->json, cfg, L"jsonl");
    writer__sink_init(&o->text, cfg, L"log");
    o->json_capped = o->text_capped = false;
    o->ready = true;
}

static void writer__close(void)
{
    if (!writer__o.ready)
        return;
    filesink_close(&writer__o.json);
    filesink_close(&writer__o.text);
    writer__o.ready = false;
}

/* The sink whose fate decides whether a record counts as written: JSON
 * when it is on, else text. */
static filesink_t *writer__main_sink(void)
{
    return writer__o.cfg.json ? &writer__o.json : &writer__o.text;
}

static void writer__flush(void)
{
    writer__out_t *o = &writer__o;
    filesink_t *main_sink = writer__main_sink();
    size_t lost_json = filesink_flush(&o->json), lost_text = filesink_flush(&o->text);
    if ((main_sink == &o->json ? lost_json : lost_text) > 0)
        o->lost += o->unflushed;
    o->unflushed = 0;
}

/* Queues one line; a full file gets the line that says so, then no more. */
static bool writer__put(filesink_t *fs, bool *capped, bool json, const char *line, size_t n)
{
    if (*capped)
        return false;
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

static void writer__record(const record_t *r)
{
    writer__out_t *o = &writer__o;
    rec_call_t c;
    evline_t ev;
    bool json_ok = false, text_ok = false;
    bool event = sockev_view(r, proc_image_utf8(), &ev);
    if (!event)
        record_view(r, proc_image_utf8(), &c);
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

static void writer__report_drops(void)
{
    writer__out_t *o = &writer__o;
    recq_drops_t now = recq_dropped();
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
            writer__record(r);
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
    writer__open(&cfg);

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
    SetEvent(a.drained);
    FreeLibraryAndExitThread(a.self, 0);
    return 0;
}

static bool writer__spawn(void)
{
    writer__args_t *a = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof *a);
    if (!a)
        return false;
    if (!writer__wake)
        writer__wake = CreateEventW(NULL, FALSE, FALSE, NULL);
    a->drained = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!writer__wake || !a->drained ||
        !GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCWSTR)(void *)writer__main,
                            &a->self))
        goto error;
    a->prev = writer__thread;
    HANDLE drained = a->drained;
    atomic_store(&writer__stop, 0);
    HANDLE t = CreateThread(NULL, 0, writer__main, a, 0, NULL);
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

void writer_submit(record_t *r)
{
    size_t depth = recq_push(r);
    if (depth == 0) {
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

void writer_drain(uint32_t timeout_ms)
{
    HANDLE drained = NULL;
    AcquireSRWLockExclusive(&writer__lock);
    if (atomic_load(&writer__running)) {
        atomic_store(&writer__stop, 1);
        atomic_store(&writer__running, 0);
        drained = writer__drained;
        SetEvent(writer__wake);
    }
    ReleaseSRWLockExclusive(&writer__lock);
    if (drained)
        WaitForSingleObject(drained, timeout_ms);
}

/* How long the exit flush waits for a writer thread that is still running,
 * and, when the system already reports that thread ended, for one that may
 * have been stopped in the middle of a pass. */
#define WRITER__HALT_MS 200
#define WRITER__HALT_DEAD_MS 10

static void writer__halt_thread(void)
{
    atomic_store(&writer__halt, 1);
    HANDLE t = writer__thread;
    DWORD limit = t && WaitForSingleObject(t, 0) == WAIT_OBJECT_0 ? WRITER__HALT_DEAD_MS
                                                                   : WRITER__HALT_MS;
    for (DWORD waited = 0; atomic_load(&writer__busy) && waited < limit; waited++)
        Sleep(1);
}

void writer_exit_flush(void)
{
    writer__halt_thread();
    if (!writer__o.ready) {
        if (!writer__cfg_set)
            return;
        writer__open(&writer__cfg);
    }
    filesink_recover(&writer__o.json);
    filesink_recover(&writer__o.text);
    writer__pump(true);
}
