#include "settings.h"

#include <stdio.h>
#include <string.h>

const settings_row_t settings_rows[SETTINGS_COUNT] = {
#define SETTING(id, name, kind, types, min, max, fallback, shown, expected)                        \
    {name, SETTINGS_KIND_##kind, types, min, max, fallback, shown, expected},
#define REFUSAL(id, text)
#include "settings.def"
#undef REFUSAL
#undef SETTING
};

/* Longer strings are refused before they are read: a directory that long
 * cannot expand to SETTINGS_PATH_MAX, and "json,text" needs few blanks. */
#define SETTINGS__STRING_MAX  1024
#define SETTINGS__FORMATS_MAX 64

static settings_char_t settings__upper(settings_char_t c)
{
    return c >= 'a' && c <= 'z' ? (settings_char_t)(c - 'a' + 'A') : c;
}

/* ASCII letters in any case; other characters as they are. */
static bool settings__same(const settings_char_t *a, const settings_char_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (settings__upper(a[i]) != settings__upper(b[i]))
            return false;
    return true;
}

static bool settings__same_ascii(const settings_char_t *a, size_t n, const char *b)
{
    size_t i = 0;
    for (; i < n && b[i]; i++)
        if (settings__upper(a[i]) != settings__upper((unsigned char)b[i]))
            return false;
    return i == n && b[i] == '\0';
}

static size_t settings__len(const settings_char_t *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

static const settings_char_t *settings__find(const settings_char_t *s, size_t n, settings_char_t c)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == c)
            return s + i;
    return NULL;
}

int settings_find(const char *name)
{
    for (int i = 0; i < SETTINGS_COUNT; i++) {
        const char *a = settings_rows[i].name, *b = name;
        while (*a && settings__upper((unsigned char)*a) == settings__upper((unsigned char)*b))
            a++, b++;
        if (!*a && !*b)
            return i;
    }
    return -1;
}

static const char *const settings__messages[] = {
#define SETTING(...)
#define REFUSAL(id, text) [SETTINGS_##id] = text,
#include "settings.def"
#undef REFUSAL
#undef SETTING
};

static const char *settings__types(unsigned types)
{
    switch (types) {
    case SETTINGS_T_NUMBER:
        return "a REG_DWORD or REG_QWORD";
    case SETTINGS_T_STRING:
        return "a REG_SZ or REG_EXPAND_SZ";
    default:
        return "a REG_MULTI_SZ";
    }
}

size_t settings_expected(settings_id_t id, settings_refusal_t r, char *buf, size_t n)
{
    const settings_row_t *row = &settings_rows[id];
    const char *text = r == SETTINGS_BAD_TYPE    ? settings__types(row->types)
                       : r == SETTINGS_BAD_VALUE ? row->expected
                                                 : settings__messages[r];
    int len = snprintf(buf, n, "%s", text);
    return len < 0 ? 0 : (size_t)len;
}

/* The system folder a variable names, or NULL; SystemDrive is written to drive. */
static const settings_char_t *settings__var(const settings_char_t *name, size_t n,
                                            const settings_sys_t *sys, settings_char_t drive[3])
{
    if (settings__same_ascii(name, n, "SystemRoot") || settings__same_ascii(name, n, "windir"))
        return sys->system_root[0] ? sys->system_root : NULL;
    if (settings__same_ascii(name, n, "ProgramData"))
        return sys->program_data[0] ? sys->program_data : NULL;
    if (settings__same_ascii(name, n, "SystemDrive") && sys->system_root[0] &&
        sys->system_root[1] == ':') {
        drive[0] = sys->system_root[0];
        drive[1] = ':';
        drive[2] = 0;
        return drive;
    }
    return NULL;
}

static bool settings__append(settings_char_t *out, size_t cap, size_t *len,
                             const settings_char_t *s, size_t n)
{
    if (*len + n + 1 > cap)
        return false;
    memcpy(out + *len, s, n * sizeof *s);
    *len += n;
    out[*len] = 0;
    return true;
}

settings_refusal_t settings_expand(const settings_char_t *in, const settings_sys_t *sys,
                                   settings_char_t *out, size_t cap)
{
    size_t len = 0;
    if (cap == 0)
        return SETTINGS_PATH_TOO_LONG;
    out[0] = 0;
    for (;;) {
        size_t rest = settings__len(in);
        const settings_char_t *pct = settings__find(in, rest, '%');
        size_t lit = pct ? (size_t)(pct - in) : rest;
        if (!settings__append(out, cap, &len, in, lit))
            return SETTINGS_PATH_TOO_LONG;
        if (!pct)
            return SETTINGS_OK;
        const settings_char_t *end = settings__find(pct + 1, rest - lit - 1, '%');
        settings_char_t drive[3];
        const settings_char_t *value =
            end ? settings__var(pct + 1, (size_t)(end - pct - 1), sys, drive) : NULL;
        if (!value)
            return SETTINGS_BAD_VARIABLE;
        if (!settings__append(out, cap, &len, value, settings__len(value)))
            return SETTINGS_PATH_TOO_LONG;
        in = end + 1;
    }
}

