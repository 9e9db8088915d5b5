#include <windows.h>
#include <lm.h>

#include "adminsid.h"

#define ADMINSID__TOKEN_BUF 4096

static bool adminsid__well_known(PSID sid)
{
    return IsWellKnownSid(sid, WinLocalSystemSid) ||
           IsWellKnownSid(sid, WinBuiltinAdministratorsSid);
}

/* The owner is this process's user, and its token lists it in Administrators
 * (enabled, or deny-only under UAC: a member either way). */
static bool adminsid__token_member(PSID sid)
{
    HANDLE token;
    union {
        TOKEN_USER user;
        TOKEN_GROUPS groups;
        BYTE bytes[ADMINSID__TOKEN_BUF];
    } buf;
    DWORD len = 0;
    bool member = false;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return false;
    if (GetTokenInformation(token, TokenUser, buf.bytes, sizeof buf, &len) &&
        EqualSid(buf.user.User.Sid, sid) &&
        GetTokenInformation(token, TokenGroups, buf.bytes, sizeof buf, &len)) {
        for (DWORD i = 0; !member && i < buf.groups.GroupCount; i++)
            member = IsWellKnownSid(buf.groups.Groups[i].Sid, WinBuiltinAdministratorsSid);
    }
    CloseHandle(token);
    return member;
}

typedef NET_API_STATUS(WINAPI *adminsid__members_fn)(LPCWSTR, LPCWSTR, DWORD, LPBYTE *, DWORD,
                                                     LPDWORD, LPDWORD, PDWORD_PTR);
typedef NET_API_STATUS(WINAPI *adminsid__free_fn)(LPVOID);

/* The local Administrators group's direct members, by the group's own
 * (localised) name, from this machine's account database. */
static bool adminsid__local_member(PSID sid)
{
    BYTE admins[SECURITY_MAX_SID_SIZE];
    DWORD size = sizeof admins, nn = UNLEN + 1, dn = DNLEN + 1, read = 0, total = 0;
    wchar_t name[UNLEN + 1], domain[DNLEN + 1];
    SID_NAME_USE use;
    if (!CreateWellKnownSid(WinBuiltinAdministratorsSid, NULL, admins, &size) ||
        !LookupAccountSidW(NULL, admins, name, &nn, domain, &dn, &use))
        return false;
    HMODULE net = LoadLibraryExW(L"netapi32.dll", NULL, LOAD_LIBRARY_SEARCH_SYSTEM32);
    if (!net)
        return false;
    adminsid__members_fn members =
        (adminsid__members_fn)(void (*)(void))GetProcAddress(net, "NetLocalGroupGetMembers");
    adminsid__free_fn free_buf =
        (adminsid__free_fn)(void (*)(void))GetProcAddress(net, "NetApiBufferFree");
    LOCALGROUP_MEMBERS_INFO_0 *list = NULL;
    bool member = false;
    if (members && free_buf &&
        members(NULL, name, 0, (LPBYTE *)&list, MAX_PREFERRED_LENGTH, &read, &total, NULL) ==
            NERR_Success) {
        for (DWORD i = 0; !member && i < read; i++)
            member = EqualSid(list[i].lgrmi0_sid, sid);
    }
    if (list && free_buf)
        free_buf(list);
    FreeLibrary(net);
    return member;
}

bool adminsid_is_admin(PSID sid, bool at_exit)
{
    if (!sid || !IsValidSid(sid))
        return false;
    if (adminsid__well_known(sid) || adminsid__token_member(sid))
        return true;
    return !at_exit && adminsid__local_member(sid);
}
