/* procinfo: who this process is, as audit records say it: full image path,
 * command line, parent, and the user of its token (SID, name, session,
 * integrity level, elevation). Gathered once, on the writer's side, never on
 * an application's thread. At process exit (the loader lock held, the heap
 * perhaps locked by a thread that is gone) only what needs no allocation
 * and no library is read: the user's name is then left out. */
#ifndef SIOT_PROCINFO_H
#define SIOT_PROCINFO_H

#include <windows.h>

#include <stdbool.h>

#include "auditrec.h"

/* The process as known so far, gathering it on the first call. */
const auditrec_proc_t *procinfo_get(bool at_exit);
/* The token user's SID (for the Event Log), or NULL when unknown. */
PSID procinfo_user_sid(void);

#endif
