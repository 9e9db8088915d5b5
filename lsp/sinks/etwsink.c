#include <windows.h>
#include <evntprov.h>

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "capture.h"
#include "etwsink.h"
#include "iocbits.h"
#include "ioctl.h"
#include "tlgdata.h"
#include "tlgmeta.h"
#include "tlgname.h"
#include "tlgtype.h"
#include "xlat.h"

#if WINVER < 0x0602
/* Windows 8 and later; the headers declare it only for WINVER >= 0x0602. */
ULONG EVNTAPI EventSetInformation(REGHANDLE h, EVENT_INFO_CLASS c, PVOID info, ULONG n);
#endif

#define ETWSINK__SET_TRAITS ((EVENT_INFO_CLASS)2) /* EventProviderSetTraits */
#define ETWSINK__CHUNKS     24
#define ETWSINK__SCALARS    1024
#define ETWSINK__JSON_MAX   (24u * 1024)
#define ETWSINK__CLIP       256  /* capture kept when a Decoded text would not fit */
#define ETWSINK__WIDE_MAX   2048 /* characters kept of a command line or path */
#define ETWSINK__US_1601    11644473600000000ull
#define ETWSINK__IMAGE_MAX  800 /* a MAX_PATH name in UTF-8 */

typedef struct etwsink__field {
    const char *name;
    uint8_t in, out;
} etwsink__field_t;

/* Shorthands for the tables below: in type, out type. */
#define U8S       TLG_IN_ANSISTRING, TLG_OUT_UTF8
#define WSTR      TLG_IN_UNICODESTRING, 0
#define PID       TLG_IN_UINT32, TLG_OUT_PID
#define TID       TLG_IN_UINT32, TLG_OUT_TID
#define ERR       TLG_IN_UINT32, TLG_OUT_WIN32ERROR
#define ADDR      TLG_IN_BINARY, TLG_OUT_SOCKETADDRESS
#define SCALAR(t) TLG_IN_##t, 0

static const etwsink__field_t etwsink__call_fields[] = {
    {"seq", SCALAR(UINT64)},
    {"time", SCALAR(FILETIME)},
    {"pid", PID},
    {"instance", SCALAR(FILETIME)},
    {"tid", TID},
    {"image", U8S},
    {"socket", SCALAR(POINTER)},
    {"af", SCALAR(INT32)},
    {"socktype", SCALAR(INT32)},
    {"protocol", SCALAR(INT32)},
    {"name", U8S},
    {"code", SCALAR(HEXINT32)},
    {"io", U8S},
    {"t", SCALAR(UINT32)},
    {"vendor", SCALAR(UINT32)},
    {"number", SCALAR(UINT32)},
    {"in_addr", SCALAR(POINTER)},
    {"in_size", SCALAR(UINT32)},
    {"in_state", U8S},
    {"in", SCALAR(BINARY)},
    {"out_addr", SCALAR(POINTER)},
    {"out_size", SCALAR(UINT32)},
    {"out_state", U8S},
    {"out", SCALAR(BINARY)},
    {"ret", SCALAR(INT32)},
    {"error", ERR},
    {"error_name", U8S},
    {"bytes", SCALAR(UINT32)},
    {"bytes_valid", SCALAR(BOOL32)},
    {"overlapped", SCALAR(BOOL32)},
    {"pending", SCALAR(BOOL32)},
    {"lower_ns", SCALAR(UINT64)},
};
static const etwsink__field_t etwsink__decoded_fields[] = {
    {"seq", SCALAR(UINT64)}, {"tid", TID}, {"code", SCALAR(HEXINT32)},
    {"name", U8S},           {"in", U8S},  {"out", U8S},
};
/* The audit line's who and what, shared by Audit and AuditEnd; unknown
 * numbers are -1, unknown strings "". */
#define ETWSINK__AUDIT_WHAT                                                                        \
    {"mode", U8S}, {"mode_value", SCALAR(UINT32)}, {"if_index", SCALAR(INT64)},                    \
    {                                                                                              \
        "local_addr", ADDR                                                                         \
    }
