#include "hostfake.h"

#include <sddl.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#define HOSTFAKE_EVENTS_MAX 256
#define HOSTFAKE_SOURCE     ((HANDLE)(ULONG_PTR)0x51070001)

static SRWLOCK hostfake__lock = SRWLOCK_INIT;
static int hostfake__elevated = -1;
static LONG hostfake__integrity = -1;
static PSID hostfake__owner;
static BOOL hostfake__reparse_on;
static hostfake_event_t hostfake__events[HOSTFAKE_EVENTS_MAX];
static LONG hostfake__count;
static WCHAR hostfake__source[64];

void WINAPI hostfake_token(int elevated, LONG integrity)
{
    hostfake__elevated = elevated;
    hostfake__integrity = integrity;
}

void WINAPI hostfake_owner(const char *sid)
{
    PSID s = NULL;
    if (sid && !ConvertStringSidToSidA(sid, &s))
        s = NULL;
    AcquireSRWLockExclusive(&hostfake__lock);
    if (hostfake__owner)
        LocalFree(hostfake__owner);
    hostfake__owner = s;
    ReleaseSRWLockExclusive(&hostfake__lock);
}

void WINAPI hostfake_reparse(BOOL on)
{
    hostfake__reparse_on = on;
}

BOOL WINAPI hostfake_GetTokenInformation(HANDLE token, TOKEN_INFORMATION_CLASS cls, LPVOID buf,
                                         DWORD len, PDWORD ret)
{
    if (cls == TokenElevation && hostfake__elevated >= 0 && buf && len >= sizeof(TOKEN_ELEVATION)) {
        ((TOKEN_ELEVATION *)buf)->TokenIsElevated = (DWORD)hostfake__elevated;
        *ret = sizeof(TOKEN_ELEVATION);
        return TRUE;
    }
    if (cls == TokenIntegrityLevel && hostfake__integrity >= 0) {
        /* A TOKEN_MANDATORY_LABEL followed by its SID, S-1-16-<rid>. */
        DWORD need = sizeof(TOKEN_MANDATORY_LABEL) + SECURITY_MAX_SID_SIZE;
        SID_IDENTIFIER_AUTHORITY label = SECURITY_MANDATORY_LABEL_AUTHORITY;
        *ret = need;
        if (!buf || len < need) {
            SetLastError(ERROR_INSUFFICIENT_BUFFER);
            return FALSE;
        }
        TOKEN_MANDATORY_LABEL *l = buf;
        PSID sid = (BYTE *)buf + sizeof *l;
        InitializeSid(sid, &label, 1);
        *GetSidSubAuthority(sid, 0) = (DWORD)hostfake__integrity;
        l->Label.Sid = sid;
        l->Label.Attributes = SE_GROUP_INTEGRITY;
        return TRUE;
    }
    return GetTokenInformation(token, cls, buf, len, ret);
}

static BOOL hostfake__directory(HANDLE h)
{
    BY_HANDLE_FILE_INFORMATION info;
    return GetFileInformationByHandle(h, &info) &&
           (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY);
}

BOOL WINAPI hostfake_GetKernelObjectSecurity(HANDLE h, SECURITY_INFORMATION what,
                                             PSECURITY_DESCRIPTOR sd, DWORD len, LPDWORD need)
{
    BOOL ok = FALSE;
    AcquireSRWLockShared(&hostfake__lock);
    if (!hostfake__owner || what != OWNER_SECURITY_INFORMATION || !hostfake__directory(h)) {
        ReleaseSRWLockShared(&hostfake__lock);
        return GetKernelObjectSecurity(h, what, sd, len, need);
    }
    SECURITY_DESCRIPTOR abs;
    *need = len;
    if (InitializeSecurityDescriptor(&abs, SECURITY_DESCRIPTOR_REVISION) &&
        SetSecurityDescriptorOwner(&abs, hostfake__owner, FALSE))
        ok = MakeSelfRelativeSD(&abs, sd, need);
    ReleaseSRWLockShared(&hostfake__lock);
    return ok;
}

