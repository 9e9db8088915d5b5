/* auditevt: the audit's Event Log entries, each with the process's user
 * SID: capture turned on (a warning), refused and ended (information), and
 * "siotrace could not write its logs" (an error). Reported by the writer
 * thread, never at process exit: a session the process's end stops gets its
 * audit_end in the file and no entry. */
#ifndef SIOT_AUDITEVT_H
#define SIOT_AUDITEVT_H

#include "auditrec.h"

void auditevt_call(const rec_call_t *c, const auditrec_capture_t *cap, const auditrec_proc_t *p);
void auditevt_end(const auditrec_end_t *e, const auditrec_proc_t *p);
/* what: the directory or file; why: what is wrong with it. */
void auditevt_unwritable(const auditrec_proc_t *p, const char *what, const char *why);

#endif
