/* hostetw: the test host's ETW. Wine's EventRegister/EventWriteTransfer are
 * stubs and no trace session can be consumed there, so a provider DLL's
 * imports of EventRegister, EventSetInformation, EventWriteTransfer and
 * EventUnregister are pointed here (hostprov patches them as it patches the
 * catalog calls), and this module plays ETW with one listening session:
 *
 * - a session enabled before a provider registers has its enable callback
 *   called inside EventRegister, on the registering thread, as Windows does;
 *   one started or stopped later has it called on a thread of its own;
 * - EventSetInformation(EventProviderSetTraits) is taken once per
 *   registration; only after it (or EventProviderUseDescriptorType) are the
 *   data descriptors' types honoured, else every byte is payload;
 * - an event is recorded only when the session's level and keywords take
 *   it; any other write (no session, level or keyword not enabled) is
 *   counted as unwanted, a write on a handle that is not registered as
 *   invalid, one over 64 KiB as too big (ERROR_ARITHMETIC_OVERFLOW);
 * - each recorded event is kept as an etwrec record (tests/etw/etwrec.h):
 *   the thread that wrote it, its descriptor, traits, metadata and payload.
 *
 * The environment can start a session for a whole run:
 *   SIOT_ETW_SESSION=LEVEL,MATCHANY[,MATCHALL]   e.g. 5,0xffffffffffff
 *   SIOT_ETW_FILE=PATH   the recorded events are appended there too. */
#ifndef SIOT_HOSTETW_H
#define SIOT_HOSTETW_H

#include <windows.h>
#include <evntprov.h>

#include <stddef.h>
#include <stdint.h>

/* Points a module's imports of the Event* functions here: a provider DLL's
 * (hostprov does it), or a test program's own (exported for that). */
void hostetw_patch(HMODULE module);

typedef struct hostetw_stats {
    LONG registered; /* registrations now */
    LONG registrations, unregistrations;
    LONG traits_set, traits_refused;
    LONG recorded; /* events the session took */
    LONG unwanted; /* writes the session did not ask for */
    LONG invalid;  /* writes on a handle not registered, or malformed */
    LONG too_big;
} hostetw_stats_t;

/* For the tests (exported by siotws2.dll). Starting or stopping the
 * session notifies every registered provider before returning. */
void hostetw_session_start(UCHAR level, ULONGLONG any, ULONGLONG all);
void hostetw_session_stop(void);
void hostetw_stats(hostetw_stats_t *out);
/* Copies the recorded events (etwrec records back to back) into buf;
 * returns the bytes they take (copied only when cap is enough). */
size_t hostetw_events(uint8_t *buf, size_t cap);
void hostetw_clear(void);

#endif
