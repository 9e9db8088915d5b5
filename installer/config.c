#include "config.h"

#include <ctype.h>
#include <shlobj.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "out.h"

/* siotrace.dll's limits (lsp/provider/config.c): it reads a list into 4096
 * characters and a directory into 1024, both with two terminators; a longer
 * value is ignored. Log file names are appended to the directory, and
 * CreateFile paths stop at MAX_PATH, so the directory stays well short. */
#define CONFIG_LIST_CHARS    4094
#define CONFIG_RAW_DIR_CHARS 1021
#define CONFIG_DIR_CHARS     180
#define CONFIG_MIN_BYTES     4096ULL
#define CONFIG_DEFAULT_DIR   L"%ProgramData%\\siotrace\\logs"

const config_key_t config_keys[CONFIG_KEY_COUNT] = {
    {"Enabled", CONFIG_FLAG, "1"},
    {"Audit", CONFIG_FLAG, "1"},
    {"LogDirectory", CONFIG_DIR, "%ProgramData%\\siotrace\\logs"},
    {"Formats", CONFIG_FORMATS, "json"},
    {"Include", CONFIG_NAMES, "(every program)"},
    {"Exclude", CONFIG_NAMES, "(none)"},
    {"MaxFileBytes", CONFIG_BYTES, "67108864"},
};

const config_key_t *config_find(const char *name)
{
    size_t i;

    for (i = 0; i < CONFIG_KEY_COUNT; i++)
        if (_stricmp(config_keys[i].name, name) == 0)
            return &config_keys[i];
    return NULL;
}

static void config__wide_name(const config_key_t *k, WCHAR *out, size_t n)
{
    out_wide(k->name, out, n);
}

static int config__system_value(const WCHAR *name, size_t len, WCHAR *out, size_t n)
{
    WCHAR win[MAX_PATH];
    PWSTR known = NULL;
    UINT got;
    int rc = -1;

    if ((len == 10 && _wcsnicmp(name, L"SystemRoot", len) == 0) ||
        (len == 6 && _wcsnicmp(name, L"windir", len) == 0)) {
        got = GetSystemWindowsDirectoryW(out, (UINT)n);
        return got > 0 && got < n ? 0 : -1;
    }
    if (len == 11 && _wcsnicmp(name, L"SystemDrive", len) == 0) {
        got = GetSystemWindowsDirectoryW(win, MAX_PATH);
        if (got < 2 || got >= MAX_PATH || win[1] != L':' || n < 3)
            return -1;
        wcsncpy(out, win, 2);
        out[2] = 0;
        return 0;
    }
    if (len == 11 && _wcsnicmp(name, L"ProgramData", len) == 0) {
        if (SHGetKnownFolderPath(&FOLDERID_ProgramData, 0, NULL, &known) == S_OK &&
            wcslen(known) < n) {
            wcscpy(out, known);
            rc = 0;
        }
        CoTaskMemFree(known);
    }
    return rc;
}

int config_expand(const WCHAR *in, WCHAR *out, size_t n)
{
    size_t len = 0;

    if (n == 0)
        return -1;
    out[0] = 0;
    while (*in) {
        const WCHAR *pct = wcschr(in, L'%'), *end;
        WCHAR value[MAX_PATH];
        size_t lit = pct ? (size_t)(pct - in) : wcslen(in), vlen;

        if (len + lit >= n)
            return -1;
        wmemcpy(out + len, in, lit);
        len += lit;
        out[len] = 0;
        if (!pct)
            return 0;
        end = wcschr(pct + 1, L'%');
        if (!end || config__system_value(pct + 1, (size_t)(end - pct - 1), value, MAX_PATH))
            return -1;
        vlen = wcslen(value);
        if (len + vlen >= n)
            return -1;
        wmemcpy(out + len, value, vlen + 1);
        len += vlen;
        in = end + 1;
    }
    return 0;
}

static int config__drive_path(const WCHAR *p)
{
    return iswalpha(p[0]) && p[1] == L':' && p[2] == L'\\';
}

/* A path component of "." or ".." would make the path mean something else
 * than it says. */
static int config__dot_part(const WCHAR *p)
{
    const WCHAR *s = p;

    while (*s) {
        const WCHAR *e = wcschr(s, L'\\');
        size_t len = e ? (size_t)(e - s) : wcslen(s);

        if ((len == 1 && s[0] == L'.') || (len == 2 && s[0] == L'.' && s[1] == L'.'))
            return 1;
        s += len + (e ? 1 : 0);
    }
    return 0;
}

