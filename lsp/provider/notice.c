#include <windows.h>

#include <stdio.h>

#include "emit.h"
#include "notice.h"

/* Days since 1970-01-01 to a civil (proleptic Gregorian) date. */
static void notice__civil(int64_t days, int *y, unsigned *m, unsigned *d)
{
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    unsigned doe = (unsigned)(days - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yoe + era * 400) + (*m <= 2);
}

static void notice__time(char out[32], uint64_t us)
{
    uint64_t s = us / 1000000;
    unsigned sod = (unsigned)(s % 86400), mo, d;
    int y;
    notice__civil((int64_t)(s / 86400), &y, &mo, &d);
    snprintf(out, 32, "%04d-%02u-%02uT%02u:%02u:%02u.%06uZ", y, mo, d, sod / 3600,
             sod / 60 % 60, sod % 60, (unsigned)(us % 1000000));
}

/* The head every line shares, in the form call records use. */
static void notice__head(emit_t *e, const char *image, uint64_t us, const char *event)
{
    char time[32];
    notice__time(time, us);
    if (emit_json(e)) {
        emit_open(e, NULL, '{');
        emit_str(e, "time", time);
        emit_uint(e, "pid", GetCurrentProcessId());
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