#define ETWSINK__AUDIT_WHO                                                                         \
    {"image_path", U8S}, {"command_line", U8S}, {"parent_pid", SCALAR(INT64)},                     \
        {"user_sid", SCALAR(SID)}, {"user", U8S}, {"session_id", SCALAR(INT32)},                   \
        {"integrity", U8S}, {"integrity_rid", SCALAR(INT32)},                                      \
    {                                                                                              \
        "elevated", SCALAR(INT32)                                                                  \
    }

static const etwsink__field_t etwsink__audit_fields[] = {
    {"seq", SCALAR(UINT64)},
    {"time", SCALAR(FILETIME)},
    {"pid", PID},
    {"instance", SCALAR(FILETIME)},
    {"tid", TID},
    {"image", U8S},
    {"socket", SCALAR(POINTER)},
    {"af", SCALAR(INT32)},
    {"socktype", SCALAR(INT32)},
    {"protocol", SCALAR(INT32)},
    {"name", U8S},
    {"code", SCALAR(HEXINT32)},
    {"outcome", U8S},
    ETWSINK__AUDIT_WHAT,
    {"in_addr", SCALAR(POINTER)},
    {"in_size", SCALAR(UINT32)},
    {"in_state", U8S},
    {"in", SCALAR(BINARY)},
    {"ret", SCALAR(INT32)},
    {"error", ERR},
    {"error_name", U8S},
    {"pending", SCALAR(BOOL32)},
    {"capture", U8S},
    {"capture_since", SCALAR(FILETIME)},
    ETWSINK__AUDIT_WHO,
};
static const etwsink__field_t etwsink__audit_end_fields[] = {
    {"time", SCALAR(FILETIME)},
    {"pid", PID},
    {"instance", SCALAR(FILETIME)},
    {"image", U8S},
    {"socket", SCALAR(POINTER)},
    {"af", SCALAR(INT32)},
    {"socktype", SCALAR(INT32)},
    {"protocol", SCALAR(INT32)},
    {"name", U8S},
    {"code", SCALAR(HEXINT32)},
    ETWSINK__AUDIT_WHAT,
    {"capture_since", SCALAR(FILETIME)},
    {"duration_us", SCALAR(UINT64)},
    {"ended", U8S},
    ETWSINK__AUDIT_WHO,
};
#undef ETWSINK__AUDIT_WHAT
#undef ETWSINK__AUDIT_WHO
static const etwsink__field_t etwsink__process_fields[] = {
    {"image", U8S},
    {"path", WSTR},
    {"pid", PID},
    {"process_start", SCALAR(FILETIME)},
    {"ptr_bits", SCALAR(UINT32)},
    {"version", U8S},
    {"traced", SCALAR(BOOL32)},
    {"formats", U8S},
    {"log_dir", WSTR},
    {"max_file_bytes", SCALAR(UINT64)},
};
static const etwsink__field_t etwsink__dropped_fields[] = {
    {"dropped", SCALAR(UINT64)},
    {"dropped_audit", SCALAR(UINT64)},
    {"total_dropped", SCALAR(UINT64)},
    {"total_dropped_audit", SCALAR(UINT64)},
};
static const etwsink__field_t etwsink__write_failed_fields[] = {
    {"path", WSTR},
    {"lost", SCALAR(UINT64)},
    {"total_lost", SCALAR(UINT64)},
};

#undef U8S
#undef WSTR
#undef PID
#undef TID
#undef ERR
#undef ADDR
#undef SCALAR

#define ETWSINK__FIELDS(a) a, sizeof a / sizeof a[0]