/* A registry string: the characters up to the first NUL, or all of them. */
static size_t settings__string(const settings_raw_t *raw, settings_char_t *out, size_t cap)
{
    size_t n = raw->size / sizeof *out;
    if (n > cap - 1)
        n = cap - 1;
    memcpy(out, raw->data, n * sizeof *out);
    out[n] = 0;
    return settings__len(out);
}

static bool settings__path_char_ok(settings_char_t c, size_t at)
{
    static const char bad[] = "/*?\"<>|";
    if (c < 0x20 || (c == ':' && at != 1))
        return false;
    return c > 0x7f || !strchr(bad, (char)c);
}

static bool settings__dot_part(const settings_char_t *p)
{
    while (*p) {
        size_t n = 0;
        while (p[n] && p[n] != '\\')
            n++;
        if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            return true;
        p += n + (p[n] ? 1 : 0);
    }
    return false;
}

/* A directory, expanded when it comes from a REG_EXPAND_SZ. */
static settings_refusal_t settings__path(const settings_char_t *s, bool expand,
                                         const settings_sys_t *sys, settings_char_t *out)
{
    size_t n = settings__len(s);
    if (expand) {
        settings_refusal_t r = settings_expand(s, sys, out, SETTINGS_PATH_MAX + 1);
        if (r != SETTINGS_OK)
            return r;
        n = settings__len(out);
    } else if (n > SETTINGS_PATH_MAX) {
        return SETTINGS_PATH_TOO_LONG;
    } else {
        memcpy(out, s, (n + 1) * sizeof *s);
    }
    for (size_t i = 0; i < n; i++)
        if (!settings__path_char_ok(out[i], i))
            return SETTINGS_BAD_CHARS;
    bool drive = settings__upper(out[0]) >= 'A' && settings__upper(out[0]) <= 'Z' &&
                 out[1] == ':' && out[2] == '\\';
    if (!drive)
        return SETTINGS_BAD_VALUE;
    if (settings__dot_part(out))
        return SETTINGS_DOT_PART;
    while (n > 3 && out[n - 1] == '\\')
        out[--n] = 0;
    return SETTINGS_OK;
}

/* The words json and text, any case, between commas or blanks. */
static bool settings__formats(const settings_char_t *s, unsigned *formats)
{
    unsigned f = 0;
    while (*s) {
        size_t n = 0;
        while (s[n] && s[n] != ',' && s[n] != ' ' && s[n] != '\t')
            n++;
        if (n == 0) {
            s++;
            continue;
        }
        if (settings__same_ascii(s, n, "json"))
            f |= SETTINGS_JSON;
        else if (settings__same_ascii(s, n, "text"))
            f |= SETTINGS_TEXT;
        else
            return false;
        s += n;
    }
    *formats = f;
    return f != 0;
}

static bool settings__name_ok(const settings_char_t *s, size_t n)
{
    static const char bad[] = "\\/:*?\"<>|";
    if (n == 0 || n > SETTINGS_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < 0x20 || (s[i] <= 0x7f && strchr(bad, (char)s[i])))
            return false;
    return true;
}

/* A REG_MULTI_SZ: its names end at an empty one or at the end of the data. */
static settings_refusal_t settings__names(const settings_raw_t *raw, settings_char_t *out)
{
    size_t chars = raw->size / sizeof *out, used = 0;
    if (chars > SETTINGS_LIST_MAX)
        return SETTINGS_LIST_TOO_LONG;
    memcpy(out, raw->data, chars * sizeof *out);
    out[chars] = 0;
    while (used < chars && out[used]) {
        size_t n = settings__len(out + used);
        if (!settings__name_ok(out + used, n))
            return SETTINGS_BAD_VALUE;
        used += n + 1;
    }
    out[used] = 0;
    return SETTINGS_OK;
}

static settings_refusal_t settings__number(const settings_row_t *row, const settings_raw_t *raw,
                                           uint64_t *out)
{
    if (raw->type == SETTINGS_REG_DWORD && raw->size == 4) {
        uint32_t d;
        memcpy(&d, raw->data, sizeof d);
        *out = d;
    } else if (raw->type == SETTINGS_REG_QWORD && raw->size == 8) {
        memcpy(out, raw->data, sizeof *out);
    } else {
        return SETTINGS_BAD_TYPE;
    }
    return *out >= row->min && *out <= row->max ? SETTINGS_OK : SETTINGS_BAD_VALUE;
}

