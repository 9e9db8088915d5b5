/* The directory siotrace writes its logs into, and its access control.
 *
 * Every process that loads siotrace (services, AppContainers and low
 * integrity processes included) must be able to create its own log file and
 * append to it; no one but Administrators (and SYSTEM) may list the
 * directory, read a log or delete one. Directory and files get:
 *
 *   owner Administrators, DACL protected from inheritance:
 *   SYSTEM, Administrators      full control, directory and files
 *   Everyone, ALL APPLICATION PACKAGES, ALL RESTRICTED APPLICATION PACKAGES:
 *                               create files, traverse (directory only)
 *   CREATOR OWNER, OWNER RIGHTS append data, read attributes (files only);
 *                               OWNER RIGHTS takes away an owner's implicit
 *                               right to read or rewrite its file's DACL
 *   mandatory label Low, no-write-up: low integrity processes may create too
 *
 * A file's creator gets the access it asked for at creation: siotrace opens
 * its log once, when it creates it. */
#ifndef SIOT_LOGDIR_H
#define SIOT_LOGDIR_H

#include <windows.h>

/* The security descriptor above, in SDDL. */
extern const WCHAR logdir_sddl[];

/* Creates dir (and its missing parents, which get a DACL letting only
 * administrators write) and sets the security above. A directory that is
 * already there is refused when it is a reparse point (a junction could send
 * every process's log elsewhere), else secured. *created says whether dir was
 * made now. 0, or -1 with why. */
int logdir_create(const WCHAR *dir, int *created, char *why, size_t n);

/* What can be wrong with a log directory. */
typedef enum logdir_fault_t {
    LOGDIR_MISSING = 1 << 0, /* it does not exist */
    LOGDIR_NOT_DIR = 1 << 1, /* a file is in its place */
    LOGDIR_REPARSE = 1 << 2, /* a junction or link: never followed */
    LOGDIR_OWNER = 1 << 3,   /* owned by neither SYSTEM nor Administrators */
    LOGDIR_DACL = 1 << 4     /* a DACL other than logdir_sddl's */
} logdir_fault_t;

/* What is wrong with dir: the logdir_fault_t bits (0: nothing), why saying
 * what each is; or -1 when its security cannot be read (why). The security
 * of a reparse point is not read. */
int logdir_faults(const WCHAR *dir, char *why, size_t n);

/* The same of a security descriptor's owner and DACL: LOGDIR_OWNER and
 * LOGDIR_DACL, or -1 (why). */
int logdir_judge(PSECURITY_DESCRIPTOR sd, char *why, size_t n);

/* What install, config and repair do: logdir_create, then logdir_faults.
 * 0 when dir reads back right; 1 when its security was set but reads back
 * otherwise (why says so and how: Wine keeps no ACL); -1 when it could not
 * be created or secured (why). */
int logdir_secure(const WCHAR *dir, int *created, char *why, size_t n);

#endif
