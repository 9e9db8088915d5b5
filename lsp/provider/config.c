#include <windows.h>

#include <string.h>

#include "config.h"
#include "regval.h"
#include "sysvars.h"

#define CONFIG__LIST_MAX 4096
#define CONFIG__FORMATS_MAX 64

/* An absolute path: "X:\..." or a UNC "\\server\share". A relative one
 * would depend on each process's current directory. */
static bool config__absolute(const wchar_t *p)
{
    bool drive = ((p[0] >= L'A' && p[0] <= L'Z') || (p[0] >= L'a' && p[0] <= L'z')) &&
                 p[1] == L':' && (p[2] == L'\\' || p[2] == L'/');
    bool unc = p[0] == L'\\' && p[1] == L'\\' && p[2] != L'\0';
    return drive || unc;
}

static bool config__dir(const wchar_t *raw, bool expand, wchar_t *out)
{
    if (expand) {
        if (!sysvars_expand(raw, out, CONFIG_DIR_MAX))
            return false;
    } else {
        size_t n = wcslen(raw);
        if (n + 1 > CONFIG_DIR_MAX)
            return false;
        memcpy(out, raw, (n + 1) * sizeof *raw);
    }
    return config__absolute(out);
}

static bool config__is_sep(wchar_t ch)
{
    return ch == L',' || ch == L' ' || ch == L'\t';
}

/* "json", "text" or both, separated by commas or blanks. */
static bool config__formats(const wchar_t *s, bool *json, bool *text)
{
    bool j = false, t = false;
    while (*s) {
        if (config__is_sep(*s)) {
            s++;
            continue;
        }
        size_t n = 0;
        while (s[n] && !config__is_sep(s[n]))
            n++;
        if (n == 4 && _wcsnicmp(s, L"json", 4) == 0)
            j = true;
        else if (n == 4 && _wcsnicmp(s, L"text", 4) == 0)
            t = true;
        else
            return false;
        s += n;
    }
    if (!j && !t)
        return false;
    *json = j;
    *text = t;
    return true;
}

/* An entry names the image with or without its extension: "curl" or "curl.exe". */
static bool config__name_matches(const wchar_t *entry, const wchar_t *image)
{
    if (_wcsicmp(entry, image) == 0)
        return true;
    const wchar_t *dot = wcsrchr(image, L'.');
    size_t stem = dot ? (size_t)(dot - image) : wcslen(image);
    return !wcschr(entry, L'.') && wcslen(entry) == stem && _wcsnicmp(entry, image, stem) == 0;
}

static bool config__listed(const wchar_t *multi, const wchar_t *image)
{
    for (const wchar_t *e = multi; *e; e += wcslen(e) + 1)
        if (config__name_matches(e, image))
            return true;
    return false;
}

static bool config__included(HKEY key, const wchar_t *image)
{
    wchar_t list[CONFIG__LIST_MAX];
    if (regval_multi(key, L"Include", list, CONFIG__LIST_MAX) == REGVAL_OK && list[0] &&
        !config__listed(list, image))
        return false;
    if (regval_multi(key, L"Exclude", list, CONFIG__LIST_MAX) == REGVAL_OK &&
        config__listed(list, image))
        return false;
    return true;
}

static void config__defaults(config_t *c)
{
    c->traced = true;
    c->audit = true;
    c->json = true;
    c->text = false;
    c->max_file_bytes = CONFIG_DEFAULT_MAX_FILE_BYTES;
    if (!sysvars_expand(CONFIG_DEFAULT_DIR, c->log_dir, CONFIG_DIR_MAX))
        c->log_dir[0] = L'\0';
}

void config_load(config_t *c, const wchar_t *image)
{
    wchar_t raw[CONFIG_DIR_MAX];
    wchar_t formats[CONFIG__FORMATS_MAX];
    bool expand = false;
    uint64_t v = 0;

    config__defaults(c);
    HKEY key = regval_open(CONFIG_KEY);
    if (!key)
        return;
    if (regval_uint(key, L"Enabled", &v) == REGVAL_OK && v == 0)
        c->traced = false;
    if (regval_uint(key, L"Audit", &v) == REGVAL_OK && v == 0)
        c->audit = false;
    if (regval_string(key, L"LogDirectory", raw, CONFIG_DIR_MAX, &expand) == REGVAL_OK) {
        wchar_t dir[CONFIG_DIR_MAX];
        if (config__dir(raw, expand, dir))
            memcpy(c->log_dir, dir, sizeof dir);
    }
    if (regval_string(key, L"Formats", formats, CONFIG__FORMATS_MAX, &expand) == REGVAL_OK)
        config__formats(formats, &c->json, &c->text);
    if (regval_uint(key, L"MaxFileBytes", &v) == REGVAL_OK && v >= CONFIG_MIN_FILE_BYTES)
        c->max_file_bytes = v;
    if (c->traced && !config__included(key, image))
        c->traced = false;
    RegCloseKey(key);
}
