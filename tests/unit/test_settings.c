/* The settings' rules (lsp/settings): what siotrace.dll makes of each
 * registry value, what lspctl stores for what a person types, and that the
 * second is always accepted by the first. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "settings.h"

static const settings_sys_t sys = {u"C:\\Windows", u"D:\\ProgramData"};
static settings_raw_t raw;
static settings_value_t val;
static char msg[256];
static const unsigned char zeros[SETTINGS_VALUE_MAX];

static size_t u16len(const settings_char_t *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

static bool u16eq(const settings_char_t *a, const settings_char_t *b)
{
    return u16len(a) == u16len(b) && memcmp(a, b, u16len(a) * sizeof *a) == 0;
}

static settings_refusal_t judge_bytes(int id, uint32_t type, const void *data, uint32_t size)
{
    memset(&raw, 0, sizeof raw);
    memset(&val, 0, sizeof val);
    raw.type = type;
    raw.size = size;
    memcpy(raw.data, data, size <= sizeof raw.data ? size : 0);
    return settings_judge((settings_id_t)id, &raw, &sys, &val);
}

/* A string value as the registry holds it: its characters and a NUL. */
static settings_refusal_t judge_str(int id, uint32_t type, const settings_char_t *s)
{
    return judge_bytes(id, type, s, (uint32_t)((u16len(s) + 1) * sizeof *s));
}

static settings_refusal_t judge_u32(int id, uint32_t v)
{
    return judge_bytes(id, SETTINGS_REG_DWORD, &v, sizeof v);
}

static settings_refusal_t judge_u64(int id, uint64_t v)
{
    return judge_bytes(id, SETTINGS_REG_QWORD, &v, sizeof v);
}

static settings_refusal_t parse(int id, size_t n, const settings_char_t *const words[])
{
    return settings_parse((settings_id_t)id, n, words, &sys, &raw);
}

static settings_refusal_t parse1(int id, const settings_char_t *word)
{
    const settings_char_t *words[1] = {word};
    return parse(id, 1, words);
}

static bool stored_str(uint32_t type, const settings_char_t *s)
{
    return raw.type == type && raw.size == (u16len(s) + 1) * sizeof *s &&
           memcmp(raw.data, s, raw.size) == 0;
}

static bool stored_num(uint32_t type, uint64_t v)
{
    uint64_t got = 0;
    memcpy(&got, raw.data, raw.size);
    return raw.type == type && raw.size == (type == SETTINGS_REG_DWORD ? 4u : 8u) && got == v;
}

static const char *expected(int id, settings_refusal_t r)
{
    settings_expected((settings_id_t)id, r, msg, sizeof msg);
    return msg;
}

static void test_table(void)
{
    check(SETTINGS_COUNT == 7, "%d settings", SETTINGS_COUNT);
    for (int i = 0; i < SETTINGS_COUNT; i++) {
        const settings_row_t *row = &settings_rows[i];
        check(settings_find(row->name) == i, "%s", row->name);
        check(row->expected[0] && row->shown[0], "%s", row->name);
        check(settings_default((settings_id_t)i, &sys, &val) == SETTINGS_OK, "%s", row->name);
        for (int j = 0; j < i; j++)
            check(settings_find(settings_rows[j].name) != i, "%s twice", row->name);
        for (int r = SETTINGS_OK + 1; r < SETTINGS_REFUSALS; r++)
            check(expected(i, (settings_refusal_t)r)[0], "%s: refusal %d says nothing", row->name,
                  r);
    }
    check(settings_find("maxfilebytes") == SETTINGS_MAX_FILE_BYTES, "any case");
    check(settings_find("Colour") == -1, "unknown");
    check(settings_find("Enable") == -1, "a prefix is not a name");

    settings_default(SETTINGS_LOG_DIRECTORY, &sys, &val);
    check(u16eq(val.path, u"D:\\ProgramData\\siotrace\\logs"), "default directory");
    settings_default(SETTINGS_MAX_FILE_BYTES, &sys, &val);
    check(val.number == 64ull << 20, "%llu", (unsigned long long)val.number);
    settings_default(SETTINGS_FORMATS, &sys, &val);
    check(val.formats == SETTINGS_JSON, "json alone");
    settings_default(SETTINGS_AUDIT, &sys, &val);
    check(val.number == 1, "audit on");
    const settings_sys_t none = {u"", u""};
    check(settings_default(SETTINGS_LOG_DIRECTORY, &none, &val) == SETTINGS_BAD_VARIABLE,
          "no ProgramData, no default directory");
}