static int config__parse_dir(const char *text, config_value_t *v, char *why, size_t n)
{
    WCHAR raw[CONFIG_RAW_DIR_CHARS + 1], full[MAX_PATH];
    size_t len;

    if (out_wide(text, raw, CONFIG_RAW_DIR_CHARS + 1)) {
        snprintf(why, n, "too long or not UTF-8");
        return -1;
    }
    if (wcslen(raw) < 3 || wcspbrk(raw, L"/*?\"<>|") || wcschr(raw + 2, L':')) {
        snprintf(why, n, "a path with a character Windows does not allow in one");
        return -1;
    }
    if (config_expand(raw, full, MAX_PATH)) {
        snprintf(why, n,
                 "only %%SystemRoot%%, %%windir%%, %%SystemDrive%% and %%ProgramData%% "
                 "may be named (siotrace never reads the environment)");
        return -1;
    }
    if (!config__drive_path(full)) {
        snprintf(why, n, "not an absolute path on a local drive (X:\\...)");
        return -1;
    }
    if (config__dot_part(full)) {
        snprintf(why, n, "a path with . or .. in it");
        return -1;
    }
    if (wcslen(full) > CONFIG_DIR_CHARS) {
        snprintf(why, n, "longer than %d characters once expanded", CONFIG_DIR_CHARS);
        return -1;
    }
    len = wcslen(raw);
    while (len > 3 && raw[len - 1] == L'\\')
        raw[--len] = 0;
    v->type = wcschr(raw, L'%') ? REG_EXPAND_SZ : REG_SZ;
    v->size = (DWORD)((len + 1) * sizeof(WCHAR));
    memcpy(v->data, raw, v->size);
    return 0;
}

static int config__parse_formats(const char *text, config_value_t *v, char *why, size_t n)
{
    const WCHAR *value;

    if (_stricmp(text, "json") == 0)
        value = L"json";
    else if (_stricmp(text, "json,text") == 0 || _stricmp(text, "text,json") == 0)
        value = L"json,text";
    else {
        snprintf(why, n, "\"json\" or \"json,text\"");
        return -1;
    }
    v->type = REG_SZ;
    v->size = (DWORD)((wcslen(value) + 1) * sizeof(WCHAR));
    memcpy(v->data, value, v->size);
    return 0;
}

static int config__name_ok(const WCHAR *s, size_t len)
{
    size_t i;

    if (len == 0 || len > 255)
        return 0;
    for (i = 0; i < len; i++)
        if (s[i] < 0x20 || wcschr(L"\\/:*?\"<>|", s[i]))
            return 0;
    return 1;
}

static int config__listed(const WCHAR *multi, size_t used, const WCHAR *s, size_t len)
{
    const WCHAR *e = multi;

    while ((size_t)(e - multi) < used) {
        size_t el = wcslen(e);

        if (el == len && _wcsnicmp(e, s, len) == 0)
            return 1;
        e += el + 1;
    }
    return 0;
}

static int config__parse_names(int argc, char *const argv[], config_value_t *v, char *why, size_t n)
{
    WCHAR *multi = (WCHAR *)v->data, word[CONFIG_LIST_CHARS + 1];
    size_t used = 0;
    int a;

    for (a = 0; a < argc; a++) {
        const WCHAR *s = word;

        if (out_wide(argv[a], word, CONFIG_LIST_CHARS + 1)) {
            snprintf(why, n, "the list is too long or not UTF-8");
            return -1;
        }
        for (;;) {
            const WCHAR *comma = wcschr(s, L',');
            size_t len = comma ? (size_t)(comma - s) : wcslen(s);

            if (!config__name_ok(s, len)) {
                snprintf(why, n,
                         "image names such as curl.exe (no path), separated by commas "
                         "or spaces");
                return -1;
            }
            if (!config__listed(multi, used, s, len)) {
                if (used + len + 2 > CONFIG_LIST_CHARS) {
                    snprintf(why, n, "the list is longer than %d characters", CONFIG_LIST_CHARS);
                    return -1;
                }
                wmemcpy(multi + used, s, len);
                used += len;
                multi[used++] = 0;
            }
            if (!comma)
                break;
            s = comma + 1;
        }
    }
    multi[used++] = 0;
    v->type = REG_MULTI_SZ;
    v->size = (DWORD)(used * sizeof(WCHAR));
    return 0;
}