BOOL WINAPI hostfake_GetFileInformationByHandle(HANDLE h, LPBY_HANDLE_FILE_INFORMATION info)
{
    BOOL ok = GetFileInformationByHandle(h, info);
    if (ok && hostfake__reparse_on && (info->dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY))
        info->dwFileAttributes |= FILE_ATTRIBUTE_REPARSE_POINT;
    return ok;
}

HANDLE WINAPI hostfake_RegisterEventSourceW(LPCWSTR server, LPCWSTR source)
{
    if (server || !source) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    AcquireSRWLockExclusive(&hostfake__lock);
    lstrcpynW(hostfake__source, source, 64);
    ReleaseSRWLockExclusive(&hostfake__lock);
    return HOSTFAKE_SOURCE;
}

BOOL WINAPI hostfake_DeregisterEventSource(HANDLE h)
{
    return h == HOSTFAKE_SOURCE;
}

/* As Event Viewer shows it: the message of `id` in the reporting module's
 * message table, with the insertion strings. */
static void hostfake__render(HMODULE from, DWORD id, WORD n, LPCWSTR *strings, WCHAR *out)
{
    DWORD_PTR args[64];
    for (WORD i = 0; i < n && i < 64; i++)
        args[i] = (DWORD_PTR)strings[i];
    if (!FormatMessageW(FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_ARGUMENT_ARRAY, from, id,
                        0x409, out, HOSTFAKE_TEXT_MAX, (va_list *)args))
        _snwprintf(out, HOSTFAKE_TEXT_MAX, L"(no message %lu in the module's table: error %lu)", id,
                   GetLastError());
    out[HOSTFAKE_TEXT_MAX - 1] = L'\0';
}

static void hostfake__append(const hostfake_event_t *e)
{
    char path[MAX_PATH];
    DWORD n = GetEnvironmentVariableA("SIOT_EVENTLOG", path, sizeof path);
    if (n == 0 || n >= sizeof path)
        return;
    FILE *f = fopen(path, "ab");
    if (!f)
        return;
    static const char *const types[] = {"success", "error", "warning", "", "information"};
    fprintf(f, "%ls %s id=%lu user=%s: ", e->source, e->type <= 4 ? types[e->type] : "audit",
            (unsigned long)e->id, e->sid[0] ? e->sid : "-");
    /* The message's own lines, indented under the entry's. */
    for (const WCHAR *p = e->text; *p; p++) {
        if (*p == L'\r')
            continue;
        if (*p == L'\n')
            fputs(p[1] ? "\n    " : "", f);
        else
            fprintf(f, "%lc", *p);
    }
    fputc('\n', f);
    fclose(f);
}

BOOL WINAPI hostfake_ReportEventW(HANDLE h, WORD type, WORD category, DWORD id, PSID sid, WORD n,
                                  DWORD data_size, LPCWSTR *strings, LPVOID data)
{
    HMODULE from = NULL;
    (void)category, (void)data_size, (void)data;
    if (h != HOSTFAKE_SOURCE) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                           GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                       (LPCWSTR)__builtin_return_address(0), &from);
    hostfake_event_t e;
    memset(&e, 0, sizeof e);
    AcquireSRWLockExclusive(&hostfake__lock);
    lstrcpynW(e.source, hostfake__source, 64);
    ReleaseSRWLockExclusive(&hostfake__lock);
    e.type = type;
    e.id = id;
    e.strings = n;
    LPSTR text = NULL;
    if (sid && ConvertSidToStringSidA(sid, &text)) {
        snprintf(e.sid, sizeof e.sid, "%s", text);
        LocalFree(text);
    }
    hostfake__render(from, id, n, strings, e.text);
    hostfake__append(&e);
    AcquireSRWLockExclusive(&hostfake__lock);
    if (hostfake__count < HOSTFAKE_EVENTS_MAX)
        hostfake__events[hostfake__count++] = e;
    ReleaseSRWLockExclusive(&hostfake__lock);
    return TRUE;
}

LONG WINAPI hostfake_events(void)
{
    return hostfake__count;
}

BOOL WINAPI hostfake_event(LONG i, hostfake_event_t *out)
{
    AcquireSRWLockShared(&hostfake__lock);
    BOOL ok = i >= 0 && i < hostfake__count;
    if (ok)
        *out = hostfake__events[i];
    ReleaseSRWLockShared(&hostfake__lock);
    return ok;
}