static const struct {
    const char *name;
    uint8_t level;
    uint64_t keyword;
    const etwsink__field_t *fields;
    size_t count;
} etwsink__events[ETWSINK_EVENTS] = {
    [ETWSINK_CALL] = {"Call", 5, ETWSINK_KW_CALL, ETWSINK__FIELDS(etwsink__call_fields)},
    [ETWSINK_DECODED] = {"Decoded", 5, ETWSINK_KW_DECODED,
                         ETWSINK__FIELDS(etwsink__decoded_fields)},
    [ETWSINK_AUDIT] = {"Audit", 4, ETWSINK_KW_AUDIT, ETWSINK__FIELDS(etwsink__audit_fields)},
    [ETWSINK_AUDIT_END] = {"AuditEnd", 4, ETWSINK_KW_AUDIT,
                           ETWSINK__FIELDS(etwsink__audit_end_fields)},
    [ETWSINK_PROCESS] = {"ProcessStart", 4, ETWSINK_KW_PROCESS,
                         ETWSINK__FIELDS(etwsink__process_fields)},
    [ETWSINK_DROPPED] = {"Dropped", 3, ETWSINK_KW_HEALTH, ETWSINK__FIELDS(etwsink__dropped_fields)},
    [ETWSINK_WRITE_FAILED] = {"WriteFailed", 2, ETWSINK_KW_HEALTH,
                              ETWSINK__FIELDS(etwsink__write_failed_fields)},
};

/* Metadata, built once: the traits and each event's blob. */
static bool etwsink__built;
static GUID etwsink__guid;
static uint8_t etwsink__traits[64];
static size_t etwsink__traits_len;
static uint8_t etwsink__meta[ETWSINK_EVENTS][640];
static size_t etwsink__meta_len[ETWSINK_EVENTS];

/* Registration: writers hold the lock shared (and only try, so that no
 * event ever waits), (un)registration holds it exclusive. The enable
 * callback takes no lock: EventUnregister waits for it to return. */
static SRWLOCK etwsink__lock = SRWLOCK_INIT;
static atomic_ullong etwsink__handle;
static atomic_uint etwsink__mask;
static atomic_int etwsink__ready; /* traits set: events may be written */
static atomic_ullong etwsink__seq;

/* ProcessStart's facts, copied at registration. */
static char etwsink__image[ETWSINK__IMAGE_MAX];
static char etwsink__formats[16];
static wchar_t etwsink__log_dir[1024], etwsink__path[ETWSINK__WIDE_MAX];
static bool etwsink__traced;
static uint64_t etwsink__max_file_bytes, etwsink__started_ft;

static bool etwsink__build(void)
{
    if (!tlgname_guid(ETWSINK_PROVIDER, (uint8_t *)&etwsink__guid))
        return false;
    etwsink__traits_len =
        tlgmeta_traits(etwsink__traits, sizeof etwsink__traits, ETWSINK_PROVIDER, NULL);
    for (int ev = 0; ev < ETWSINK_EVENTS; ev++) {
        tlgmeta_t m;
        tlgmeta_event(&m, etwsink__meta[ev], sizeof etwsink__meta[ev], etwsink__events[ev].name, 0);
        for (size_t i = 0; i < etwsink__events[ev].count; i++)
            tlgmeta_field(&m, etwsink__events[ev].fields[i].name, etwsink__events[ev].fields[i].in,
                          etwsink__events[ev].fields[i].out, 0);
        etwsink__meta_len[ev] = tlgmeta_end(&m);
        if (!etwsink__meta_len[ev])
            return false;
    }
    return etwsink__traits_len != 0;
}

/* The session rule TraceLoggingProvider.h applies: a session level of 0
 * takes every level; a keyword must match any of MatchAny and all of
 * MatchAll. */
static uint32_t etwsink__mask_for(UCHAR level, ULONGLONG any, ULONGLONG all)
{
    unsigned level_plus1 = level ? level + 1u : 256u;
    uint32_t mask = 0;
    for (int ev = 0; ev < ETWSINK_EVENTS; ev++) {
        uint64_t kw = etwsink__events[ev].keyword;
        if (etwsink__events[ev].level < level_plus1 && (kw & any) && (kw & all) == all)
            mask |= ETWSINK_ON(ev);
    }
    return mask;
}

