/* Text for people: UTF-8 from the wide strings of the catalog, and the one
 * way lspctl reports an error. */
#ifndef SIOT_OUT_H
#define SIOT_OUT_H

#include <windows.h>
#include <stdio.h>

/* Converts s to UTF-8 in buf (always terminated; cut short if it must). */
char *out_utf8(const WCHAR *s, char *buf, size_t n);

/* Converts UTF-8 to a wide string in buf; -1 when it does not fit or is not UTF-8. */
int out_wide(const char *s, WCHAR *buf, size_t n);

/* "lspctl: " + message on stderr, with a newline. */
void out_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Same, for a Win32 error code: "lspctl: <what>: <system message> (code)". */
void out_win32_error(DWORD code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
