#include "evsrc.h"

#include <stdio.h>
#include <wchar.h>

#include "config.h"
#include "out.h"

#define EVSRC_TYPES (EVENTLOG_ERROR_TYPE | EVENTLOG_WARNING_TYPE | EVENTLOG_INFORMATION_TYPE)

/* The source's key is under HKLM\SYSTEM, which WOW64 does not redirect: one
 * key for both registry views. */
int evsrc_register(const WCHAR *dll, char *why, size_t n)
{
    DWORD types = EVSRC_TYPES;
    LONG err = RegSetKeyValueW(HKEY_LOCAL_MACHINE, EVSRC_KEY, L"EventMessageFile", REG_EXPAND_SZ,
                               dll, (DWORD)((wcslen(dll) + 1) * sizeof *dll));

    if (err == ERROR_SUCCESS)
        err = RegSetKeyValueW(HKEY_LOCAL_MACHINE, EVSRC_KEY, L"TypesSupported", REG_DWORD, &types,
                              sizeof types);
    return err == ERROR_SUCCESS ? 0
                                : out_why(why, n, -1, "HKLM\\%ls: error %ld", EVSRC_KEY, (long)err);
}

int evsrc_message_file(WCHAR *out, size_t n)
{
    DWORD size = (DWORD)(n * sizeof *out);
    LONG err = RegGetValueW(HKEY_LOCAL_MACHINE, EVSRC_KEY, L"EventMessageFile",
                            RRF_RT_REG_SZ | RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND, NULL, out, &size);

    return err == ERROR_SUCCESS ? 1 : err == ERROR_FILE_NOT_FOUND ? 0 : -1;
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
    WCHAR file[MAX_PATH];
    WIN32_FIND_DATAW fd;
    DWORD attrs = GetFileAttributesW(logs);
    HANDLE h = INVALID_HANDLE_VALUE;
    char path[MAX_PATH * 3];
    int rc = 0;

    if (attrs == INVALID_FILE_ATTRIBUTES)
        return 0;
    out_utf8(logs, path, sizeof path);
    if (!(attrs & FILE_ATTRIBUTE_DIRECTORY) || (attrs & FILE_ATTRIBUTE_REPARSE_POINT)) {
        out_error("uninstall --purge: %s is not a plain directory; left as it is", path);
        return -1;
    }
    if (out_wpath(file, MAX_PATH, L"%ls\\*", logs) == 0)
        h = FindFirstFileW(file, &fd);
    for (BOOL more = h != INVALID_HANDLE_VALUE; more; more = FindNextFileW(h, &fd))
        if (!(fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) &&
            (out_wpath(file, MAX_PATH, L"%ls\\%ls", logs, fd.cFileName) || !DeleteFileW(file)))
            rc = -1;
    if (h != INVALID_HANDLE_VALUE)
        FindClose(h);
    if (rc || !RemoveDirectoryW(logs)) {
        out_error("uninstall --purge: could not remove every log in %s (error %lu)", path,
                  GetLastError());
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
