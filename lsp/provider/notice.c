#include <windows.h>

#include <stdio.h>

#include "emit.h"
#include "notice.h"
#include "proc.h"
#include "rec.h"

/* The head every line shares, in the form call records use. */
static void notice__head(emit_t *e, const char *image, uint64_t us, const char *event)
{
    char time[REC_TIME_LEN];
    rec_time(time, us);
    if (emit_json(e)) {
        emit_open(e, NULL, '{');
        rec_json_head(e, us, GetCurrentProcessId(), proc_instance_us());
        emit_str(e, "image", image);
        emit_str(e, "event", event);
    } else {
        emit_rawf(e, "%s %s[%lu] siotrace: ", time, image, GetCurrentProcessId());
    }
}

size_t notice_drops(char *buf, size_t n, bool json, const char *image, const notice_drops_t *d)
{
    emit_t e;
    emit_init(&e, buf, n, json ? EMIT_JSON : EMIT_TEXT);
    notice__head(&e, image, d->time_us, "dropped");
    if (json) {
        emit_uint(&e, "dropped", d->trace);
        emit_uint(&e, "dropped_audit", d->audit);
        emit_uint(&e, "total_dropped", d->total_trace);
        emit_uint(&e, "total_dropped_audit", d->total_audit);
        emit_close(&e);
    } else {
        emit_rawf(&e, "%llu records dropped (%llu audit); %llu (%llu audit) in all",
                  (unsigned long long)d->trace, (unsigned long long)d->audit,
                  (unsigned long long)d->total_trace, (unsigned long long)d->total_audit);
    }
    return e.len;
}

size_t notice_capped(char *buf, size_t n, bool json, const char *image, uint64_t time_us,
                     uint64_t max_file_bytes)
{
    emit_t e;
    emit_init(&e, buf, n, json ? EMIT_JSON : EMIT_TEXT);
    notice__head(&e, image, time_us, "capped");
    if (json) {
        emit_uint(&e, "max_file_bytes", max_file_bytes);
        emit_close(&e);
    } else {
        emit_rawf(&e, "log reached MaxFileBytes (%llu): later records are not written",
                  (unsigned long long)max_file_bytes);
    }
    return e.len;
}

size_t notice_ignored(char *buf, size_t n, bool json, const char *image, uint64_t time_us,
                      settings_id_t id, settings_refusal_t why)
{
    const settings_row_t *row = &settings_rows[id];
    char expected[256];
    settings_expected(id, why, expected, sizeof expected);
    emit_t e;
    emit_init(&e, buf, n, json ? EMIT_JSON : EMIT_TEXT);
    notice__head(&e, image, time_us, "ignored");
    if (json) {
        emit_str(&e, "setting", row->name);
        emit_str(&e, "expected", expected);
        emit_str(&e, "uses", row->shown);
        emit_close(&e);
    } else {
        emit_rawf(&e, "setting %s ignored (expected %s); using %s", row->name, expected,
                  row->shown);
    }
    return e.len;
}
