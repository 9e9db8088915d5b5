#include "regval.h"

#define REGVAL__NAME_MAX 32

HKEY regval_open(const wchar_t *hklm_path)
{
    HKEY key;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, hklm_path, 0, KEY_QUERY_VALUE | KEY_WOW64_64KEY, &key) !=
        ERROR_SUCCESS)
        return NULL;
    return key;
}

bool regval_read(HKEY key, const char *name, settings_raw_t *out)
{
    wchar_t wide[REGVAL__NAME_MAX];
    size_t i = 0;
    for (; name[i] && i + 1 < REGVAL__NAME_MAX; i++)
        wide[i] = (unsigned char)name[i];
    wide[i] = L'\0';
    DWORD type = REG_NONE, size = sizeof out->data;
    LSTATUS st = RegQueryValueExW(key, wide, NULL, &type, out->data, &size);
    /* Too big for any setting: its type and size are enough to refuse it. */
    if (st != ERROR_SUCCESS && st != ERROR_MORE_DATA)
        return false;
    out->type = type;
    out->size = size;
    return true;
}
