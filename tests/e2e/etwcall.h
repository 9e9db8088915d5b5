/* etwcall: reading siotrace's ETW events as etwdec decodes them (JSON,
 * read with jdoc), and rebuilding the call record a Call event stands for
 * from its fields alone, so that rec_json can render it and a test compare
 * the result with the JSON line siotrace wrote; likewise the audit line an
 * Audit or AuditEnd event stands for, for auditrec. Every reader exits with a
 * message when the field is absent or malformed. */
#ifndef SIOT_ETWCALL_H
#define SIOT_ETWCALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auditrec.h"
#include "jdoc.h"
#include "rec.h"

long long etwcall_num(const jdoc_t *d, const char *path);
bool etwcall_bool(const jdoc_t *d, const char *path);
/* A string member, NUL-terminated, escapes undone (\" \\ \u00XX). */
void etwcall_str(const jdoc_t *d, const char *path, char *out, size_t cap);
/* A "0x..." string member. */
uint64_t etwcall_hex(const jdoc_t *d, const char *path);
/* The raw text of a member of a JSON line (an object's whole span). */
void etwcall_member(const jdoc_t *line, const char *key, char *out, size_t cap);

/* The call record rebuilt from a Call event's decoded fields alone. */
typedef struct etwcall {
    rec_call_t c;
    char image[260];
    uint8_t in[8192], out[8192];
} etwcall_t;

void etwcall_rebuild(const jdoc_t *d, etwcall_t *r);

/* The audit line rebuilt from an Audit event (c, cap, p) or an AuditEnd
 * event (end, p). Its local address is read back from the decoder's text:
 * IPv4 only. */
typedef struct etwcall_audit {
    rec_call_t c;
    auditrec_capture_t cap;
    auditrec_end_t end;
    auditrec_proc_t p;
    char image[260], path[4096], cmd[8192], sid[192], user[1536], ended[32];
    uint8_t in[8192], local[16];
} etwcall_audit_t;

void etwcall_rebuild_audit(const jdoc_t *d, etwcall_audit_t *r);
void etwcall_rebuild_audit_end(const jdoc_t *d, etwcall_audit_t *r);

#endif
