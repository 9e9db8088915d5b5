#include "evsrc.h"

#include <stdio.h>
#include <wchar.h>

#include "config.h"
#include "out.h"

#define EVSRC_TYPES (EVENTLOG_ERROR_TYPE | EVENTLOG_WARNING_TYPE | EVENTLOG_INFORMATION_TYPE)

int evsrc_register(const WCHAR *dll, char *why, size_t n)
{
    HKEY key;
    DWORD types = EVSRC_TYPES;
    LONG err = RegCreateKeyExW(HKEY_LOCAL_MACHINE, EVSRC_KEY, 0, NULL, 0,
                               KEY_SET_VALUE | KEY_WOW64_64KEY, NULL, &key, NULL);
    if (err == ERROR_SUCCESS) {
        err = RegSetValueExW(key, L"EventMessageFile", 0, REG_EXPAND_SZ, (const BYTE *)dll,
                             (DWORD)((wcslen(dll) + 1) * sizeof *dll));
        if (err == ERROR_SUCCESS)
            err = RegSetValueExW(key, L"TypesSupported", 0, REG_DWORD, (const BYTE *)&types,
                                 sizeof types);
        RegCloseKey(key);
    }
    if (err != ERROR_SUCCESS)
        snprintf(why, n, "HKLM\\%ls: error %ld", EVSRC_KEY, (long)err);
    return err == ERROR_SUCCESS ? 0 : -1;
}

int evsrc_message_file(WCHAR *out, size_t n)
{
    HKEY key;
    DWORD size = (DWORD)((n - 1) * sizeof *out), type = 0;
    LONG err =
        RegOpenKeyExW(HKEY_LOCAL_MACHINE, EVSRC_KEY, 0, KEY_QUERY_VALUE | KEY_WOW64_64KEY, &key);
    if (err == ERROR_FILE_NOT_FOUND)
        return 0;
    if (err != ERROR_SUCCESS)
        return -1;
    err = RegQueryValueExW(key, L"EventMessageFile", NULL, &type, (BYTE *)out, &size);
    RegCloseKey(key);
    if (err == ERROR_FILE_NOT_FOUND)
        return 0;
    if (err != ERROR_SUCCESS || (type != REG_SZ && type != REG_EXPAND_SZ))
        return -1;
    out[size / sizeof *out] = L'\0';
    return 1;
}

void evsrc_status(void)
{
    WCHAR msg[MAX_PATH];
    char path[MAX_PATH * 3];
    int rc = evsrc_message_file(msg, MAX_PATH);

    printf("Event Log source siotrace: %s%s\n",
           rc == 1   ? "registered, messages from "
           : rc == 0 ? "not registered (lspctl install registers it)"
                     : "cannot be read",
           rc == 1 ? out_utf8(msg, path, sizeof path) : "");
}

static int evsrc__delete_key(const WCHAR *path, const char *what)
{
    LONG err = RegDeleteKeyExW(HKEY_LOCAL_MACHINE, path, KEY_WOW64_64KEY, 0);
    if (err == ERROR_SUCCESS || err == ERROR_FILE_NOT_FOUND)
        return 0;
    out_error("uninstall --purge: could not remove %s (HKLM\\%ls): error %ld", what, path,
              (long)err);
    return -1;
}

/* The files in logs, then logs itself; a junction is not followed. */
static int evsrc__delete_logs(const WCHAR *logs)
{
    WCHAR pattern[MAX_PATH], file[MAX_PATH];
    WIN32_FIND_DATAW fd;
    DWORD attrs = GetFileAttributesW(logs);
    char path[MAX_PATH * 3];
    int rc = 0;
    if (attrs == INVALID_FILE_ATTRIBUTES)
        return 0;
    if (!(attrs & FILE_ATTRIBUTE_DIRECTORY) || (attrs & FILE_ATTRIBUTE_REPARSE_POINT)) {
        out_error("uninstall --purge: %s is not a plain directory; left as it is",
                  out_utf8(logs, path, sizeof path));
        return -1;
    }
    _snwprintf(pattern, MAX_PATH, L"%ls\\*", logs);
    pattern[MAX_PATH - 1] = L'\0';
    HANDLE h = FindFirstFileW(pattern, &fd);
    if (h != INVALID_HANDLE_VALUE) {
        do {
            if (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
                continue;
            _snwprintf(file, MAX_PATH, L"%ls\\%ls", logs, fd.cFileName);
            file[MAX_PATH - 1] = L'\0';
            if (!DeleteFileW(file))
                rc = -1;
        } while (FindNextFileW(h, &fd));
        FindClose(h);
    }
    if (rc || !RemoveDirectoryW(logs)) {
        out_error("uninstall --purge: could not remove every log in %s (error %lu)",
                  out_utf8(logs, path, sizeof path), GetLastError());
        return -1;
    }
    return 0;
}

int evsrc_purge(const WCHAR *logs, int dry_run)
{
    char path[MAX_PATH * 3];
    out_utf8(logs, path, sizeof path);
    if (dry_run) {
        printf("  remove the Event Log source siotrace (HKLM\\%ls)\n", EVSRC_KEY);
        printf("  remove the configuration HKLM\\%ls\n", CONFIG_KEY);
        printf("  remove the log directory %s and the logs in it\n", path);
        return 0;
    }
    int rc = evsrc__delete_key(EVSRC_KEY, "the Event Log source");
    rc |= evsrc__delete_key(CONFIG_KEY, "the configuration");
    rc |= evsrc__delete_logs(logs);
    if (rc == 0)
        printf("Purged: the Event Log source, the configuration and the log directory %s.\n", path);
    return rc ? -1 : 0;
}
