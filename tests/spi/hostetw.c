#include "hostetw.h"
#include "etwrec.h"
#include "iatpatch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOSTETW_PROVIDERS           16
#define HOSTETW_MAX_EVENT           65536u /* ETW's limit on one event */
#define HOSTETW_MAX_DESCRIPTORS     128
#define HOSTETW_HANDLE_BASE         0x5E7E000000000000ull
#define HOSTETW_SET_TRAITS          2
#define HOSTETW_USE_DESCRIPTOR_TYPE 3
/* EVENT_CONTROL_CODE_* (evntrace.h; absent from MinGW's). */
#define HOSTETW_DISABLE 0
#define HOSTETW_ENABLE  1

typedef struct hostetw__provider {
    BOOL used;
    GUID guid;
    PENABLECALLBACK callback;
    PVOID context;
    BOOL typed; /* descriptor types honoured */
    uint8_t traits[256];
    USHORT traits_len;
} hostetw__provider_t;

static SRWLOCK hostetw__lock = SRWLOCK_INIT;
static INIT_ONCE hostetw__once = INIT_ONCE_STATIC_INIT;
static hostetw__provider_t hostetw__providers[HOSTETW_PROVIDERS];
static struct {
    BOOL on;
    UCHAR level;
    ULONGLONG any, all;
} hostetw__session;
static hostetw_stats_t hostetw__stats;
static uint8_t *hostetw__log;
static size_t hostetw__log_len, hostetw__log_cap;
static HANDLE hostetw__file = INVALID_HANDLE_VALUE;

static BOOL hostetw__env(const char *name, char *v, DWORD n)
{
    DWORD got = GetEnvironmentVariableA(name, v, n);
    return got > 0 && got < n;
}