static int config__parse_bytes(const char *text, config_value_t *v, char *why, size_t n)
{
    unsigned long long value = 0, unit = 1;
    const char *p = text;

    if (!isdigit((unsigned char)*p))
        goto bad;
    for (; isdigit((unsigned char)*p); p++) {
        if (value > (~0ULL >> 4) / 10)
            goto bad;
        value = value * 10 + (unsigned long long)(*p - '0');
    }
    if (*p) {
        char u = (char)toupper((unsigned char)*p);

        unit = u == 'K' ? 1ULL << 10 : u == 'M' ? 1ULL << 20 : u == 'G' ? 1ULL << 30 : 0;
        p++;
        if (_stricmp(p, "") != 0 && _stricmp(p, "iB") != 0 && _stricmp(p, "B") != 0)
            unit = 0;
        if (unit == 0)
            goto bad;
    }
    if (value > (~0ULL >> 4) / unit)
        goto bad;
    value *= unit;
    if (value < CONFIG_MIN_BYTES) {
        snprintf(why, n, "at least %llu bytes", CONFIG_MIN_BYTES);
        return -1;
    }
    if (value <= 0xffffffffULL) {
        DWORD d = (DWORD)value;

        v->type = REG_DWORD;
        v->size = sizeof d;
        memcpy(v->data, &d, sizeof d);
    } else {
        v->type = REG_QWORD;
        v->size = sizeof value;
        memcpy(v->data, &value, sizeof value);
    }
    return 0;
bad:
    snprintf(why, n, "a number of bytes, optionally with K, M or G (binary multiples)");
    return -1;
}

int config_parse(const config_key_t *k, int argc, char *const argv[], config_value_t *v, char *why,
                 size_t n)
{
    memset(v, 0, sizeof *v);
    if (k->kind == CONFIG_NAMES) {
        if (argc < 1) {
            snprintf(why, n, "at least one image name (use `config unset` to remove the list)");
            return -1;
        }
        return config__parse_names(argc, argv, v, why, n);
    }
    if (argc != 1) {
        snprintf(why, n, "exactly one value");
        return -1;
    }
    switch (k->kind) {
    case CONFIG_FLAG:
        if (strcmp(argv[0], "0") != 0 && strcmp(argv[0], "1") != 0) {
            snprintf(why, n, "1 (on) or 0 (off)");
            return -1;
        }
        v->type = REG_DWORD;
        v->size = sizeof(DWORD);
        v->data[0] = (BYTE)(argv[0][0] - '0');
        return 0;
    case CONFIG_DIR:
        return config__parse_dir(argv[0], v, why, n);
    case CONFIG_FORMATS:
        return config__parse_formats(argv[0], v, why, n);
    default:
        return config__parse_bytes(argv[0], v, why, n);
    }
}

static int config__uint(const config_value_t *v, unsigned long long *out)
{
    if (v->type == REG_DWORD && v->size == sizeof(DWORD)) {
        DWORD d;

        memcpy(&d, v->data, sizeof d);
        *out = d;
        return 0;
    }
    if (v->type == REG_QWORD && v->size == sizeof(unsigned long long)) {
        memcpy(out, v->data, sizeof *out);
        return 0;
    }
    return -1;
}

/* A copy of a string value, terminated whatever the registry held. */
static int config__string(const config_value_t *v, WCHAR *out, size_t n)
{
    size_t chars = v->size / sizeof(WCHAR);

    if ((v->type != REG_SZ && v->type != REG_EXPAND_SZ && v->type != REG_MULTI_SZ) || chars + 2 > n)
        return -1;
    memcpy(out, v->data, chars * sizeof(WCHAR));
    out[chars] = 0;
    out[chars + 1] = 0;
    return 0;
}

/* The rule of siotrace.dll: words json and text, any case, with commas or blanks. */
static int config__formats_ok(const WCHAR *s)
{
    int any = 0;

    while (*s) {
        size_t len = wcscspn(s, L", \t");

        if (len == 0) {
            s++;
            continue;
        }
        if (len != 4 || (_wcsnicmp(s, L"json", 4) != 0 && _wcsnicmp(s, L"text", 4) != 0))
            return 0;
        any = 1;
        s += len;
    }
    return any;
}

int config_validate(const config_key_t *k, const config_value_t *v, char *why, size_t n)
{
    WCHAR s[CONFIG_DATA_MAX / sizeof(WCHAR) + 2], full[MAX_PATH];
    unsigned long long u;

    switch (k->kind) {
    case CONFIG_FLAG:
        if (config__uint(v, &u) == 0)
            return 0;
        snprintf(why, n, "not a REG_DWORD or REG_QWORD");
        return -1;
    case CONFIG_BYTES:
        if (config__uint(v, &u) == 0 && u >= CONFIG_MIN_BYTES)
            return 0;
        snprintf(why, n, "not a REG_DWORD or REG_QWORD of at least %llu", CONFIG_MIN_BYTES);
        return -1;
    case CONFIG_NAMES:
        if (v->type == REG_MULTI_SZ && v->size / sizeof(WCHAR) <= CONFIG_LIST_CHARS)
            return 0;
        snprintf(why, n, "not a REG_MULTI_SZ of at most %d characters", CONFIG_LIST_CHARS);
        return -1;
    case CONFIG_FORMATS:
        if (v->type != REG_MULTI_SZ && config__string(v, s, sizeof s / sizeof s[0]) == 0 &&
            config__formats_ok(s))
            return 0;
        snprintf(why, n, "not a REG_SZ of json and text");
        return -1;
    default:
        if (v->type == REG_MULTI_SZ || config__string(v, s, sizeof s / sizeof s[0]) ||
            wcslen(s) > CONFIG_RAW_DIR_CHARS) {
            snprintf(why, n, "not a REG_SZ or REG_EXPAND_SZ of at most %d characters",
                     CONFIG_RAW_DIR_CHARS);
            return -1;
        }
        if (v->type == REG_EXPAND_SZ ? config_expand(s, full, MAX_PATH) != 0
                                     : wcslen(s) >= MAX_PATH)
            goto bad_dir;
        if (v->type == REG_SZ)
            wcscpy(full, s);
        if (config__drive_path(full) || (full[0] == L'\\' && full[1] == L'\\' && full[2]))
            return 0;
    bad_dir:
        snprintf(why, n, "not an absolute path once expanded");
        return -1;
    }
}

