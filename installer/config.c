#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "settings_sys.h"

#define CONFIG__NAME_MAX 32
#define CONFIG__WORD_MAX (SETTINGS_VALUE_MAX / sizeof(WCHAR))

/* 0 for SETTINGS_OK, else -1 with what was expected in why. */
static int config__verdict(settings_id_t id, settings_refusal_t r, char *why, size_t n)
{
    if (r == SETTINGS_OK)
        return 0;
    settings_expected(id, r, why, n);
    return -1;
}

int config_parse(settings_id_t id, int argc, char *const argv[], settings_raw_t *v, char *why,
                 size_t n)
{
    /* Each word in UTF-16, one after another with its NUL. */
    WCHAR text[CONFIG__WORD_MAX];
    const settings_char_t *words[CONFIG__WORD_MAX / 2];
    settings_sys_t sys;
    size_t used = 0;

    for (int a = 0; a < argc; a++) {
        if (a >= (int)_countof(words) || used >= CONFIG__WORD_MAX ||
            out_wide(argv[a], text + used, CONFIG__WORD_MAX - used))
            return out_why(why, n, -1, "a shorter %s, in UTF-8", argc > 1 ? "list" : "value");
        words[a] = text + used;
        used += wcslen(text + used) + 1;
    }
    settings_sys_load(&sys);
    return config__verdict(id, settings_parse(id, (size_t)argc, words, &sys, v), why, n);
}

int config_validate(settings_id_t id, const settings_raw_t *v, char *why, size_t n)
{
    settings_sys_t sys;
    settings_value_t value;

    settings_sys_load(&sys);
    return config__verdict(id, settings_judge(id, v, &sys, &value), why, n);
}

/* The key, name set to the setting's value name. siotrace.dll reads the
 * 64-bit view from both its builds: one configuration. */
static HKEY config__open(settings_id_t id, WCHAR *name, REGSAM access, int create, LONG *err)
{
    HKEY key = NULL;

    out_wide(settings_rows[id].name, name, CONFIG__NAME_MAX);
    *err = create
               ? RegCreateKeyExW(HKEY_LOCAL_MACHINE, CONFIG_KEY, 0, NULL, 0,
                                 access | KEY_WOW64_64KEY, NULL, &key, NULL)
               : RegOpenKeyExW(HKEY_LOCAL_MACHINE, CONFIG_KEY, 0, access | KEY_WOW64_64KEY, &key);
    return *err == ERROR_SUCCESS ? key : NULL;
}

int config_read(settings_id_t id, settings_raw_t *v, LONG *err)
{
    WCHAR name[CONFIG__NAME_MAX];
    DWORD type = REG_NONE, size = sizeof v->data;
    HKEY key = config__open(id, name, KEY_QUERY_VALUE, 0, err);

    memset(v, 0, sizeof *v);
    if (!key)
        return *err == ERROR_FILE_NOT_FOUND ? 1 : -1;
    *err = RegQueryValueExW(key, name, NULL, &type, v->data, &size);
    RegCloseKey(key);
    if (*err == ERROR_FILE_NOT_FOUND)
        return 1;
    /* Too big for any setting: its type and size say enough to refuse it. */
    if (*err != ERROR_SUCCESS && *err != ERROR_MORE_DATA)
        return -1;
    v->type = type;
    v->size = size;
    return 0;
}

int config_write(settings_id_t id, const settings_raw_t *v, LONG *err)
{
    WCHAR name[CONFIG__NAME_MAX];
    HKEY key = config__open(id, name, KEY_SET_VALUE, 1, err);

    if (!key)
        return -1;
    *err = RegSetValueExW(key, name, 0, v->type, v->data, v->size);
    RegCloseKey(key);
    return *err == ERROR_SUCCESS ? 0 : -1;
}