static BOOL CALLBACK hostetw__init(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    char v[MAX_PATH];
    (void)once;
    (void)param;
    (void)ctx;
    if (hostetw__env("SIOT_ETW_SESSION", v, sizeof v)) {
        unsigned level = 0;
        unsigned long long any = 0, all = 0;
        if (sscanf(v, "%u,%lli,%lli", &level, &any, &all) >= 2) {
            hostetw__session.on = TRUE;
            hostetw__session.level = (UCHAR)level;
            hostetw__session.any = any;
            hostetw__session.all = all;
        } else {
            fprintf(stderr, "siotws2: SIOT_ETW_SESSION=%s: want LEVEL,MATCHANY[,MATCHALL]\n", v);
        }
    }
    if (hostetw__env("SIOT_ETW_FILE", v, sizeof v)) {
        hostetw__file = CreateFileA(v, FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                                    OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
        if (hostetw__file == INVALID_HANDLE_VALUE)
            fprintf(stderr, "siotws2: SIOT_ETW_FILE=%s: cannot open (error %lu)\n", v,
                    GetLastError());
    }
    return TRUE;
}

static void hostetw__start(void)
{
    InitOnceExecuteOnce(&hostetw__once, hostetw__init, NULL, NULL);
}

/* Under the lock. */
static hostetw__provider_t *hostetw__find(REGHANDLE h)
{
    ULONGLONG i = h - HOSTETW_HANDLE_BASE - 1;
    if (h <= HOSTETW_HANDLE_BASE || i >= HOSTETW_PROVIDERS || !hostetw__providers[i].used)
        return NULL;
    return &hostetw__providers[i];
}

typedef struct hostetw__call {
    hostetw__provider_t p;
    ULONG control;
    UCHAR level;
    ULONGLONG any, all;
} hostetw__call_t;

static void hostetw__notify(const hostetw__call_t *c)
{
    c->p.callback(&c->p.guid, c->control, c->level, c->any, c->all, NULL, c->p.context);
}

static DWORD WINAPI hostetw__notify_thread(void *arg)
{
    hostetw__notify(arg);
    return 0;
}

/* A session change reaches every registered provider on a thread of its
 * own, as ETW's notifications do, one provider after the other. */
static void hostetw__broadcast(ULONG control)
{
    hostetw__call_t calls[HOSTETW_PROVIDERS];
    size_t n = 0;
    AcquireSRWLockShared(&hostetw__lock);
    for (size_t i = 0; i < HOSTETW_PROVIDERS; i++) {
        if (!hostetw__providers[i].used || !hostetw__providers[i].callback)
            continue;
        calls[n].p = hostetw__providers[i];
        calls[n].control = control;
        calls[n].level = hostetw__session.level;
        calls[n].any = hostetw__session.any;
        calls[n].all = hostetw__session.all;
        n++;
    }
    ReleaseSRWLockShared(&hostetw__lock);
    for (size_t i = 0; i < n; i++) {
        HANDLE t = CreateThread(NULL, 0, hostetw__notify_thread, &calls[i], 0, NULL);
        if (!t) {
            fprintf(stderr, "siotws2: cannot start the ETW notification thread (error %lu)\n",
                    GetLastError());
            continue;
        }
        WaitForSingleObject(t, INFINITE);
        CloseHandle(t);
    }
}

void hostetw_session_start(UCHAR level, ULONGLONG any, ULONGLONG all)
{
    hostetw__start();
    AcquireSRWLockExclusive(&hostetw__lock);
    hostetw__session.on = TRUE;
    hostetw__session.level = level;
    hostetw__session.any = any;
    hostetw__session.all = all;
    ReleaseSRWLockExclusive(&hostetw__lock);
    hostetw__broadcast(HOSTETW_ENABLE);
}

void hostetw_session_stop(void)
{
    hostetw__start();
    AcquireSRWLockExclusive(&hostetw__lock);
    hostetw__session.on = FALSE;
    ReleaseSRWLockExclusive(&hostetw__lock);
    hostetw__broadcast(HOSTETW_DISABLE);
}

static ULONG WINAPI hostetw__register(LPCGUID guid, PENABLECALLBACK callback, PVOID context,
                                      PREGHANDLE handle)
{
    hostetw__start();
    if (!guid || !handle)
        return ERROR_INVALID_PARAMETER;
    AcquireSRWLockExclusive(&hostetw__lock);
    size_t i = 0;
    while (i < HOSTETW_PROVIDERS && hostetw__providers[i].used)
        i++;
    if (i == HOSTETW_PROVIDERS) {
        ReleaseSRWLockExclusive(&hostetw__lock);
        *handle = 0;
        return ERROR_NO_SYSTEM_RESOURCES;
    }
    hostetw__provider_t *p = &hostetw__providers[i];
    memset(p, 0, sizeof *p);
    p->used = TRUE;
    p->guid = *guid;
    p->callback = callback;
    p->context = context;
    hostetw__call_t call = {*p, HOSTETW_ENABLE, hostetw__session.level, hostetw__session.any,
                            hostetw__session.all};
    BOOL on = hostetw__session.on;
    hostetw__stats.registered++;
    hostetw__stats.registrations++;
    ReleaseSRWLockExclusive(&hostetw__lock);
    /* Windows calls back before EventRegister returns the handle. */
    if (on && callback)
        hostetw__notify(&call);
    *handle = HOSTETW_HANDLE_BASE + i + 1;
    return ERROR_SUCCESS;
}

static ULONG WINAPI hostetw__unregister(REGHANDLE h)
{
    hostetw__start();
    AcquireSRWLockExclusive(&hostetw__lock);
    hostetw__provider_t *p = hostetw__find(h);
    if (p) {
        p->used = FALSE;
        hostetw__stats.registered--;
        hostetw__stats.unregistrations++;
    }
    ReleaseSRWLockExclusive(&hostetw__lock);
    return p ? ERROR_SUCCESS : ERROR_INVALID_HANDLE;
}

/* A traits blob: UINT16 size equal to its length, then a NUL-terminated name. */
static BOOL hostetw__traits_ok(const uint8_t *b, ULONG n)
{
    return b && n >= 3 && n <= 256 && (ULONG)(b[0] | b[1] << 8) == n && memchr(b + 2, 0, n - 2);
}

static ULONG WINAPI hostetw__set_information(REGHANDLE h, EVENT_INFO_CLASS cls, PVOID info, ULONG n)
{
    ULONG err = ERROR_SUCCESS;
    hostetw__start();
    AcquireSRWLockExclusive(&hostetw__lock);
    hostetw__provider_t *p = hostetw__find(h);
    if (!p) {
        err = ERROR_INVALID_HANDLE;
    } else if ((int)cls == HOSTETW_SET_TRAITS) {
        if (p->traits_len || !hostetw__traits_ok(info, n)) {
            err = ERROR_INVALID_PARAMETER;
            hostetw__stats.traits_refused++;
        } else {
            memcpy(p->traits, info, n);
            p->traits_len = (USHORT)n;
            p->typed = TRUE;
            hostetw__stats.traits_set++;
        }
    } else if ((int)cls == HOSTETW_USE_DESCRIPTOR_TYPE) {
        p->typed = TRUE;
    } else {
        err = ERROR_NOT_SUPPORTED;
    }
    ReleaseSRWLockExclusive(&hostetw__lock);
    return err;
}

/* The session's rule: a session level of 0 takes every level; keyword 0
 * matches any session, other keywords need one bit of MatchAny and every
 * bit of MatchAll. Under the lock. */
static BOOL hostetw__wanted(const EVENT_DESCRIPTOR *d)
{
    if (!hostetw__session.on)
        return FALSE;
    if (hostetw__session.level && d->Level > hostetw__session.level)
        return FALSE;
    return d->Keyword == 0 || ((d->Keyword & hostetw__session.any) &&
                               (d->Keyword & hostetw__session.all) == hostetw__session.all);
}

static void hostetw__keep(const uint8_t *rec, size_t n)
{
    if (hostetw__log_len + n > hostetw__log_cap) {
        size_t cap = hostetw__log_cap ? hostetw__log_cap * 2 : 1 << 20;
        while (cap < hostetw__log_len + n)
            cap *= 2;
        uint8_t *more = realloc(hostetw__log, cap);
        if (!more) {
            fprintf(stderr, "siotws2: out of memory recording ETW events\n");
            return;
        }
        hostetw__log = more;
        hostetw__log_cap = cap;
    }
    memcpy(hostetw__log + hostetw__log_len, rec, n);
    hostetw__log_len += n;
    DWORD done;
    if (hostetw__file != INVALID_HANDLE_VALUE &&
        !WriteFile(hostetw__file, rec, (DWORD)n, &done, NULL))
        fprintf(stderr, "siotws2: cannot write SIOT_ETW_FILE (error %lu)\n", GetLastError());
}

/* Splits the descriptors as ETW does: with types honoured, type 2 is the
 * provider traits (ignored once set), type 1 the event metadata, 0 payload. */
static ULONG hostetw__record(const hostetw__provider_t *p, const EVENT_DESCRIPTOR *d, ULONG count,
                             const EVENT_DATA_DESCRIPTOR *dd)
{
    static uint8_t meta[HOSTETW_MAX_EVENT], data[HOSTETW_MAX_EVENT], rec[3 * HOSTETW_MAX_EVENT];
    size_t meta_len = 0, data_len = 0, total = 0;
    for (ULONG i = 0; i < count; i++) {
        ULONG type = p->typed ? dd[i].Reserved : 0;
        const void *src = (const void *)(ULONG_PTR)dd[i].Ptr;
        total += dd[i].Size;
        if (total > HOSTETW_MAX_EVENT)
            return ERROR_ARITHMETIC_OVERFLOW;
        if (type > 2 || (dd[i].Size && !src))
            return ERROR_INVALID_PARAMETER;
        if (type == 1) {
            memcpy(meta + meta_len, src, dd[i].Size);
            meta_len += dd[i].Size;
        } else if (type == 0) {
            memcpy(data + data_len, src, dd[i].Size);
            data_len += dd[i].Size;
        }
    }
    etwrec_t r = {
        .pid = GetCurrentProcessId(),
        .tid = GetCurrentThreadId(),
        .id = d->Id,
        .version = d->Version,
        .channel = d->Channel,
        .level = d->Level,
        .opcode = d->Opcode,
        .task = d->Task,
        .keyword = d->Keyword,
        .traits = p->traits,
        .traits_len = p->traits_len,
        .meta = meta,
        .meta_len = (uint16_t)meta_len,
        .data = data,
        .data_len = (uint32_t)data_len,
    };
    memcpy(r.provider, &p->guid, 16);
    size_t n = etwrec_put(rec, sizeof rec, &r);
    if (n)
        hostetw__keep(rec, n);
    return ERROR_SUCCESS;
}

static ULONG WINAPI hostetw__write_transfer(REGHANDLE h, PCEVENT_DESCRIPTOR d, LPCGUID activity,
                                            LPCGUID related, ULONG count, PEVENT_DATA_DESCRIPTOR dd)
{
    (void)activity;
    (void)related;
    ULONG err = ERROR_SUCCESS;
    hostetw__start();
    /* Exclusive: the record buffers are shared, and the order of events in
     * the log is the order of the writes. */
    AcquireSRWLockExclusive(&hostetw__lock);
    const hostetw__provider_t *p = hostetw__find(h);
    if (!p || !d || count > HOSTETW_MAX_DESCRIPTORS || (count && !dd)) {
        hostetw__stats.invalid++;
        err = p ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE;
    } else if (!hostetw__wanted(d)) {
        hostetw__stats.unwanted++;
    } else {
        err = hostetw__record(p, d, count, dd);
        if (err == ERROR_SUCCESS)
            hostetw__stats.recorded++;
        else if (err == ERROR_ARITHMETIC_OVERFLOW)
            hostetw__stats.too_big++;
        else
            hostetw__stats.invalid++;
    }
    ReleaseSRWLockExclusive(&hostetw__lock);
    return err;
}

void hostetw_stats(hostetw_stats_t *out)
{
    AcquireSRWLockShared(&hostetw__lock);
    *out = hostetw__stats;
    ReleaseSRWLockShared(&hostetw__lock);
}

size_t hostetw_events(uint8_t *buf, size_t cap)
{
    AcquireSRWLockShared(&hostetw__lock);
    size_t n = hostetw__log_len;
    if (n <= cap && n)
        memcpy(buf, hostetw__log, n);
    ReleaseSRWLockShared(&hostetw__lock);
    return n;
}

void hostetw_clear(void)
{
    AcquireSRWLockExclusive(&hostetw__lock);
    hostetw__log_len = 0;
    LONG registered = hostetw__stats.registered;
    memset(&hostetw__stats, 0, sizeof hostetw__stats);
    hostetw__stats.registered = registered;
    ReleaseSRWLockExclusive(&hostetw__lock);
}

void hostetw_patch(HMODULE module)
{
    static const struct {
        const char *func;
        const void *to;
    } patches[] = {
        {"EventRegister", hostetw__register},
        {"EventSetInformation", hostetw__set_information},
        {"EventWriteTransfer", hostetw__write_transfer},
        {"EventUnregister", hostetw__unregister},
    };
    for (size_t i = 0; i < sizeof patches / sizeof patches[0]; i++)
        iatpatch_apply(module, "advapi32.dll", patches[i].func, patches[i].to);
}