static void test_numbers(void)
{
    check(judge_u32(SETTINGS_ENABLED, 0) == SETTINGS_OK && val.number == 0, "0");
    check(judge_u64(SETTINGS_ENABLED, 1) == SETTINGS_OK && val.number == 1, "QWORD 1");
    check(judge_u32(SETTINGS_ENABLED, 7) == SETTINGS_BAD_VALUE, "out of range");
    check_str(expected(SETTINGS_ENABLED, SETTINGS_BAD_VALUE), "1 (trace) or 0 (do not)");
    check(judge_str(SETTINGS_ENABLED, SETTINGS_REG_SZ, u"1") == SETTINGS_BAD_TYPE, "a string");
    check_str(expected(SETTINGS_ENABLED, SETTINGS_BAD_TYPE), "a REG_DWORD or REG_QWORD");
    check(judge_bytes(SETTINGS_ENABLED, SETTINGS_REG_DWORD, "\1\0", 2) == SETTINGS_BAD_TYPE,
          "a DWORD of 2 bytes");
    check(judge_u32(SETTINGS_AUDIT, 0) == SETTINGS_OK &&
              judge_u32(SETTINGS_AUDIT, 2) == SETTINGS_BAD_VALUE,
          "Audit");
    check(judge_u32(SETTINGS_MAX_FILE_BYTES, 4096) == SETTINGS_OK, "the least");
    check(judge_u32(SETTINGS_MAX_FILE_BYTES, 100) == SETTINGS_BAD_VALUE, "below");
    check_str(expected(SETTINGS_MAX_FILE_BYTES, SETTINGS_BAD_VALUE), "at least 4096 bytes");
    check(judge_u64(SETTINGS_MAX_FILE_BYTES, 1ull << 32) == SETTINGS_OK && val.number == 1ull << 32,
          "QWORD");

    check(parse1(SETTINGS_ENABLED, u"1") == SETTINGS_OK && stored_num(SETTINGS_REG_DWORD, 1), "1");
    check(parse1(SETTINGS_ENABLED, u"0") == SETTINGS_OK && stored_num(SETTINGS_REG_DWORD, 0), "0");
    check(parse1(SETTINGS_ENABLED, u"2") == SETTINGS_BAD_VALUE, "2");
    check(parse1(SETTINGS_ENABLED, u"yes") == SETTINGS_BAD_VALUE, "yes");
    check(parse(SETTINGS_ENABLED, 0, NULL) == SETTINGS_ONE_WORD, "no word");
    check_str(expected(SETTINGS_ENABLED, SETTINGS_ONE_WORD), "exactly one value");
    check(parse1(SETTINGS_AUDIT, u"0") == SETTINGS_OK && stored_num(SETTINGS_REG_DWORD, 0),
          "Audit");

    check(parse1(SETTINGS_MAX_FILE_BYTES, u"65536") == SETTINGS_OK &&
              stored_num(SETTINGS_REG_DWORD, 65536),
          "65536");
    check(parse1(SETTINGS_MAX_FILE_BYTES, u"64K") == SETTINGS_OK &&
              stored_num(SETTINGS_REG_DWORD, 65536),
          "64K");
    check(parse1(SETTINGS_MAX_FILE_BYTES, u"1MiB") == SETTINGS_OK &&
              stored_num(SETTINGS_REG_DWORD, 1 << 20),
          "1MiB");
    check(parse1(SETTINGS_MAX_FILE_BYTES, u"8G") == SETTINGS_OK &&
              stored_num(SETTINGS_REG_QWORD, 8ull << 30),
          "8G");
    check(parse1(SETTINGS_MAX_FILE_BYTES, u"4095") == SETTINGS_BAD_VALUE, "4095");
    check(parse1(SETTINGS_MAX_FILE_BYTES, u"12X") == SETTINGS_BAD_NUMBER, "12X");
    check(parse1(SETTINGS_MAX_FILE_BYTES, u"12KX") == SETTINGS_BAD_NUMBER, "12KX");
    check(parse1(SETTINGS_MAX_FILE_BYTES, u"-1") == SETTINGS_BAD_NUMBER, "-1");
    check(parse1(SETTINGS_MAX_FILE_BYTES, u"18446744073709551615") == SETTINGS_OK, "2^64-1");
    check(parse1(SETTINGS_MAX_FILE_BYTES, u"18446744073709551616") == SETTINGS_BAD_NUMBER, "2^64");
    check(parse1(SETTINGS_MAX_FILE_BYTES, u"99999999999999999999999") == SETTINGS_BAD_NUMBER,
          "past 64 bits");
    check(parse1(SETTINGS_MAX_FILE_BYTES, u"17179869184G") == SETTINGS_BAD_NUMBER,
          "past 64 bits once multiplied");
}