/* An event whose values do not match its metadata field for field would
 * be misread by every consumer: it is not written. */
static void etwsink__write(etwsink_event_t ev, const tlgdata_t *d)
{
    if (d->overflow || d->values != etwsink__events[ev].count ||
        !TryAcquireSRWLockShared(&etwsink__lock))
        return;
    REGHANDLE h = atomic_load(&etwsink__handle);
    if (h && atomic_load(&etwsink__ready)) {
        EVENT_DESCRIPTOR desc = {0};
        EVENT_DATA_DESCRIPTOR dd[2 + ETWSINK__CHUNKS];
        desc.Channel = TLG_CHANNEL;
        desc.Level = etwsink__events[ev].level;
        desc.Keyword = etwsink__events[ev].keyword;
        dd[0].Ptr = (ULONGLONG)(ULONG_PTR)etwsink__traits;
        dd[0].Size = (ULONG)etwsink__traits_len;
        dd[0].Reserved = 2; /* provider traits */
        dd[1].Ptr = (ULONGLONG)(ULONG_PTR)etwsink__meta[ev];
        dd[1].Size = (ULONG)etwsink__meta_len[ev];
        dd[1].Reserved = 1; /* event metadata */
        for (size_t i = 0; i < d->count; i++) {
            dd[2 + i].Ptr = (ULONGLONG)(ULONG_PTR)d->chunks[i].p;
            dd[2 + i].Size = d->chunks[i].n;
            dd[2 + i].Reserved = 0;
        }
        EventWriteTransfer(h, &desc, NULL, NULL, (ULONG)(2 + d->count), dd);
    }
    ReleaseSRWLockShared(&etwsink__lock);
}

static uint64_t etwsink__filetime(uint64_t us_1970)
{
    return (us_1970 + ETWSINK__US_1601) * 10;
}

/* A UTF-16 string with its NUL, referred to where it lies when short
 * enough, else its first characters copied into clip. */
static void etwsink__wide(tlgdata_t *d, const wchar_t *s, wchar_t *clip, size_t clip_n)
{
    if (!s)
        s = L"";
    size_t n = wcslen(s);
    if (n >= clip_n) {
        memcpy(clip, s, (clip_n - 1) * sizeof *s);
        clip[clip_n - 1] = L'\0';
        s = clip;
        n = clip_n - 1;
    }
    tlgdata_ref(d, s, (n + 1) * sizeof *s);
}

static void etwsink__buffer(tlgdata_t *d, const rec_buf_t *b)
{
    tlgdata_ptr(d, b->addr);
    tlgdata_u32(d, b->size);
    tlgdata_str(d, rec_buf_state_name(b->state));
    tlgdata_binary(d, b->data, b->len);
}

/* The name the JSON record gives the call: a value with several names is
 * named by the row its socket makes it (capture_row). */
static const char *etwsink__code_name(const rec_call_t *c)
{
    const ioctl_info_t *io = capture_row(c->code, c->type, c->protocol);
    return io ? io->name : "";
}

static const char *etwsink__error_name(const rec_call_t *c)
{
    return c->ret != 0 ? xlat_name(&xlat_wsa_error, (uint32_t)c->error) : "";
}