settings_refusal_t settings_judge(settings_id_t id, const settings_raw_t *raw,
                                  const settings_sys_t *sys, settings_value_t *out)
{
    const settings_row_t *row = &settings_rows[id];
    settings_char_t s[SETTINGS__STRING_MAX + 1];
    if (raw->type >= 32 || !(row->types & (1u << raw->type)))
        return SETTINGS_BAD_TYPE;
    switch (row->kind) {
    case SETTINGS_KIND_FLAG:
    case SETTINGS_KIND_BYTES:
        return settings__number(row, raw, &out->number);
    case SETTINGS_KIND_PATH:
        if (raw->size > SETTINGS__STRING_MAX * sizeof *s)
            return SETTINGS_PATH_TOO_LONG;
        settings__string(raw, s, sizeof s / sizeof s[0]);
        return settings__path(s, raw->type == SETTINGS_REG_EXPAND_SZ, sys, out->path);
    case SETTINGS_KIND_FORMATS:
        if (raw->size > SETTINGS__FORMATS_MAX * sizeof *s)
            return SETTINGS_BAD_VALUE;
        settings__string(raw, s, sizeof s / sizeof s[0]);
        return settings__formats(s, &out->formats) ? SETTINGS_OK : SETTINGS_BAD_VALUE;
    case SETTINGS_KIND_NAMES:
        return settings__names(raw, out->names);
    }
    return SETTINGS_BAD_TYPE;
}

static void settings__put_string(settings_raw_t *out, uint32_t type, const settings_char_t *s,
                                 size_t n)
{
    out->type = type;
    out->size = (uint32_t)((n + 1) * sizeof *s);
    memcpy(out->data, s, n * sizeof *s);
    memset(out->data + n * sizeof *s, 0, sizeof *s);
}

static void settings__put_number(settings_raw_t *out, uint64_t v)
{
    if (v <= UINT32_MAX) {
        uint32_t d = (uint32_t)v;
        out->type = SETTINGS_REG_DWORD;
        out->size = sizeof d;
        memcpy(out->data, &d, sizeof d);
    } else {
        out->type = SETTINGS_REG_QWORD;
        out->size = sizeof v;
        memcpy(out->data, &v, sizeof v);
    }
}

/* Decimal digits, then for a number of bytes an optional K, M or G followed
 * by nothing, B or iB. */
static bool settings__typed_number(const settings_char_t *s, bool units, uint64_t *out)
{
    uint64_t v = 0, unit = 1;
    if (!(*s >= '0' && *s <= '9'))
        return false;
    for (; *s >= '0' && *s <= '9'; s++) {
        if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
            return false;
        v = v * 10 + (uint64_t)(*s - '0');
    }
    if (*s && units) {
        settings_char_t u = settings__upper(*s++);
        unit = u == 'K' ? 1ULL << 10 : u == 'M' ? 1ULL << 20 : u == 'G' ? 1ULL << 30 : 0;
        size_t rest = settings__len(s);
        if (unit == 0 || !(rest == 0 || settings__same_ascii(s, rest, "B") ||
                           settings__same_ascii(s, rest, "iB")))
            return false;
    } else if (*s) {
        return false;
    }
    if (v > UINT64_MAX / unit)
        return false;
    *out = v * unit;
    return true;
}

/* Appends one typed name to a list being built, unless it is there already. */
static settings_refusal_t settings__add_name(settings_char_t *list, size_t *used,
                                             const settings_char_t *s, size_t len)
{
    if (!settings__name_ok(s, len))
        return SETTINGS_BAD_VALUE;
    for (size_t e = 0; e < *used; e += settings__len(list + e) + 1)
        if (settings__len(list + e) == len && settings__same(list + e, s, len))
            return SETTINGS_OK;
    if (*used + len + 2 > SETTINGS_LIST_MAX)
        return SETTINGS_LIST_TOO_LONG;
    memcpy(list + *used, s, len * sizeof *s);
    *used += len;
    list[(*used)++] = 0;
    return SETTINGS_OK;
}