static void test_expand(void)
{
    settings_char_t out[64];
    check(settings_expand(u"%SystemRoot%\\x", &sys, out, 64) == SETTINGS_OK &&
              u16eq(out, u"C:\\Windows\\x"),
          "SystemRoot");
    check(settings_expand(u"%WINDIR%%systemdrive%", &sys, out, 64) == SETTINGS_OK &&
              u16eq(out, u"C:\\WindowsC:"),
          "windir, SystemDrive, any case");
    check(settings_expand(u"%ProgramData%", &sys, out, 64) == SETTINGS_OK &&
              u16eq(out, u"D:\\ProgramData"),
          "ProgramData");
    check(settings_expand(u"%TEMP%\\x", &sys, out, 64) == SETTINGS_BAD_VARIABLE, "TEMP");
    check(settings_expand(u"C:\\50%", &sys, out, 64) == SETTINGS_BAD_VARIABLE, "a lone %%");
    check(settings_expand(u"%%", &sys, out, 64) == SETTINGS_BAD_VARIABLE, "no name");
    check(settings_expand(u"%SystemRoot%\\x", &sys, out, 12) == SETTINGS_PATH_TOO_LONG, "too long");
    check(settings_expand(u"%SystemRoot%", &sys, out, 11) == SETTINGS_OK, "just fits");
    const settings_sys_t unc = {u"\\\\srv\\win", u""};
    check(settings_expand(u"%SystemDrive%", &unc, out, 64) == SETTINGS_BAD_VARIABLE,
          "no drive letter, no SystemDrive");
    check(settings_expand(u"%ProgramData%", &unc, out, 64) == SETTINGS_BAD_VARIABLE,
          "unknown ProgramData");
}