void etwsink_call(const rec_call_t *c, uint64_t seq)
{
    uint8_t buf[ETWSINK__SCALARS];
    tlgdata_chunk_t chunks[ETWSINK__CHUNKS];
    tlgdata_t d;
    iocbits_t bits = iocbits_split(c->code);
    tlgdata_init(&d, buf, sizeof buf, chunks, ETWSINK__CHUNKS);
    tlgdata_u64(&d, seq);
    tlgdata_u64(&d, etwsink__filetime(c->time_us));
    tlgdata_u32(&d, c->pid);
    tlgdata_u64(&d, etwsink__filetime(c->instance_us));
    tlgdata_u32(&d, c->tid);
    tlgdata_str(&d, c->image);
    tlgdata_ptr(&d, c->socket);
    tlgdata_u32(&d, (uint32_t)c->af);
    tlgdata_u32(&d, (uint32_t)c->type);
    tlgdata_u32(&d, (uint32_t)c->protocol);
    tlgdata_str(&d, etwsink__code_name(c));
    tlgdata_u32(&d, c->code);
    tlgdata_str(&d, iocbits_io(c->code));
    tlgdata_u32(&d, bits.t);
    tlgdata_u32(&d, bits.vendor);
    tlgdata_u32(&d, bits.number);
    etwsink__buffer(&d, &c->in);
    etwsink__buffer(&d, &c->out);
    tlgdata_u32(&d, (uint32_t)c->ret);
    tlgdata_u32(&d, c->ret != 0 ? (uint32_t)c->error : 0);
    tlgdata_str(&d, etwsink__error_name(c));
    tlgdata_u32(&d, c->bytes_valid ? c->bytes : 0);
    tlgdata_u32(&d, c->bytes_valid);
    tlgdata_u32(&d, c->overlapped);
    tlgdata_u32(&d, c->ret != 0 && c->error == REC_IO_PENDING);
    tlgdata_u64(&d, c->lower_ns);
    etwsink__write(ETWSINK_CALL, &d);
}

/* The writer's texts; one thread at a time (see etwsink.h). */
static char etwsink__in_json[ETWSINK__JSON_MAX], etwsink__out_json[ETWSINK__JSON_MAX];

static void etwsink__json(char *out, const rec_call_t *c, bool is_out)
{
    if (rec_json_member(out, ETWSINK__JSON_MAX, c, is_out) < ETWSINK__JSON_MAX)
        return;
    rec_call_t clipped = *c;
    rec_buf_t *b = is_out ? &clipped.out : &clipped.in;
    if (b->len > ETWSINK__CLIP) {
        b->len = ETWSINK__CLIP;
        b->state = REC_BUF_CLIPPED;
    }
    if (rec_json_member(out, ETWSINK__JSON_MAX, &clipped, is_out) >= ETWSINK__JSON_MAX)
        strcpy(out, "null");
}

void etwsink_decoded(const rec_call_t *c, uint64_t seq)
{
    uint8_t buf[ETWSINK__SCALARS];
    tlgdata_chunk_t chunks[ETWSINK__CHUNKS];
    tlgdata_t d;
    etwsink__json(etwsink__in_json, c, false);
    etwsink__json(etwsink__out_json, c, true);
    tlgdata_init(&d, buf, sizeof buf, chunks, ETWSINK__CHUNKS);
    tlgdata_u64(&d, seq);
    tlgdata_u32(&d, c->tid);
    tlgdata_u32(&d, c->code);
    tlgdata_str(&d, etwsink__code_name(c));
    tlgdata_ref(&d, etwsink__in_json, strlen(etwsink__in_json) + 1);
    tlgdata_ref(&d, etwsink__out_json, strlen(etwsink__out_json) + 1);
    etwsink__write(ETWSINK_DECODED, &d);
}

static void etwsink__process_start(void)
{
    uint8_t buf[ETWSINK__SCALARS];
    tlgdata_chunk_t chunks[ETWSINK__CHUNKS];
    tlgdata_t d;
    tlgdata_init(&d, buf, sizeof buf, chunks, ETWSINK__CHUNKS);
    tlgdata_str(&d, etwsink__image);
    tlgdata_ref(&d, etwsink__path, (wcslen(etwsink__path) + 1) * sizeof(wchar_t));
    tlgdata_u32(&d, GetCurrentProcessId());
    tlgdata_u64(&d, etwsink__started_ft);
    tlgdata_u32(&d, (uint32_t)(8 * sizeof(void *)));
    tlgdata_str(&d, SIOT_VERSION);
    tlgdata_u32(&d, etwsink__traced);
    tlgdata_str(&d, etwsink__formats);
    tlgdata_ref(&d, etwsink__log_dir, (wcslen(etwsink__log_dir) + 1) * sizeof(wchar_t));
    tlgdata_u64(&d, etwsink__max_file_bytes);
    etwsink__write(ETWSINK_PROCESS, &d);
}

