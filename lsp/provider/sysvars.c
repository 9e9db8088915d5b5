#include <windows.h>

#include <string.h>

#include "regval.h"
#include "sysvars.h"

#define SYSVARS__NAME_MAX 32

static bool sysvars__append(wchar_t *out, size_t cap, size_t *len, const wchar_t *s, size_t n)
{
    if (*len + n + 1 > cap)
        return false;
    memcpy(out + *len, s, n * sizeof *s);
    *len += n;
    out[*len] = L'\0';
    return true;
}

static bool sysvars__windows_dir(wchar_t *out, size_t cap)
{
    UINT n = GetSystemWindowsDirectoryW(out, (UINT)cap);
    return n > 0 && n < cap;
}

/* The drive of the Windows directory ("C:"), which is what SystemDrive is. */
static bool sysvars__system_drive(wchar_t *out, size_t cap)
{
    wchar_t win[MAX_PATH];
    if (!sysvars__windows_dir(win, MAX_PATH) || win[0] == L'\0' || win[1] != L':' || cap < 3)
        return false;
    out[0] = win[0];
    out[1] = L':';
    out[2] = L'\0';
    return true;
}

static bool sysvars__expand(const wchar_t *in, wchar_t *out, size_t cap, bool allow_programdata);

/* ProgramData as the system profile list records it (HKLM only). */
static bool sysvars__program_data(wchar_t *out, size_t cap)
{
    wchar_t raw[MAX_PATH];
    bool expand = false;
    HKEY key = regval_open(L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList");
    if (key) {
        regval_status_t st = regval_string(key, L"ProgramData", raw, MAX_PATH, &expand);
        RegCloseKey(key);
        if (st == REGVAL_OK && sysvars__expand(raw, out, cap, false))
            return true;
    }
    wchar_t drive[4];
    size_t len = 0;
    out[0] = L'\0';
    return sysvars__system_drive(drive, 4) && sysvars__append(out, cap, &len, drive, 2) &&
           sysvars__append(out, cap, &len, L"\\ProgramData", 12);
}

static bool sysvars__value(const wchar_t *name, wchar_t *out, size_t cap, bool allow_programdata)
{
    if (_wcsicmp(name, L"SystemRoot") == 0 || _wcsicmp(name, L"windir") == 0)
        return sysvars__windows_dir(out, cap);
    if (_wcsicmp(name, L"SystemDrive") == 0)
        return sysvars__system_drive(out, cap);
    if (allow_programdata && _wcsicmp(name, L"ProgramData") == 0)
        return sysvars__program_data(out, cap);
    return false;
}

static bool sysvars__expand(const wchar_t *in, wchar_t *out, size_t cap, bool allow_programdata)
{
    size_t len = 0;
    if (cap == 0)
        return false;
    out[0] = L'\0';
    while (*in) {
        const wchar_t *pct = wcschr(in, L'%');
        if (!pct)
            return sysvars__append(out, cap, &len, in, wcslen(in));
        if (!sysvars__append(out, cap, &len, in, (size_t)(pct - in)))
            return false;
        const wchar_t *end = wcschr(pct + 1, L'%');
        size_t n = end ? (size_t)(end - pct - 1) : 0;
        if (!end || n == 0 || n >= SYSVARS__NAME_MAX)
            return false;
        wchar_t name[SYSVARS__NAME_MAX], value[MAX_PATH];
        memcpy(name, pct + 1, n * sizeof *name);
        name[n] = L'\0';
        if (!sysvars__value(name, value, MAX_PATH, allow_programdata) ||
            !sysvars__append(out, cap, &len, value, wcslen(value)))
            return false;
        in = end + 1;
    }
    return true;
}

bool sysvars_expand(const wchar_t *in, wchar_t *out, size_t cap)
{
    return sysvars__expand(in, out, cap, true);
}
