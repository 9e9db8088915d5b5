#include <windows.h>
#include <winternl.h>

#include <stdio.h>
#include <string.h>

#include "proc.h"
#include "procinfo.h"

#define PROCINFO__PATH_MAX     32768
#define PROCINFO__UTF8_PATH    4096
#define PROCINFO__UTF8_CMDLINE 8192
#define PROCINFO__SID_TEXT     192
#define PROCINFO__NAME_MAX     256
#define PROCINFO__TOKEN_BUF    512

typedef struct procinfo__state {
    bool gathered, named;
    auditrec_proc_t p;
    wchar_t wide[PROCINFO__PATH_MAX];
    char path[PROCINFO__UTF8_PATH];
    char cmdline[PROCINFO__UTF8_CMDLINE];
    char sid_text[PROCINFO__SID_TEXT];
    char user[PROCINFO__NAME_MAX * 2 * 3];
    union {
        TOKEN_USER user;
        BYTE bytes[PROCINFO__TOKEN_BUF];
    } token_user;
} procinfo__state_t;

static procinfo__state_t procinfo__s;

/* UTF-16 to UTF-8, cut at a whole character when it does not fit. */
static const char *procinfo__utf8(const wchar_t *w, char *out, int cap)
{
    int len = (int)wcslen(w);
    int n = len ? WideCharToMultiByte(CP_UTF8, 0, w, len, out, cap - 1, NULL, NULL) : 0;
    if (n <= 0 && len > 0) {
        /* Keep what surely fits: a UTF-16 unit takes at most 3 bytes. */
        len = (cap - 1) / 3;
        if (IS_HIGH_SURROGATE(w[len - 1]))
            len--;
        n = WideCharToMultiByte(CP_UTF8, 0, w, len, out, cap - 1, NULL, NULL);
        if (n <= 0)
            return NULL;
    }
    out[n] = '\0';
    return out;
}

/* "S-1-5-21-...", without allocating (ConvertSidToStringSid would). */
static const char *procinfo__sid_text(PSID sid, char *out, size_t cap)
{
    if (!sid || !IsValidSid(sid))
        return NULL;
    PSID_IDENTIFIER_AUTHORITY ia = GetSidIdentifierAuthority(sid);
    unsigned long long auth = 0;
    for (int i = 0; i < 6; i++)
        auth = auth << 8 | ia->Value[i];
    int n = snprintf(out, cap, "S-%u-%llu", (unsigned)((SID *)sid)->Revision, auth);
    UCHAR count = *GetSidSubAuthorityCount(sid);
    for (UCHAR i = 0; n > 0 && (size_t)n < cap && i < count; i++)
        n += snprintf(out + n, cap - (size_t)n, "-%lu", *GetSidSubAuthority(sid, i));
    return n > 0 && (size_t)n < cap ? out : NULL;
}

static int64_t procinfo__parent(void)
{
    PROCESS_BASIC_INFORMATION pbi;
    ULONG len = 0;
    if (NtQueryInformationProcess(GetCurrentProcess(), ProcessBasicInformation, &pbi, sizeof pbi,
                                  &len) != 0)
        return -1;
    return (int64_t)pbi.InheritedFromUniqueProcessId;
}

static void procinfo__token(procinfo__state_t *s)
{
    HANDLE token;
    DWORD len = 0, value = 0;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return;
    if (GetTokenInformation(token, TokenUser, s->token_user.bytes, sizeof s->token_user, &len))
        s->p.user_sid =
            procinfo__sid_text(s->token_user.user.User.Sid, s->sid_text, sizeof s->sid_text);
    if (GetTokenInformation(token, TokenSessionId, &value, sizeof value, &len))
        s->p.session_id = value;
    TOKEN_ELEVATION elevation;
    if (GetTokenInformation(token, TokenElevation, &elevation, sizeof elevation, &len))
        s->p.elevated = elevation.TokenIsElevated != 0;
    union {
        TOKEN_MANDATORY_LABEL label;
        BYTE bytes[PROCINFO__TOKEN_BUF];
    } label;
    if (GetTokenInformation(token, TokenIntegrityLevel, label.bytes, sizeof label, &len) &&
        IsValidSid(label.label.Label.Sid) && *GetSidSubAuthorityCount(label.label.Label.Sid) > 0)
        s->p.integrity = *GetSidSubAuthority(
            label.label.Label.Sid, (DWORD)*GetSidSubAuthorityCount(label.label.Label.Sid) - 1);
    CloseHandle(token);
}

/* DOMAIN\name; may ask a domain controller, so only on the writer thread. */
static void procinfo__name(procinfo__state_t *s)
{
    wchar_t name[PROCINFO__NAME_MAX], domain[PROCINFO__NAME_MAX], both[PROCINFO__NAME_MAX * 2];
    DWORD nn = PROCINFO__NAME_MAX, dn = PROCINFO__NAME_MAX;
    SID_NAME_USE use;
    s->named = true;
    if (!s->p.user_sid ||
        !LookupAccountSidW(NULL, s->token_user.user.User.Sid, name, &nn, domain, &dn, &use))
        return;
    _snwprintf(both, PROCINFO__NAME_MAX * 2, L"%ls\\%ls", domain, name);
    both[PROCINFO__NAME_MAX * 2 - 1] = L'\0';
    s->p.user = procinfo__utf8(both, s->user, (int)sizeof s->user);
}

static void procinfo__gather(procinfo__state_t *s)
{
    s->gathered = true;
    s->p.image = proc_image_utf8();
    s->p.parent_pid = s->p.session_id = s->p.integrity = -1;
    s->p.elevated = -1;
    DWORD n = GetModuleFileNameW(NULL, s->wide, PROCINFO__PATH_MAX);
    if (n > 0 && n < PROCINFO__PATH_MAX)
        s->p.path = procinfo__utf8(s->wide, s->path, (int)sizeof s->path);
    s->p.command_line = procinfo__utf8(GetCommandLineW(), s->cmdline, (int)sizeof s->cmdline);
    s->p.parent_pid = procinfo__parent();
    procinfo__token(s);
}

const auditrec_proc_t *procinfo_get(bool at_exit)
{
    procinfo__state_t *s = &procinfo__s;
    if (!s->gathered)
        procinfo__gather(s);
    if (!s->named && !at_exit)
        procinfo__name(s);
    return &s->p;
}

PSID procinfo_user_sid(void)
{
    return procinfo__s.p.user_sid ? procinfo__s.token_user.user.User.Sid : NULL;
}
