/* etwsink: siotrace as the TraceLogging provider "siotrace", GUID
 * {6657e705-6f30-52f8-21cf-5202b43971a8} (derived from the name, so wpr,
 * tracelog and PerfView take it as "*siotrace"). Registered once per
 * process when Winsock starts and unregistered at the last clean-up or on
 * unload.
 *
 * Events, each with its own keyword and level, so that a session takes
 * exactly what it asks for (level: 2 error, 3 warning, 4 information,
 * 5 verbose):
 *   Call         0x01 CALL     5  every WSPIoctl, written on the calling
 *                                 thread (a stack walk shows the caller),
 *                                 every scalar of the JSON record, typed,
 *                                 and the raw captured bytes
 *   Decoded      0x02 DECODED  5  the same call's decoded in and out (the
 *                                 JSON record's members), from the writer,
 *                                 joined to Call by `seq`; only for calls
 *                                 made while a session wanted Call or Decoded
 *   Audit        0x04 AUDIT    4  a capture call's audit line, from the
 *                                 writer, beside the audit file's line
 *   AuditEnd     0x04 AUDIT    4  the end of a capture session, likewise
 *   ProcessStart 0x08 PROCESS  4  image, path, configuration in force; also
 *                                 written when a session enables siotrace
 *                                 later, or asks for the state
 *   Dropped      0x10 HEALTH   3  records lost to overload since the last one
 *   WriteFailed  0x10 HEALTH   2  lines the file sink could not write
 * The enable callback keeps one flag word, a bit per event; with no session
 * a caller pays one load of it (etwsink_enabled). Nothing is written unless
 * that bit is set. */
#ifndef SIOT_ETWSINK_H
#define SIOT_ETWSINK_H

#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

#include "auditrec.h"
#include "rec.h"

#define ETWSINK_PROVIDER "siotrace"

#define ETWSINK_KW_CALL    0x01ull
#define ETWSINK_KW_DECODED 0x02ull
#define ETWSINK_KW_AUDIT   0x04ull
#define ETWSINK_KW_PROCESS 0x08ull
#define ETWSINK_KW_HEALTH  0x10ull

typedef enum etwsink_event {
    ETWSINK_CALL,
    ETWSINK_DECODED,
    ETWSINK_AUDIT,
    ETWSINK_AUDIT_END,
    ETWSINK_PROCESS,
    ETWSINK_DROPPED,
    ETWSINK_WRITE_FAILED,
    ETWSINK_EVENTS
} etwsink_event_t;

#define ETWSINK_ON(ev) (1u << (ev))

/* What ProcessStart says about the process and its configuration. */
typedef struct etwsink_process {
    const char *image;   /* UTF-8 file name */
    bool traced;         /* Enabled, and Include/Exclude let this image through */
    const char *formats; /* "json", "text", "json,text" */
    const wchar_t *log_dir;
    uint64_t max_file_bytes;
} etwsink_process_t;

/* Registers the provider (once: a second call does nothing until
 * etwsink_unregister) and sets its traits; keeps a copy of *p for the
 * ProcessStart events. Failure leaves the provider silent, nothing more. */
void etwsink_register(const etwsink_process_t *p);
/* Unregisters; waits for no one: events being written finish first. Not at
 * process exit (a thread ended there may hold the sink's lock). */
void etwsink_unregister(void);

/* At process exit, before the exit flush: nothing more is written. Other
 * threads were ended anywhere, inside ETW's own code too, and the loader
 * lock is held; records written by the exit flush get no Decoded event. */
void etwsink_exit(void);

/* The events some session wants: ETWSINK_ON(ev) bits. One relaxed load. */
uint32_t etwsink_enabled(void);
/* A number for the next call, shared by its Call and Decoded events. */
uint64_t etwsink_next_seq(void);

/* Call and Decoded are written unconditionally: their callers test
 * etwsink_enabled once and use the same answer for the sequence number.
 * Call: on the calling thread, after the lower provider returned. */
void etwsink_call(const rec_call_t *c, uint64_t seq);
/* Decoded: by the one thread that writes the logs (not reentrant). */
void etwsink_decoded(const rec_call_t *c, uint64_t seq);
void etwsink_dropped(uint64_t trace, uint64_t audit, uint64_t total_trace, uint64_t total_audit);
/* lost: lines of any kind the file sink could not write in one flush;
 * total_lost: call records that have reached no file so far. */
void etwsink_write_failed(const wchar_t *path, uint64_t lost, uint64_t total_lost);

/* Audit and AuditEnd: one capture-audit line each (auditrec_call,
 * auditrec_end), every fact of it, from the thread that writes the line;
 * encoded only when a session wants them. The strings of proc are UTF-8;
 * user_sid: the token user's SID (procinfo_user_sid), or NULL. */
typedef struct etwsink_audit {
    uint64_t seq; /* the call's Call/Decoded number, 0 if none */
    const rec_call_t *call;
    const auditrec_capture_t *cap;
    const auditrec_proc_t *proc;
    const void *user_sid;
} etwsink_audit_t;

typedef struct etwsink_audit_end {
    const auditrec_end_t *end;
    const auditrec_proc_t *proc;
    const void *user_sid;
} etwsink_audit_end_t;

void etwsink_audit(const etwsink_audit_t *a);
void etwsink_audit_end(const etwsink_audit_end_t *a);

#endif
