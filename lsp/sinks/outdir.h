/* outdir: the log directory as siotrace.dll writes into it. The DLL never
 * creates it (lspctl does, with its access control): it writes only into a
 * directory that exists, is not a reparse point (a junction or symbolic
 * link could lead anywhere) and is owned by SYSTEM, Administrators or a
 * member of Administrators, checked once through a handle to it. Files are
 * created relative to that handle and only when their name is new, so that
 * neither the directory nor a file in it can be swapped for another's. */
#ifndef SIOT_OUTDIR_H
#define SIOT_OUTDIR_H

#include <windows.h>

#include <stdbool.h>

typedef enum outdir_status {
    OUTDIR_OK,
    OUTDIR_MISSING, /* no such directory */
    OUTDIR_REPARSE, /* a reparse point, or not a directory */
    OUTDIR_OWNER,   /* owned by an account that is not an administrator */
    OUTDIR_ERROR    /* could not be opened or examined */
} outdir_status_t;

/* Opens and checks the directory; *dir is set only with OUTDIR_OK. */
outdir_status_t outdir_open(const wchar_t *path, bool at_exit, HANDLE *dir);
/* What a status means, for the Event Log: "does not exist", ... */
const char *outdir_status_text(outdir_status_t s);

typedef enum outdir_create_status {
    OUTDIR_CREATED,
    OUTDIR_EXISTS, /* the name is taken: try another */
    OUTDIR_FAILED
} outdir_create_status_t;

/* Creates the file `name` in dir for appending; never opens one that exists. */
outdir_create_status_t outdir_create(HANDLE dir, const wchar_t *name, HANDLE *file);
/* Whether `name` exists in dir (a file of another account that cannot be
 * opened counts: only "no such name" is free). */
bool outdir_taken(HANDLE dir, const wchar_t *name);

#endif