static settings_refusal_t settings__typed_names(size_t n, const settings_char_t *const words[],
                                                settings_raw_t *out)
{
    settings_char_t list[SETTINGS_LIST_MAX];
    size_t used = 0;
    if (n == 0)
        return SETTINGS_NO_WORDS;
    for (size_t w = 0; w < n; w++) {
        const settings_char_t *s = words[w], *comma;
        do {
            size_t rest = settings__len(s);
            comma = settings__find(s, rest, ',');
            settings_refusal_t r =
                settings__add_name(list, &used, s, comma ? (size_t)(comma - s) : rest);
            if (r != SETTINGS_OK)
                return r;
            if (comma)
                s = comma + 1;
        } while (comma);
    }
    list[used++] = 0;
    out->type = SETTINGS_REG_MULTI_SZ;
    out->size = (uint32_t)(used * sizeof *list);
    memcpy(out->data, list, out->size);
    return SETTINGS_OK;
}

static settings_refusal_t settings__typed(const settings_row_t *row, const settings_char_t *word,
                                          settings_raw_t *out)
{
    size_t n = settings__len(word);
    uint64_t v = 0;
    unsigned f = 0;
    switch (row->kind) {
    case SETTINGS_KIND_FLAG:
    case SETTINGS_KIND_BYTES:
        if (!settings__typed_number(word, row->kind == SETTINGS_KIND_BYTES, &v))
            return row->kind == SETTINGS_KIND_BYTES ? SETTINGS_BAD_NUMBER : SETTINGS_BAD_VALUE;
        settings__put_number(out, v);
        return SETTINGS_OK;
    case SETTINGS_KIND_PATH:
        if ((n + 1) * sizeof *word > SETTINGS_VALUE_MAX)
            return SETTINGS_PATH_TOO_LONG;
        while (n > 3 && word[n - 1] == '\\')
            n--;
        settings__put_string(
            out, settings__find(word, n, '%') ? SETTINGS_REG_EXPAND_SZ : SETTINGS_REG_SZ, word, n);
        return SETTINGS_OK;
    case SETTINGS_KIND_FORMATS:
        if (!settings__formats(word, &f))
            return SETTINGS_BAD_VALUE;
        settings__put_string(out, SETTINGS_REG_SZ,
                             f == SETTINGS_JSON   ? u"json"
                             : f == SETTINGS_TEXT ? u"text"
                                                  : u"json,text",
                             f == (SETTINGS_JSON | SETTINGS_TEXT) ? 9 : 4);
        return SETTINGS_OK;
    case SETTINGS_KIND_NAMES:
        break;
    }
    return SETTINGS_BAD_TYPE;
}

settings_refusal_t settings_parse(settings_id_t id, size_t n, const settings_char_t *const words[],
                                  const settings_sys_t *sys, settings_raw_t *out)
{
    const settings_row_t *row = &settings_rows[id];
    settings_refusal_t r;
    memset(out, 0, sizeof *out);
    if (row->kind == SETTINGS_KIND_NAMES)
        r = settings__typed_names(n, words, out);
    else
        r = n == 1 ? settings__typed(row, words[0], out) : SETTINGS_ONE_WORD;
    if (r != SETTINGS_OK)
        return r;
    /* What is stored must be what siotrace reads. */
    settings_value_t check;
    return settings_judge(id, out, sys, &check);
}

settings_refusal_t settings_default(settings_id_t id, const settings_sys_t *sys,
                                    settings_value_t *out)
{
    const settings_row_t *row = &settings_rows[id];
    settings_char_t word[SETTINGS__FORMATS_MAX];
    size_t n = strlen(row->fallback);
    if (n >= sizeof word / sizeof word[0])
        return SETTINGS_PATH_TOO_LONG;
    for (size_t i = 0; i <= n; i++)
        word[i] = (unsigned char)row->fallback[i];
    switch (row->kind) {
    case SETTINGS_KIND_FLAG:
    case SETTINGS_KIND_BYTES:
        return settings__typed_number(word, row->kind == SETTINGS_KIND_BYTES, &out->number)
                   ? SETTINGS_OK
                   : SETTINGS_BAD_NUMBER;
    case SETTINGS_KIND_PATH:
        return settings__path(word, true, sys, out->path);
    case SETTINGS_KIND_FORMATS:
        return settings__formats(word, &out->formats) ? SETTINGS_OK : SETTINGS_BAD_VALUE;
    case SETTINGS_KIND_NAMES:
        out->names[0] = 0;
        return SETTINGS_OK;
    }
    return SETTINGS_BAD_TYPE;
}

bool settings_names_match(const settings_char_t *names, const settings_char_t *image)
{
    size_t len = settings__len(image), stem = len;
    for (size_t i = len; i > 0; i--)
        if (image[i - 1] == '.') {
            stem = i - 1;
            break;
        }
    for (const settings_char_t *e = names; *e; e += settings__len(e) + 1) {
        size_t n = settings__len(e);
        if (n == len && settings__same(e, image, n))
            return true;
        if (n == stem && !settings__find(e, n, '.') && settings__same(e, image, n))
            return true;
    }
    return false;
}
