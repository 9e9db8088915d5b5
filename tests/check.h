/* check: the one assertion of every test program (the unit tests, the SPI
 * test host's, the end-to-end and the installer's).
 *
 *   check(cond);                     check(cond, "got %d", v);
 *   checkf(cond, "got %d", v);       check_str(got, want);
 *   return check_done("test_name");
 *
 * A failed check prints where, the condition and the message, and ends the
 * program at once with status 1: what follows a check usually needs it to
 * hold (a handle, a connected socket, a buffer's length), and going on would
 * turn one clear message into a crash or a hang. */
#ifndef SIOT_CHECK_H
#define SIOT_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__MINGW32__)
#define CHECK__FORMAT __attribute__((format(gnu_printf, 4, 5), noreturn))
#else
#define CHECK__FORMAT __attribute__((format(printf, 4, 5), noreturn))
#endif

/* fmt starts with the one space the macros put before every message, so that
 * a check without one still passes the compiler's format checks. */
static inline void check__failed(const char *file, int line, const char *cond, const char *fmt,
                                 ...) CHECK__FORMAT;

static inline void check__failed(const char *file, int line, const char *cond, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s:%d: check failed: %s", file, line, cond);
    if (fmt[1]) {
        fputc(':', stderr);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
    }
    fputc('\n', stderr);
    exit(1);
}

#define check(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond))                                                                               \
            check__failed(__FILE__, __LINE__, #cond, " " __VA_ARGS__);                             \
    } while (0)

#define checkf(cond, ...) check(cond, __VA_ARGS__)

#define check_str(got, want)                                                                       \
    check(strcmp((got), (want)) == 0, "\n  got:  %s\n  want: %s", (got), (want))

/* The last line of a program whose checks all held; its exit status. */
static inline int check_done(const char *name)
{
    printf("%s: all checks passed\n", name);
    return 0;
}

#endif
