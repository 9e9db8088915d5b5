#include <windows.h>

#include <stdio.h>

#include "evline.h"
#include "notice.h"
#include "proc.h"

/* The core renders these lines, so that lsplog prints them as this DLL does. */
static evline_t notice__line(evline_kind_t kind, const char *image, uint64_t us)
{
    evline_t e = {.kind = kind,
                  .time_us = us,
                  .pid = GetCurrentProcessId(),
                  .instance_us = proc_instance_us(),
                  .image = image};
    return e;
}

size_t notice_drops(char *buf, size_t n, bool json, const char *image, const notice_drops_t *d)
{
    evline_t e = notice__line(EVLINE_DROPPED, image, d->time_us);
    e.dropped = d->trace;
    e.dropped_audit = d->audit;
    e.total_dropped = d->total_trace;
    e.total_dropped_audit = d->total_audit;
    return json ? evline_json(buf, n, &e) : evline_text(buf, n, &e);
}

size_t notice_capped(char *buf, size_t n, bool json, const char *image, uint64_t time_us,
                     uint64_t max_file_bytes)
{
    evline_t e = notice__line(EVLINE_CAPPED, image, time_us);
    e.max_file_bytes = max_file_bytes;
    return json ? evline_json(buf, n, &e) : evline_text(buf, n, &e);
}

size_t notice_ignored(char *buf, size_t n, bool json, const char *image, uint64_t time_us,
                      settings_id_t id, settings_refusal_t why)
{
    const settings_row_t *row = &settings_rows[id];
    evline_t e = notice__line(EVLINE_IGNORED, image, time_us);
    snprintf(e.setting, sizeof e.setting, "%s", row->name);
    settings_expected(id, why, e.expected, sizeof e.expected);
    snprintf(e.uses, sizeof e.uses, "%s", row->shown);
    return json ? evline_json(buf, n, &e) : evline_text(buf, n, &e);
}
