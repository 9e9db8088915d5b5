/* siotrace's configuration: the values siotrace.dll reads from
 * HKLM\SOFTWARE\siotrace (the 64-bit registry view, which both the 64-bit and
 * the 32-bit DLL read), written and checked here with the rules the DLL
 * reads them by (lsp/settings: settings.def lists them), so that a value
 * lspctl writes is never one the DLL ignores, and one it would ignore is
 * shown as such. */
#ifndef SIOT_INSTALLER_CONFIG_H
#define SIOT_INSTALLER_CONFIG_H

#include <windows.h>

#include "settings.h"

#define CONFIG_KEY L"SOFTWARE\\siotrace"

/* Turns the words a person typed into the registry value to store; a list
 * (Include, Exclude) takes one name a word, or commas between names. 0, or -1
 * with what was expected in why. */
int config_parse(settings_id_t id, int argc, char *const argv[], settings_raw_t *v, char *why,
                 size_t n);

/* Checks a value read from the registry as siotrace does: 0 when it uses it,
 * -1 with what was expected in why when it ignores it for the default. */
int config_validate(settings_id_t id, const settings_raw_t *v, char *why, size_t n);

/* 0 read, 1 absent, -1 error (a Win32 code in *err). */
int config_read(settings_id_t id, settings_raw_t *v, LONG *err);
/* 0, or -1 with a Win32 code in *err. */
int config_write(settings_id_t id, const settings_raw_t *v, LONG *err);
/* Removes the value (siotrace then uses the default); absent is success. */
int config_delete(settings_id_t id, LONG *err);

/* The value as a person reads it: 1, C:\logs, json,text, a.exe,b.exe, 65536. */
void config_format(const settings_raw_t *v, char *buf, size_t n);

/* What the setting is, as status and `config get` say it: "1 (default)",
 * "65536", "7: IGNORED by siotrace (expected 1 (trace) or 0 (do not)); it
 * uses 1", "cannot be read (error 5)". */
void config_describe(settings_id_t id, char *buf, size_t n);

/* The log directory siotrace uses: LogDirectory expanded, or the default.
 * 0, or -1 with why (an unreadable value, or one siotrace ignores). */
int config_log_directory(WCHAR *out, size_t n, char *why, size_t wn);

#endif