void etwsink_dropped(uint64_t trace, uint64_t audit, uint64_t total_trace, uint64_t total_audit)
{
    uint8_t buf[64];
    tlgdata_chunk_t chunks[2];
    tlgdata_t d;
    if (!(etwsink_enabled() & ETWSINK_ON(ETWSINK_DROPPED)))
        return;
    tlgdata_init(&d, buf, sizeof buf, chunks, 2);
    tlgdata_u64(&d, trace);
    tlgdata_u64(&d, audit);
    tlgdata_u64(&d, total_trace);
    tlgdata_u64(&d, total_audit);
    etwsink__write(ETWSINK_DROPPED, &d);
}

void etwsink_write_failed(const wchar_t *path, uint64_t lost, uint64_t total_lost)
{
    uint8_t buf[64];
    tlgdata_chunk_t chunks[4];
    tlgdata_t d;
    wchar_t clip[ETWSINK__WIDE_MAX];
    if (!(etwsink_enabled() & ETWSINK_ON(ETWSINK_WRITE_FAILED)))
        return;
    tlgdata_init(&d, buf, sizeof buf, chunks, 4);
    etwsink__wide(&d, path, clip, ETWSINK__WIDE_MAX);
    tlgdata_u64(&d, lost);
    tlgdata_u64(&d, total_lost);
    etwsink__write(ETWSINK_WRITE_FAILED, &d);
}

