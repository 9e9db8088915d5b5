/* Neither folder comes from the environment. A user sets their own
 * processes' variables (HKCU\Environment overrides ProgramData, for their
 * elevated processes too), a service may be started with any environment,
 * and a process started with an empty one has none: none of that may choose
 * where a privileged process writes.
 * - SystemRoot: GetSystemWindowsDirectoryW, the path the kernel gives every
 *   process (not GetWindowsDirectoryW, which on a terminal server gives a
 *   per-user folder).
 * - ProgramData: the ProfileList key's ProgramData value in HKLM, from which
 *   Windows builds every process's ProgramData variable; it names
 *   %SystemDrive%, expanded from SystemRoot; without it, Windows' own
 *   default, <SystemDrive>\ProgramData. Not SHGetKnownFolderPath: it would
 *   load shell32 and COM into every Winsock process, services and processes
 *   started early in boot alike, a weight and a risk a tracer must not add.
 * Both are plain reads, safe in any process that has started Winsock. */
#include <windows.h>

#include <string.h>

#include "settings_sys.h"

_Static_assert(sizeof(WCHAR) == sizeof(settings_char_t), "registry strings are UTF-16");
_Static_assert(SETTINGS_REG_SZ == REG_SZ && SETTINGS_REG_EXPAND_SZ == REG_EXPAND_SZ &&
                   SETTINGS_REG_DWORD == REG_DWORD && SETTINGS_REG_MULTI_SZ == REG_MULTI_SZ &&
                   SETTINGS_REG_QWORD == REG_QWORD,
               "the registry's type numbers");

#define SETTINGS_SYS__PROFILES L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList"

static void settings_sys__root(settings_sys_t *sys)
{
    UINT n = GetSystemWindowsDirectoryW((LPWSTR)sys->system_root, SETTINGS_SYS_MAX);
    if (n == 0 || n >= SETTINGS_SYS_MAX)
        sys->system_root[0] = 0;
}

/* The raw ProfileList value, NUL-terminated; false when absent or unusable. */
static bool settings_sys__profile_value(settings_char_t *out, size_t cap)
{
    HKEY key;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, SETTINGS_SYS__PROFILES, 0,
                      KEY_QUERY_VALUE | KEY_WOW64_64KEY, &key) != ERROR_SUCCESS)
        return false;
    DWORD type = 0, size = (DWORD)((cap - 1) * sizeof *out);
    LSTATUS st = RegQueryValueExW(key, L"ProgramData", NULL, &type, (BYTE *)out, &size);
    RegCloseKey(key);
    if (st != ERROR_SUCCESS || (type != REG_SZ && type != REG_EXPAND_SZ))
        return false;
    out[size / sizeof *out] = 0;
    return true;
}

static void settings_sys__program_data(settings_sys_t *sys)
{
    static const settings_char_t fallback[] = u"%SystemDrive%\\ProgramData";
    settings_char_t raw[SETTINGS_SYS_MAX], out[SETTINGS_SYS_MAX];
    /* Expanded while ProgramData is still empty, so it cannot name itself. */
    sys->program_data[0] = 0;
    if (!(settings_sys__profile_value(raw, SETTINGS_SYS_MAX) &&
          settings_expand(raw, sys, out, SETTINGS_SYS_MAX) == SETTINGS_OK) &&
        settings_expand(fallback, sys, out, SETTINGS_SYS_MAX) != SETTINGS_OK)
        return;
    memcpy(sys->program_data, out, sizeof out);
}

void settings_sys_load(settings_sys_t *sys)
{
    settings_sys__root(sys);
    settings_sys__program_data(sys);
}
