/* notice: the log lines siotrace writes about itself rather than about a
 * call: records dropped, a file that reached its size cap, a setting
 * ignored. Same time, pid and image fields as a call record, plus "event". */
#ifndef SIOT_NOTICE_H
#define SIOT_NOTICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "settings.h"

typedef struct notice_drops {
    uint64_t time_us;
    uint64_t trace, audit;             /* dropped since the last notice */
    uint64_t total_trace, total_audit; /* dropped since the process began tracing */
} notice_drops_t;

/* Like snprintf: return the length the line needs; no newline. */
size_t notice_drops(char *buf, size_t n, bool json, const char *image, const notice_drops_t *d);
size_t notice_capped(char *buf, size_t n, bool json, const char *image, uint64_t time_us,
                     uint64_t max_file_bytes);
/* A value of setting id that siotrace ignores, why, and the default it uses. */
size_t notice_ignored(char *buf, size_t n, bool json, const char *image, uint64_t time_us,
                      settings_id_t id, settings_refusal_t why);

#endif
