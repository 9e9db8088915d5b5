/* Text for people: UTF-8 from the wide strings of the catalog, names of
 * codes, GUIDs and categories (the core's tables), and the one way lspctl
 * reports an error. */
#ifndef SIOT_OUT_H
#define SIOT_OUT_H

#include <windows.h>
#include <stdio.h>

#include "xlat.h"

/* Converts s to UTF-8 in buf (always terminated; cut short if it must). */
char *out_utf8(const WCHAR *s, char *buf, size_t n);

/* Converts UTF-8 to a wide string in buf; -1 when it does not fit or is not UTF-8. */
int out_wide(const char *s, WCHAR *buf, size_t n);

/* "WSANO_RECOVERY (11003)" for a Win32 or Winsock error, "error 1234" for
 * one without a name. */
size_t out_code(int code, char *buf, size_t n);

/* The registry form, {17084EE7-78C8-47CC-AAD0-0B188B764700}; returns buf. */
char *out_guid(const GUID *id, char buf[XLAT_GUID_LEN]);

/* "LSP_INSPECTOR|LSP_FIREWALL", "none"; returns buf. */
char *out_categories(DWORD categories, char *buf, size_t n);

/* An emit sink writing to the FILE * ctx. */
void out_stream(void *ctx, const char *s, size_t n);

/* Writes the sentence into why and returns rc, for the functions that
 * return a result and say why in a buffer of their caller's:
 * `return out_why(why, n, -1, "no such file");`. */
int out_why(char *why, size_t n, int rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Formats a path (or any wide text) into buf: 0, or -1 when it does not fit. */
int out_wpath(WCHAR *buf, size_t n, const WCHAR *fmt, ...);

/* "lspctl: " + message on stderr, with a newline. */
void out_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Same, for a Win32 error code: "lspctl: <what>: <system message> [<name>]". */
void out_win32_error(DWORD code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
