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

/* Whether dir exists with exactly that security: 1 yes, 0 no (why says what
 * differs), -1 when it cannot be read. */
int logdir_check(const WCHAR *dir, char *why, size_t n);

#endif