static HKEY config__open(REGSAM access, int create, LONG *err)
{
    HKEY key = NULL;

    /* siotrace.dll reads the 64-bit view from both its builds: one configuration. */
    *err = create
               ? RegCreateKeyExW(HKEY_LOCAL_MACHINE, CONFIG_KEY, 0, NULL, 0,
                                 access | KEY_WOW64_64KEY, NULL, &key, NULL)
               : RegOpenKeyExW(HKEY_LOCAL_MACHINE, CONFIG_KEY, 0, access | KEY_WOW64_64KEY, &key);
    return *err == ERROR_SUCCESS ? key : NULL;
}

int config_read(const config_key_t *k, config_value_t *v, LONG *err)
{
    WCHAR name[32];
    HKEY key = config__open(KEY_QUERY_VALUE, 0, err);

    memset(v, 0, sizeof *v);
    if (!key)
        return *err == ERROR_FILE_NOT_FOUND ? 1 : -1;
    config__wide_name(k, name, 32);
    v->size = sizeof v->data;
    *err = RegQueryValueExW(key, name, NULL, &v->type, v->data, &v->size);
    RegCloseKey(key);
    if (*err == ERROR_FILE_NOT_FOUND)
        return 1;
    return *err == ERROR_SUCCESS ? 0 : -1;
}

int config_write(const config_key_t *k, const config_value_t *v, LONG *err)
{
    WCHAR name[32];
    HKEY key = config__open(KEY_SET_VALUE, 1, err);

    if (!key)
        return -1;
    config__wide_name(k, name, 32);
    *err = RegSetValueExW(key, name, 0, v->type, v->data, v->size);
    RegCloseKey(key);
    return *err == ERROR_SUCCESS ? 0 : -1;
}

int config_delete(const config_key_t *k, LONG *err)
{
    WCHAR name[32];
    HKEY key = config__open(KEY_SET_VALUE, 0, err);

    if (!key)
        return *err == ERROR_FILE_NOT_FOUND ? 0 : -1;
    config__wide_name(k, name, 32);
    *err = RegDeleteValueW(key, name);
    RegCloseKey(key);
    if (*err == ERROR_FILE_NOT_FOUND)
        *err = ERROR_SUCCESS;
    return *err == ERROR_SUCCESS ? 0 : -1;
}

void config_format(const config_value_t *v, char *buf, size_t n)
{
    WCHAR s[CONFIG_DATA_MAX / sizeof(WCHAR) + 2];
    unsigned long long u;
    size_t len = 0;

    if (n == 0)
        return;
    buf[0] = 0;
    if (config__uint(v, &u) == 0) {
        snprintf(buf, n, "%llu", u);
        return;
    }
    if (config__string(v, s, sizeof s / sizeof s[0])) {
        snprintf(buf, n, "(registry type %lu, %lu bytes)", (unsigned long)v->type,
                 (unsigned long)v->size);
        return;
    }
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

int config_log_directory(WCHAR *out, size_t n, char *why, size_t wn)
{
    const config_key_t *k = config_find("LogDirectory");
    config_value_t v;
    WCHAR raw[CONFIG_DATA_MAX / sizeof(WCHAR) + 2];
    LONG err;
    int rc = config_read(k, &v, &err);

    if (rc < 0) {
        snprintf(why, wn, "LogDirectory cannot be read (error %ld)", (long)err);
        return -1;
    }
    if (rc == 1)
        wcscpy(raw, CONFIG_DEFAULT_DIR);
    else if (config_validate(k, &v, why, wn) || config__string(&v, raw, sizeof raw / sizeof raw[0]))
        return -1;
    if ((rc == 1 || v.type == REG_EXPAND_SZ) ? config_expand(raw, out, n) != 0 : wcslen(raw) >= n) {
        snprintf(why, wn, "LogDirectory does not expand to a path");
        return -1;
    }
    if (rc == 0 && v.type == REG_SZ)
        wcscpy(out, raw);
    return 0;
}