static void test_paths(void)
{
    const int d = SETTINGS_LOG_DIRECTORY;
    check(judge_str(d, SETTINGS_REG_SZ, u"C:\\logs\\siot") == SETTINGS_OK &&
              u16eq(val.path, u"C:\\logs\\siot"),
          "REG_SZ");
    check(judge_str(d, SETTINGS_REG_SZ, u"c:\\logs\\\\") == SETTINGS_OK &&
              u16eq(val.path, u"c:\\logs"),
          "trailing separators dropped");
    check(judge_str(d, SETTINGS_REG_SZ, u"C:\\") == SETTINGS_OK && u16eq(val.path, u"C:\\"),
          "a drive's root");
    check(judge_str(d, SETTINGS_REG_EXPAND_SZ, u"%ProgramData%\\siotrace\\x") == SETTINGS_OK &&
              u16eq(val.path, u"D:\\ProgramData\\siotrace\\x"),
          "REG_EXPAND_SZ");
    check(judge_str(d, SETTINGS_REG_SZ, u"%ProgramData%\\x") == SETTINGS_BAD_VALUE,
          "REG_SZ is not expanded");
    check(judge_str(d, SETTINGS_REG_EXPAND_SZ, u"%TEMP%\\x") == SETTINGS_BAD_VARIABLE, "TEMP");
    check(strstr(expected(d, SETTINGS_BAD_VARIABLE), "never reads the environment") != NULL, "%s",
          msg);
    check(judge_str(d, SETTINGS_REG_SZ, u"relative\\logs") == SETTINGS_BAD_VALUE, "relative");
    check(strstr(expected(d, SETTINGS_BAD_VALUE), "absolute path on a local drive") != NULL, "%s",
          msg);
    check(judge_str(d, SETTINGS_REG_SZ, u"\\\\server\\share\\logs") == SETTINGS_BAD_VALUE, "UNC");
    check(judge_str(d, SETTINGS_REG_SZ, u"C:logs") == SETTINGS_BAD_VALUE, "drive-relative");
    check(judge_str(d, SETTINGS_REG_SZ, u"C:\\a\\..\\b") == SETTINGS_DOT_PART, "..");
    check(judge_str(d, SETTINGS_REG_SZ, u"C:\\a\\.") == SETTINGS_DOT_PART, ".");
    check(judge_str(d, SETTINGS_REG_SZ, u"C:\\a..b\\.c") == SETTINGS_OK, "dots in names");
    check_str(expected(d, SETTINGS_DOT_PART), "a path without . or .. parts");
    check(judge_str(d, SETTINGS_REG_SZ, u"C:\\a/b") == SETTINGS_BAD_CHARS, "/");
    check(judge_str(d, SETTINGS_REG_SZ, u"C:\\a\\b:c") == SETTINGS_BAD_CHARS, ":");
    check(judge_str(d, SETTINGS_REG_SZ, u"C:\\a\tb") == SETTINGS_BAD_CHARS, "a control character");
    check(judge_str(d, SETTINGS_REG_MULTI_SZ, u"C:\\x") == SETTINGS_BAD_TYPE, "a list");
    check(judge_u32(d, 1) == SETTINGS_BAD_TYPE, "a number");

    settings_char_t longdir[SETTINGS_PATH_MAX + 2] = u"C:\\";
    for (size_t i = 3; i < SETTINGS_PATH_MAX; i++)
        longdir[i] = 'a';
    check(judge_str(d, SETTINGS_REG_SZ, longdir) == SETTINGS_OK, "180 characters");
    longdir[SETTINGS_PATH_MAX] = 'a';
    check(judge_str(d, SETTINGS_REG_SZ, longdir) == SETTINGS_PATH_TOO_LONG, "181 characters");
    check_str(expected(d, SETTINGS_PATH_TOO_LONG),
              "a path of at most 180 characters once expanded");
    longdir[0] = '%'; /* "%:\aaa..." names no variable */
    check(judge_str(d, SETTINGS_REG_EXPAND_SZ, longdir) == SETTINGS_BAD_VARIABLE, "lone %%");
    check(judge_bytes(d, SETTINGS_REG_SZ, zeros, 3000) == SETTINGS_PATH_TOO_LONG, "3000 bytes");
    check(judge_bytes(d, SETTINGS_REG_SZ, zeros, SETTINGS_VALUE_MAX + 1) == SETTINGS_PATH_TOO_LONG,
          "more than any program reads");

    check(parse1(d, u"C:\\logs\\siot") == SETTINGS_OK &&
              stored_str(SETTINGS_REG_SZ, u"C:\\logs\\siot"),
          "typed");
    check(parse1(d, u"C:\\logs\\") == SETTINGS_OK && stored_str(SETTINGS_REG_SZ, u"C:\\logs"),
          "typed with a trailing separator");
    check(parse1(d, u"%ProgramData%\\siotrace\\logs") == SETTINGS_OK &&
              stored_str(SETTINGS_REG_EXPAND_SZ, u"%ProgramData%\\siotrace\\logs"),
          "typed with a variable");
    check(parse1(d, u"%SystemDrive%\\x") == SETTINGS_OK, "SystemDrive");
    check(parse1(d, u"%TEMP%\\x") == SETTINGS_BAD_VARIABLE, "TEMP");
    check(parse1(d, u"logs") == SETTINGS_BAD_VALUE, "relative");
    check(parse1(d, u"\\\\server\\share\\logs") == SETTINGS_BAD_VALUE, "UNC");
    check(parse1(d, u"C:\\a\\..\\b") == SETTINGS_DOT_PART, "..");
    check(parse1(d, u"C:\\a/b") == SETTINGS_BAD_CHARS, "/");
    longdir[0] = 'C';
    check(parse1(d, longdir) == SETTINGS_PATH_TOO_LONG, "181 characters");
    longdir[SETTINGS_PATH_MAX] = 0;
    check(parse1(d, longdir) == SETTINGS_OK, "180 characters");
    const settings_char_t *two[2] = {u"C:\\a", u"C:\\b"};
    check(parse(d, 2, two) == SETTINGS_ONE_WORD, "two paths");
}

