/* siotrace's configuration: the values siotrace.dll reads from
 * HKLM\SOFTWARE\siotrace (the 64-bit registry view, which both the 64-bit and
 * the 32-bit DLL read), checked here with the same rules the DLL applies so
 * that a value lspctl writes is never one the DLL ignores.
 *
 *   Enabled       REG_DWORD     1 traces, 0 loads but traces nothing (default 1)
 *   LogDirectory  REG_SZ, or REG_EXPAND_SZ naming only %SystemRoot%, %windir%,
 *                 %SystemDrive%, %ProgramData%: a local absolute path
 *                 (default %ProgramData%\siotrace\logs)
 *   Formats       REG_SZ        "json" or "json,text" (default json)
 *   Include       REG_MULTI_SZ  image names ("curl.exe" or "curl"); when set,
 *                               only these programs are traced
 *   Exclude       REG_MULTI_SZ  image names never traced
 *   MaxFileBytes  REG_DWORD or REG_QWORD, at least 4096 (default 64 MiB) */
#ifndef SIOT_INSTALLER_CONFIG_H
#define SIOT_INSTALLER_CONFIG_H

#include <windows.h>

#define CONFIG_KEY      L"SOFTWARE\\siotrace"
#define CONFIG_DATA_MAX 8192 /* bytes of one value */

typedef enum config_kind_t {
    CONFIG_FLAG,
    CONFIG_DIR,
    CONFIG_FORMATS,
    CONFIG_NAMES,
    CONFIG_BYTES
} config_kind_t;

typedef struct config_key_t {
    const char *name;
    config_kind_t kind;
    const char *fallback; /* what siotrace uses when the value is absent */
} config_key_t;

typedef struct config_value_t {
    DWORD type;
    DWORD size;
    BYTE data[CONFIG_DATA_MAX];
} config_value_t;

#define CONFIG_KEY_COUNT 6
extern const config_key_t config_keys[CONFIG_KEY_COUNT];

/* The key named name (any case), or NULL. */
const config_key_t *config_find(const char *name);

/* Turns the words a person typed into the registry value to store; a list
 * (Include, Exclude) takes one name a word, or commas between names. 0, or -1
 * with why. */
int config_parse(const config_key_t *k, int argc, char *const argv[], config_value_t *v, char *why,
                 size_t n);

/* Checks a value read from the registry as siotrace would: 0 when it uses it,
 * -1 with why when it ignores it in favour of the default. */
int config_validate(const config_key_t *k, const config_value_t *v, char *why, size_t n);

/* 0 read, 1 absent, -1 error (a Win32 code in *err). */
int config_read(const config_key_t *k, config_value_t *v, LONG *err);
/* 0, or -1 with a Win32 code in *err. */
int config_write(const config_key_t *k, const config_value_t *v, LONG *err);
/* Removes the value (siotrace then uses the default); absent is success. */
int config_delete(const config_key_t *k, LONG *err);

/* The value as a person reads it: 1, C:\logs, json,text, a.exe,b.exe, 65536. */
void config_format(const config_value_t *v, char *buf, size_t n);

/* The log directory siotrace uses: LogDirectory expanded, or the default.
 * 0, or -1 with why (an unreadable or invalid value). */
int config_log_directory(WCHAR *out, size_t n, char *why, size_t wn);

/* Expands the variables LogDirectory may name, from the system (never the
 * environment, as siotrace.dll does); -1 for any other variable. */
int config_expand(const WCHAR *in, WCHAR *out, size_t n);

#endif