/* S-1-0-0, for an audit record whose user could not be read. */
static const uint8_t etwsink__null_sid[12] = {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

/* A long UTF-8 string (procinfo bounds them) referred to where it lies. */
static void etwsink__utf8(tlgdata_t *d, const char *s)
{
    if (!s)
        s = "";
    tlgdata_ref(d, s, strlen(s) + 1);
}

/* mode, mode_value, if_index, local_addr: "", 0 and -1 when the input had
 * none (or the code no interface). */
static void etwsink__audit_what(tlgdata_t *d, uint32_t code, const capture_request_t *r,
                                const uint8_t *local, size_t local_len)
{
    char number[12];
    const char *mode = "";
    if (r->has_mode) {
        mode = xlat_name(&xlat_rcvall_value, r->mode);
        if (!mode) {
            snprintf(number, sizeof number, "%u", (unsigned)r->mode);
            mode = number;
        }
    }
    tlgdata_str(d, mode);
    tlgdata_u32(d, r->has_mode ? r->mode : 0);
    tlgdata_u64(d, capture_per_interface(code) && r->has_ifindex ? r->ifindex : UINT64_MAX);
    tlgdata_binary(d, local, local ? local_len : 0);
}

static void etwsink__audit_who(tlgdata_t *d, const auditrec_proc_t *p, const void *user_sid)
{
    const uint8_t *sid = user_sid ? user_sid : etwsink__null_sid;
    etwsink__utf8(d, p->path);
    etwsink__utf8(d, p->command_line);
    tlgdata_u64(d, (uint64_t)(p->parent_pid < 0 ? -1 : p->parent_pid));
    tlgdata_ref(d, sid, 8 + 4u * sid[1]);
    etwsink__utf8(d, p->user);
    tlgdata_u32(d, (uint32_t)(p->session_id < 0 ? -1 : p->session_id));
    const char *integrity = p->integrity < 0 ? NULL : auditrec_integrity_name(p->integrity);
    tlgdata_str(d, integrity);
    tlgdata_u32(d, (uint32_t)(p->integrity < 0 ? -1 : p->integrity));
    tlgdata_u32(d, (uint32_t)(p->elevated < 0 ? -1 : p->elevated != 0));
}

void etwsink_audit(const etwsink_audit_t *a)
{
    uint8_t buf[ETWSINK__SCALARS];
    tlgdata_chunk_t chunks[ETWSINK__CHUNKS];
    tlgdata_t d;
    const rec_call_t *c = a->call;
    if (!(etwsink_enabled() & ETWSINK_ON(ETWSINK_AUDIT)))
        return;
    capture_request_t r = capture_request(c->code, c->in.data, c->in.len);
    tlgdata_init(&d, buf, sizeof buf, chunks, ETWSINK__CHUNKS);
    tlgdata_u64(&d, a->seq);
    tlgdata_u64(&d, etwsink__filetime(c->time_us));
    tlgdata_u32(&d, c->pid);
    tlgdata_u64(&d, etwsink__filetime(c->instance_us));
    tlgdata_u32(&d, c->tid);
    tlgdata_str(&d, a->proc->image);
    tlgdata_ptr(&d, c->socket);
    tlgdata_u32(&d, (uint32_t)c->af);
    tlgdata_u32(&d, (uint32_t)c->type);
    tlgdata_u32(&d, (uint32_t)c->protocol);
    tlgdata_str(&d, etwsink__code_name(c));
    tlgdata_u32(&d, c->code);
    tlgdata_str(&d, auditrec_outcome_name(auditrec_outcome(c)));
    etwsink__audit_what(&d, c->code, &r, a->cap->local, a->cap->local_len);
    etwsink__buffer(&d, &c->in);
    tlgdata_u32(&d, (uint32_t)c->ret);
    tlgdata_u32(&d, c->ret != 0 ? (uint32_t)c->error : 0);
    tlgdata_str(&d, etwsink__error_name(c));
    tlgdata_u32(&d, c->ret != 0 && c->error == REC_IO_PENDING);
    tlgdata_str(&d, auditrec_session_name(a->cap->session));
    tlgdata_u64(&d, a->cap->session == AUDITREC_NONE ? 0 : etwsink__filetime(a->cap->since_us));
    etwsink__audit_who(&d, a->proc, a->user_sid);
    etwsink__write(ETWSINK_AUDIT, &d);
}

void etwsink_audit_end(const etwsink_audit_end_t *a)
{
    uint8_t buf[ETWSINK__SCALARS];
    tlgdata_chunk_t chunks[ETWSINK__CHUNKS];
    tlgdata_t d;
    const auditrec_end_t *e = a->end;
    if (!(etwsink_enabled() & ETWSINK_ON(ETWSINK_AUDIT_END)))
        return;
    rec_call_t c = {.code = e->code, .type = e->type, .protocol = e->protocol};
    tlgdata_init(&d, buf, sizeof buf, chunks, ETWSINK__CHUNKS);
    tlgdata_u64(&d, etwsink__filetime(e->time_us));
    tlgdata_u32(&d, e->pid);
    tlgdata_u64(&d, etwsink__filetime(e->instance_us));
    tlgdata_str(&d, a->proc->image);
    tlgdata_ptr(&d, e->socket);
    tlgdata_u32(&d, (uint32_t)e->af);
    tlgdata_u32(&d, (uint32_t)e->type);
    tlgdata_u32(&d, (uint32_t)e->protocol);
    tlgdata_str(&d, etwsink__code_name(&c));
    tlgdata_u32(&d, e->code);
    etwsink__audit_what(&d, e->code, &e->request, e->local, e->local_len);
    tlgdata_u64(&d, etwsink__filetime(e->since_us));
    tlgdata_u64(&d, e->time_us >= e->since_us ? e->time_us - e->since_us : 0);
    tlgdata_str(&d, e->how);
    etwsink__audit_who(&d, a->proc, a->user_sid);
    etwsink__write(ETWSINK_AUDIT_END, &d);
}

static void NTAPI etwsink__enable(LPCGUID source, ULONG control, UCHAR level, ULONGLONG any,
                                  ULONGLONG all, PEVENT_FILTER_DESCRIPTOR filter, PVOID ctx)
{
    (void)source;
    (void)filter;
    (void)ctx;
    switch (control) {
    case 0: /* EVENT_CONTROL_CODE_DISABLE_PROVIDER */
        atomic_store(&etwsink__mask, 0);
        return;
    case 1: /* EVENT_CONTROL_CODE_ENABLE_PROVIDER */
        atomic_store(&etwsink__mask, etwsink__mask_for(level, any, all));
        break;
    case 2: /* EVENT_CONTROL_CODE_CAPTURE_STATE */
        break;
    default:
        return;
    }
    /* A session that starts after the process did, or asks for the state,
     * still learns what the process is. */
    if (etwsink_enabled() & ETWSINK_ON(ETWSINK_PROCESS))
        etwsink__process_start();
}

static void etwsink__remember(const etwsink_process_t *p)
{
    FILETIME created, exited, kernel, user;
    lstrcpynA(etwsink__image, p->image ? p->image : "", sizeof etwsink__image);
    lstrcpynA(etwsink__formats, p->formats ? p->formats : "", sizeof etwsink__formats);
    lstrcpynW(etwsink__log_dir, p->log_dir ? p->log_dir : L"",
              sizeof etwsink__log_dir / sizeof etwsink__log_dir[0]);
    etwsink__traced = p->traced;
    etwsink__max_file_bytes = p->max_file_bytes;
    DWORD n = GetModuleFileNameW(NULL, etwsink__path, ETWSINK__WIDE_MAX);
    if (n == 0 || n >= ETWSINK__WIDE_MAX)
        etwsink__path[0] = L'\0';
    etwsink__started_ft = 0;
    if (GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user))
        etwsink__started_ft = (uint64_t)created.dwHighDateTime << 32 | created.dwLowDateTime;
}