static void test_formats(void)
{
    const int f = SETTINGS_FORMATS;
    check(judge_str(f, SETTINGS_REG_SZ, u"json") == SETTINGS_OK && val.formats == SETTINGS_JSON,
          "json");
    check(judge_str(f, SETTINGS_REG_SZ, u"text") == SETTINGS_OK && val.formats == SETTINGS_TEXT,
          "text alone");
    check(judge_str(f, SETTINGS_REG_SZ, u" Text,\tJSON ,json") == SETTINGS_OK &&
              val.formats == (SETTINGS_JSON | SETTINGS_TEXT),
          "both, any case and separators");
    check(judge_str(f, SETTINGS_REG_EXPAND_SZ, u"json") == SETTINGS_OK, "REG_EXPAND_SZ");
    check(judge_str(f, SETTINGS_REG_SZ, u"xml") == SETTINGS_BAD_VALUE, "xml");
    check(judge_str(f, SETTINGS_REG_SZ, u"json,xml") == SETTINGS_BAD_VALUE, "one unknown word");
    check(judge_str(f, SETTINGS_REG_SZ, u" , ") == SETTINGS_BAD_VALUE, "no word");
    check(judge_str(f, SETTINGS_REG_MULTI_SZ, u"json") == SETTINGS_BAD_TYPE, "a list");
    check_str(expected(f, SETTINGS_BAD_VALUE), "json, text or json,text");
    settings_char_t spaced[80];
    for (size_t i = 0; i < 75; i++)
        spaced[i] = ' ';
    memcpy(spaced + 75, u"json", 5 * sizeof *spaced);
    check(judge_str(f, SETTINGS_REG_SZ, spaced) == SETTINGS_BAD_VALUE, "longer than 64");

    check(parse1(f, u"json") == SETTINGS_OK && stored_str(SETTINGS_REG_SZ, u"json"), "json");
    check(parse1(f, u"JSON,Text") == SETTINGS_OK && stored_str(SETTINGS_REG_SZ, u"json,text"),
          "JSON,Text");
    check(parse1(f, u"text,json") == SETTINGS_OK && stored_str(SETTINGS_REG_SZ, u"json,text"),
          "text,json");
    check(parse1(f, u"text") == SETTINGS_OK && stored_str(SETTINGS_REG_SZ, u"text"),
          "text alone, as siotrace.dll reads it");
    check(parse1(f, u"xml") == SETTINGS_BAD_VALUE, "xml");
}