int config_delete(settings_id_t id, LONG *err)
{
    WCHAR name[CONFIG__NAME_MAX];
    HKEY key = config__open(id, name, KEY_SET_VALUE, 0, err);

    if (!key)
        return *err == ERROR_FILE_NOT_FOUND ? 0 : -1;
    *err = RegDeleteValueW(key, name);
    RegCloseKey(key);
    if (*err == ERROR_FILE_NOT_FOUND)
        *err = ERROR_SUCCESS;
    return *err == ERROR_SUCCESS ? 0 : -1;
}

void config_format(const settings_raw_t *v, char *buf, size_t n)
{
    WCHAR s[CONFIG__WORD_MAX + 2];
    size_t len = 0, chars = v->size / sizeof(WCHAR);
    unsigned long long u = 0;

    if (n == 0)
        return;
    buf[0] = 0;
    if ((v->type == REG_DWORD && v->size == 4) || (v->type == REG_QWORD && v->size == 8)) {
        memcpy(&u, v->data, v->size);
        snprintf(buf, n, "%llu", u);
        return;
    }
    if ((v->type != REG_SZ && v->type != REG_EXPAND_SZ && v->type != REG_MULTI_SZ) ||
        v->size > sizeof v->data) {
        snprintf(buf, n, "(registry type %lu, %lu bytes)", (unsigned long)v->type,
                 (unsigned long)v->size);
        return;
    }
    memcpy(s, v->data, chars * sizeof(WCHAR));
    s[chars] = 0;
    s[chars + 1] = 0;
    if (v->type != REG_MULTI_SZ) {
        out_utf8(s, buf, n);
        return;
    }
    for (const WCHAR *e = s; *e && len + 1 < n; e += wcslen(e) + 1) {
        if (len)
            buf[len++] = ',';
        out_utf8(e, buf + len, n - len);
        len += strlen(buf + len);
    }
}

void config_describe(settings_id_t id, char *buf, size_t n)
{
    const settings_row_t *row = &settings_rows[id];
    char value[1024], why[256];
    settings_raw_t v;
    LONG err;
    int rc = config_read(id, &v, &err);

    if (rc == 0)
        config_format(&v, value, sizeof value);
    if (rc < 0)
        snprintf(buf, n, "cannot be read (error %ld)", (long)err);
    else if (rc == 1)
        snprintf(buf, n, "%s (default)", row->shown);
    else if (config_validate(id, &v, why, sizeof why))
        snprintf(buf, n, "%s: IGNORED by siotrace (expected %s); it uses %s", value, why,
                 row->shown);
    else
        snprintf(buf, n, "%s", value);
}

int config_log_directory(WCHAR *out, size_t n, char *why, size_t wn)
{
    settings_raw_t v;
    settings_value_t value;
    settings_sys_t sys;
    char expected[256];
    LONG err;
    int rc = config_read(SETTINGS_LOG_DIRECTORY, &v, &err);
    settings_refusal_t r;

    if (rc < 0)
        return out_why(why, wn, -1, "LogDirectory cannot be read (error %ld)", (long)err);
    settings_sys_load(&sys);
    r = rc == 1 ? settings_default(SETTINGS_LOG_DIRECTORY, &sys, &value)
                : settings_judge(SETTINGS_LOG_DIRECTORY, &v, &sys, &value);
    if (r != SETTINGS_OK && rc == 1)
        return out_why(why, wn, -1,
                       "the default LogDirectory names a folder the system does not give");
    if (r != SETTINGS_OK) {
        settings_expected(SETTINGS_LOG_DIRECTORY, r, expected, sizeof expected);
        snprintf(why, wn, "LogDirectory is ignored by siotrace (expected %s)", expected);
        return -1;
    }
    if (wcslen((const WCHAR *)value.path) >= n)
        return out_why(why, wn, -1, "LogDirectory is longer than %lu characters",
                       (unsigned long)n - 1);
    wcscpy(out, (const WCHAR *)value.path);
    return 0;
}
