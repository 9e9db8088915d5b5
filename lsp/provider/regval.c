#include "regval.h"

HKEY regval_open(const wchar_t *hklm_path)
{
    HKEY key;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, hklm_path, 0, KEY_QUERY_VALUE | KEY_WOW64_64KEY,
                      &key) != ERROR_SUCCESS)
        return NULL;
    return key;
}

/* Reads raw bytes into out, keeping room for two terminating NULs. */
static regval_status_t regval__raw(HKEY key, const wchar_t *name, DWORD *type, wchar_t *out,
                                   size_t cap, size_t *chars)
{
    if (cap < 3)
        return REGVAL_BAD;
    DWORD size = (DWORD)((cap - 2) * sizeof(wchar_t));
    LSTATUS st = RegQueryValueExW(key, name, NULL, type, (BYTE *)out, &size);
    if (st == ERROR_FILE_NOT_FOUND)
        return REGVAL_MISSING;
    if (st != ERROR_SUCCESS)
        return REGVAL_BAD;
    *chars = size / sizeof(wchar_t);
    out[*chars] = L'\0';
    out[*chars + 1] = L'\0';
    return REGVAL_OK;
}

regval_status_t regval_string(HKEY key, const wchar_t *name, wchar_t *out, size_t cap,
                              bool *expand)
{
    DWORD type = 0;
    size_t n = 0;
    regval_status_t st = regval__raw(key, name, &type, out, cap, &n);
    if (st != REGVAL_OK)
        return st;
    if (type != REG_SZ && type != REG_EXPAND_SZ)
        return REGVAL_BAD;
    *expand = type == REG_EXPAND_SZ;
    return REGVAL_OK;
}

regval_status_t regval_multi(HKEY key, const wchar_t *name, wchar_t *out, size_t cap)
{
    DWORD type = 0;
    size_t n = 0;
    regval_status_t st = regval__raw(key, name, &type, out, cap, &n);
    if (st != REGVAL_OK)
        return st;
    return type == REG_MULTI_SZ ? REGVAL_OK : REGVAL_BAD;
}

regval_status_t regval_uint(HKEY key, const wchar_t *name, uint64_t *out)
{
    union {
        DWORD d;
        ULONGLONG q;
    } v = {0};
    DWORD type = 0, size = sizeof v;
    LSTATUS st = RegQueryValueExW(key, name, NULL, &type, (BYTE *)&v, &size);
    if (st == ERROR_FILE_NOT_FOUND)
        return REGVAL_MISSING;
    if (st != ERROR_SUCCESS)
        return REGVAL_BAD;
    if (type == REG_DWORD && size == sizeof(DWORD))
        *out = v.d;
    else if (type == REG_QWORD && size == sizeof(ULONGLONG))
        *out = v.q;
    else
        return REGVAL_BAD;
    return REGVAL_OK;
}
