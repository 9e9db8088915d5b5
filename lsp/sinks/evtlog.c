#include "evtlog.h"

#define EVTLOG__CHARS 8192 /* UTF-16 units for all strings of one entry */

static HANDLE evtlog__source;

bool evtlog_report(DWORD id, WORD type, PSID user, const char *const *strings, unsigned n)
{
    static wchar_t text[EVTLOG__CHARS];
    LPCWSTR wide[EVTLOG_STRINGS_MAX];
    size_t used = 0;
    if (n > EVTLOG_STRINGS_MAX)
        return false;
    if (!evtlog__source)
        evtlog__source = RegisterEventSourceW(NULL, EVTLOG_SOURCE);
    if (!evtlog__source)
        return false;
    for (unsigned i = 0; i < n; i++) {
        const char *s = strings[i] ? strings[i] : "";
        int room = (int)(EVTLOG__CHARS - used);
        int k = room > 1 ? MultiByteToWideChar(CP_UTF8, 0, s, -1, text + used, room) : 0;
        if (k <= 0) {
            /* Out of room (a long command line): what fits is enough. */
            wide[i] = L"";
            continue;
        }
        wide[i] = text + used;
        used += (size_t)k;
    }
    return ReportEventW(evtlog__source, type, 0, id, user, (WORD)n, 0, wide, NULL) != 0;
}

void evtlog_close(void)
{
    if (evtlog__source)
        DeregisterEventSource(evtlog__source);
    evtlog__source = NULL;
}
