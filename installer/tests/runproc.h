/* Runs a program as a person would from a console, and keeps what it said. */
#ifndef SIOT_RUNPROC_H
#define SIOT_RUNPROC_H

#include <windows.h>

#define RUNPROC_OUT_MAX (256 * 1024)

typedef struct runproc_t {
    DWORD exit_code;
    char out[RUNPROC_OUT_MAX]; /* stdout, NUL-terminated */
    char err[RUNPROC_OUT_MAX]; /* stderr */
} runproc_t;

/* Runs the command line (UTF-8) with the variables of env ("NAME=value"
 * strings, NULL-terminated; NULL for none) added to this process's. Returns 0
 * when it ran to its end, -1 when it could not be started or timed out. */
int runproc(const char *cmdline, const char *const *env, runproc_t *r);

/* The same, with this process's token restricted so that its Administrators
 * group is for deny only, as a non-elevated administrator's is. */
int runproc_unelevated(const char *cmdline, const char *const *env, runproc_t *r);

/* printf-style command line, then runproc. */
int runprocf(runproc_t *r, const char *const *env, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Whether the output or the error output holds s. */
int runproc_said(const runproc_t *r, const char *s);

#endif