void etwsink_register(const etwsink_process_t *p)
{
    AcquireSRWLockExclusive(&etwsink__lock);
    bool fresh = !atomic_load(&etwsink__handle);
    if (fresh) {
        if (!etwsink__built)
            etwsink__built = etwsink__build();
        etwsink__remember(p);
        REGHANDLE h = 0;
        if (etwsink__built && EventRegister(&etwsink__guid, etwsink__enable, NULL, &h) == 0) {
            /* Without traits the metadata descriptors would be read as
             * payload; ETW gives no way to tell, so the result is ignored,
             * as TraceLoggingProvider.h does. */
            EventSetInformation(h, ETWSINK__SET_TRAITS, etwsink__traits,
                                (ULONG)etwsink__traits_len);
            atomic_store(&etwsink__handle, h);
        }
    }
    ReleaseSRWLockExclusive(&etwsink__lock);
    if (fresh && atomic_load(&etwsink__handle)) {
        atomic_store(&etwsink__ready, 1);
        if (etwsink_enabled() & ETWSINK_ON(ETWSINK_PROCESS))
            etwsink__process_start();
    }
}

void etwsink_unregister(void)
{
    AcquireSRWLockExclusive(&etwsink__lock);
    REGHANDLE h = atomic_exchange(&etwsink__handle, 0);
    atomic_store(&etwsink__ready, 0);
    if (h)
        EventUnregister(h);
    /* No callback runs once EventUnregister has returned. */
    atomic_store(&etwsink__mask, 0);
    ReleaseSRWLockExclusive(&etwsink__lock);
}

void etwsink_exit(void)
{
    atomic_store(&etwsink__ready, 0);
    atomic_store(&etwsink__mask, 0);
}

uint32_t etwsink_enabled(void)
{
    return atomic_load_explicit(&etwsink__mask, memory_order_relaxed);
}

uint64_t etwsink_next_seq(void)
{
    return atomic_fetch_add_explicit(&etwsink__seq, 1, memory_order_relaxed) + 1;
}
