/* settings: the rules of every value of HKLM\SOFTWARE\siotrace (settings.def),
 * written once for siotrace.dll, which reads them, and lspctl, which writes
 * and checks them. It decides on values it is given: reading the registry
 * and finding the system's folders (settings_sys.h) stay with the programs.
 * Registry strings are UTF-16, as the registry holds them, on every build. */
#ifndef SIOT_SETTINGS_H
#define SIOT_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint16_t settings_char_t;

/* The registry's own type numbers (winnt.h's REG_*). */
enum {
    SETTINGS_REG_SZ = 1,
    SETTINGS_REG_EXPAND_SZ = 2,
    SETTINGS_REG_DWORD = 4,
    SETTINGS_REG_MULTI_SZ = 7,
    SETTINGS_REG_QWORD = 11
};
#define SETTINGS_T_NUMBER ((1u << SETTINGS_REG_DWORD) | (1u << SETTINGS_REG_QWORD))
#define SETTINGS_T_STRING ((1u << SETTINGS_REG_SZ) | (1u << SETTINGS_REG_EXPAND_SZ))
#define SETTINGS_T_MULTI  (1u << SETTINGS_REG_MULTI_SZ)

/* A log file's name (<image>.<pid>...) is appended to the directory, and
 * Windows paths without the \\?\ form stop at MAX_PATH (260). */
#define SETTINGS_PATH_MAX  180
#define SETTINGS_LIST_MAX  4094 /* characters of an Include/Exclude value, NULs included */
#define SETTINGS_NAME_MAX  255  /* characters of one image name */
#define SETTINGS_VALUE_MAX 8192 /* bytes of any value a program needs to read */
#define SETTINGS_SYS_MAX   261  /* characters of a system folder, with the NUL */

/* A number as text, for the messages in settings.def. */
#define SETTINGS__STR(x)  SETTINGS__STR2(x)
#define SETTINGS__STR2(x) #x

#define SETTINGS_JSON 1u
#define SETTINGS_TEXT 2u

typedef enum settings_id {
#define SETTING(id, ...) SETTINGS_##id,
#define REFUSAL(id, text)
#include "settings.def"
#undef REFUSAL
#undef SETTING
    SETTINGS_COUNT
} settings_id_t;

typedef enum settings_kind {
    SETTINGS_KIND_FLAG,    /* a number, typed as digits */
    SETTINGS_KIND_BYTES,   /* a number, typed with an optional K, M or G */
    SETTINGS_KIND_PATH,    /* a directory; REG_EXPAND_SZ names only the system's variables */
    SETTINGS_KIND_FORMATS, /* the words json and text */
    SETTINGS_KIND_NAMES    /* a list of image file names */
} settings_kind_t;

typedef struct settings_row {
    const char *name;
    settings_kind_t kind;
    unsigned types; /* SETTINGS_T_* */
    uint64_t min, max;
    const char *fallback; /* settings.def's default */
    const char *shown;
    const char *expected;
} settings_row_t;

extern const settings_row_t settings_rows[SETTINGS_COUNT];

/* Why a value is refused (settings.def's REFUSAL rows). */
typedef enum settings_refusal {
#define SETTING(...)
#define REFUSAL(id, text) SETTINGS_##id,
#include "settings.def"
#undef REFUSAL
#undef SETTING
    SETTINGS_REFUSALS
} settings_refusal_t;

/* A registry value. `size` is what the registry holds; when it is more than
 * SETTINGS_VALUE_MAX, `data` holds nothing and the value is refused. */
typedef struct settings_raw {
    uint32_t type, size;
    unsigned char data[SETTINGS_VALUE_MAX];
} settings_raw_t;

/* The system's folders LogDirectory may name; empty where unknown.
 * %windir% is SystemRoot, %SystemDrive% its first two characters. */
typedef struct settings_sys {
    settings_char_t system_root[SETTINGS_SYS_MAX];
    settings_char_t program_data[SETTINGS_SYS_MAX];
} settings_sys_t;

/* A value as siotrace uses it; only the member of the setting's kind is set. */
typedef struct settings_value {
    uint64_t number;                              /* FLAG, BYTES */
    unsigned formats;                             /* FORMATS: SETTINGS_JSON | SETTINGS_TEXT */
    settings_char_t path[SETTINGS_PATH_MAX + 1];  /* PATH: expanded, no trailing '\' */
    settings_char_t names[SETTINGS_LIST_MAX + 1]; /* NAMES: each name and its NUL, then a NUL */
} settings_value_t;

/* The setting called name (any case), or -1. */
int settings_find(const char *name);

/* "expected ..." completed for a refusal of setting id; like snprintf. */
size_t settings_expected(settings_id_t id, settings_refusal_t r, char *buf, size_t n);

/* Reads a registry value as siotrace does: SETTINGS_OK with *out set, or why
 * siotrace ignores it in favour of the default. */
settings_refusal_t settings_judge(settings_id_t id, const settings_raw_t *raw,
                                  const settings_sys_t *sys, settings_value_t *out);

/* The default (settings.def), as settings_judge gives it. It is refused only
 * when a folder it names is unknown. */
settings_refusal_t settings_default(settings_id_t id, const settings_sys_t *sys,
                                    settings_value_t *out);

/* Turns the words a person typed (NUL-terminated UTF-16) into the value to
 * store, one that settings_judge accepts; a list takes a name a word or
 * commas between names, and drops repeated names. */
settings_refusal_t settings_parse(settings_id_t id, size_t n, const settings_char_t *const words[],
                                  const settings_sys_t *sys, settings_raw_t *out);

/* Expands %SystemRoot%, %windir%, %SystemDrive% and %ProgramData% (any case)
 * into out (cap characters with the NUL): SETTINGS_OK, SETTINGS_BAD_VARIABLE
 * (any other variable, an unknown folder, a lone %) or SETTINGS_PATH_TOO_LONG. */
settings_refusal_t settings_expand(const settings_char_t *in, const settings_sys_t *sys,
                                   settings_char_t *out, size_t cap);

/* Whether an Include/Exclude list (settings_value_t.names) names the image
 * (for example L"curl.exe"): "curl.exe" or "curl", ASCII letters in any case. */
bool settings_names_match(const settings_char_t *names, const settings_char_t *image);

#endif