static void test_names(void)
{
    const int inc = SETTINGS_INCLUDE, exc = SETTINGS_EXCLUDE;
#define LIST(s) s, sizeof s
    static const struct {
        const settings_char_t *list;
        uint32_t size;
        const settings_char_t *image;
        bool match;
        const char *why;
    } matches[] = {
        {LIST(u"other.exe\0E2E_PROBE.EXE\0"), u"e2e_probe.exe", true, "any case"},
        {LIST(u"other.exe\0E2E_PROBE.EXE\0"), u"OTHER.exe", true, "the first name"},
        {LIST(u"other.exe\0E2E_PROBE.EXE\0"), u"e2e_probe.com", false, "another extension"},
        {LIST(u"other.exe\0E2E_PROBE.EXE\0"), u"probe.exe", false, "another name"},
        {LIST(u"curl\0a.b\0"), u"Curl.exe", true, "a name without its extension"},
        {LIST(u"curl\0a.b\0"), u"curl", true, "an image without extension"},
        {LIST(u"curl\0a.b\0"), u"curl.x.exe", false, "the extension is after the last dot"},
        {LIST(u"curl\0a.b\0"), u"a.exe", false, "a name with a dot is whole"},
    };
#undef LIST
    for (size_t i = 0; i < sizeof matches / sizeof matches[0]; i++) {
        check(judge_bytes(exc, SETTINGS_REG_MULTI_SZ, matches[i].list, matches[i].size) ==
                  SETTINGS_OK,
              "%s", matches[i].why);
        check(settings_names_match(val.names, matches[i].image) == matches[i].match, "%s",
              matches[i].why);
    }
    static const settings_char_t cut[] = u"a.exe\0\0b.exe\0";
    check(judge_bytes(inc, SETTINGS_REG_MULTI_SZ, cut, sizeof cut) == SETTINGS_OK &&
              !settings_names_match(val.names, u"b.exe"),
          "the list ends at an empty name");
    check(judge_bytes(inc, SETTINGS_REG_MULTI_SZ, u"", 2) == SETTINGS_OK && val.names[0] == 0,
          "an empty list");
    check(judge_bytes(inc, SETTINGS_REG_MULTI_SZ, u"ab", 4) == SETTINGS_OK &&
              settings_names_match(val.names, u"ab.exe"),
          "no terminator");
    static const settings_char_t path[] = u"C:\\x.exe\0";
    check(judge_bytes(exc, SETTINGS_REG_MULTI_SZ, path, sizeof path) == SETTINGS_BAD_VALUE,
          "a path");
    check(judge_str(exc, SETTINGS_REG_SZ, u"a.exe") == SETTINGS_BAD_TYPE, "a REG_SZ");
    check_str(expected(exc, SETTINGS_BAD_TYPE), "a REG_MULTI_SZ");
    check(judge_bytes(exc, SETTINGS_REG_MULTI_SZ, zeros, (SETTINGS_LIST_MAX + 1) * 2) ==
              SETTINGS_LIST_TOO_LONG,
          "too long");
    check_str(expected(exc, SETTINGS_LIST_TOO_LONG), "a list of at most 4094 characters");

    const settings_char_t *names[] = {u"curl.exe", u"a.exe,B.EXE", u"curl.exe", u"b.exe"};
    check(parse(inc, 4, names) == SETTINGS_OK && raw.type == SETTINGS_REG_MULTI_SZ &&
              raw.size == sizeof u"curl.exe\0a.exe\0B.EXE\0" &&
              memcmp(raw.data, u"curl.exe\0a.exe\0B.EXE\0", raw.size) == 0,
          "split, repeats dropped");
    check(parse1(exc, u"C:\\x.exe") == SETTINGS_BAD_VALUE, "a path");
    check(parse1(exc, u"a.exe,,b.exe") == SETTINGS_BAD_VALUE, "an empty name");
    check(parse(exc, 0, NULL) == SETTINGS_NO_WORDS, "no name");
    check(strstr(expected(exc, SETTINGS_NO_WORDS), "config unset") != NULL, "%s", msg);
    static settings_char_t many[SETTINGS_LIST_MAX + 8];
    for (size_t i = 0; i < SETTINGS_LIST_MAX; i++)
        many[i] = i % 200 == 199 ? ',' : 'a' + (settings_char_t)(i / 200);
    check(parse1(exc, many) == SETTINGS_LIST_TOO_LONG, "a list too long");
    many[3990] = 0;
    check(parse1(exc, many) == SETTINGS_OK, "a long list");
}

/* What lspctl stores for a typed value, siotrace reads as the same value. */
static void test_round_trip(void)
{
    static const struct {
        int id;
        const settings_char_t *word;
    } cases[] = {
        {SETTINGS_ENABLED, u"0"},         {SETTINGS_AUDIT, u"1"},
        {SETTINGS_MAX_FILE_BYTES, u"5G"}, {SETTINGS_FORMATS, u"text"},
        {SETTINGS_INCLUDE, u"a,b.exe"},   {SETTINGS_LOG_DIRECTORY, u"%windir%\\logs\\"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        check(parse1(cases[i].id, cases[i].word) == SETTINGS_OK, "case %zu", i);
        check(settings_judge((settings_id_t)cases[i].id, &raw, &sys, &val) == SETTINGS_OK,
              "case %zu", i);
    }
    check(u16eq(val.path, u"C:\\Windows\\logs"), "the last case's directory");
}

int main(void)
{
    test_table();
    test_numbers();
    test_expand();
    test_paths();
    test_formats();
    test_names();
    test_round_trip();
    return check_done("test_settings");
}
