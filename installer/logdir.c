#include "logdir.h"

#include <aclapi.h>
#include <sddl.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "out.h"

/* 0x1000a2: FILE_ADD_FILE | FILE_TRAVERSE | FILE_READ_ATTRIBUTES | SYNCHRONIZE.
 * 0x100084: FILE_APPEND_DATA | FILE_READ_ATTRIBUTES | SYNCHRONIZE.
 * SIDs are spelled out where older systems lack the SDDL alias. */
const WCHAR logdir_sddl[] =
    L"O:BAD:PAI"
    L"(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)"
    L"(A;;0x1000a2;;;WD)(A;;0x1000a2;;;S-1-15-2-1)(A;;0x1000a2;;;S-1-15-2-2)"
    L"(A;OIIO;0x100084;;;CO)(A;OIIO;0x100084;;;S-1-3-4)"
    L"S:(ML;OICI;NW;;;LW)";

/* Parents lspctl creates: readable by all, writable by administrators only,
 * so no one else can rename the log directory away and put another in its
 * place. */
static const WCHAR logdir__parent_sddl[] =
    L"O:BAD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;WD)";

static int logdir__apply(const WCHAR *dir, const WCHAR *sddl, char *why, size_t n)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    PSID owner = NULL;
    PACL dacl = NULL, sacl = NULL;
    BOOL present, defaulted;
    SECURITY_INFORMATION what = OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION |
                                PROTECTED_DACL_SECURITY_INFORMATION;
    DWORD err;
    char path[MAX_PATH * 3];

    out_utf8(dir, path, sizeof path);
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &sd, NULL))
        return out_why(why, n, -1, "cannot build its security descriptor (error %lu)",
                       (unsigned long)GetLastError());
    GetSecurityDescriptorOwner(sd, &owner, &defaulted);
    GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted);
    if (GetSecurityDescriptorSacl(sd, &present, &sacl, &defaulted) && present)
        what |= LABEL_SECURITY_INFORMATION;
    err = SetNamedSecurityInfoW((LPWSTR)dir, SE_FILE_OBJECT, what, owner, NULL, dacl, sacl);
    LocalFree(sd);
    if (err != ERROR_SUCCESS)
        return out_why(why, n, -1, "cannot set the access control of %s (error %lu)", path,
                       (unsigned long)err);
    return 0;
}

/* What dir is, as logdir_faults says it: 0, a plain directory; else
 * LOGDIR_MISSING, LOGDIR_NOT_DIR or LOGDIR_REPARSE, and why. */
static int logdir__kind(const WCHAR *dir, char *why, size_t n)
{
    DWORD attrs = GetFileAttributesW(dir);

    if (attrs == INVALID_FILE_ATTRIBUTES)
        return out_why(why, n, LOGDIR_MISSING, "does not exist");
    if (!(attrs & FILE_ATTRIBUTE_DIRECTORY))
        return out_why(why, n, LOGDIR_NOT_DIR, "exists and is not a directory");
    if (attrs & FILE_ATTRIBUTE_REPARSE_POINT)
        return out_why(why, n, LOGDIR_REPARSE, "is a junction or link");
    return 0;
}

static int logdir__mkdir(const WCHAR *dir, char *why, size_t n)
{
    char p[MAX_PATH * 3];
    DWORD err = CreateDirectoryW(dir, NULL) ? 0 : GetLastError();

    return err ? out_why(why, n, -1, "cannot create %s (error %lu)", out_utf8(dir, p, sizeof p),
                         (unsigned long)err)
               : 0;
}

/* Creates each missing directory on the way to dir, securing those it makes. */
static int logdir__parents(const WCHAR *dir, char *why, size_t n)
{
    WCHAR part[MAX_PATH];
    size_t len = wcslen(dir), i;

    if (len >= MAX_PATH)
        return -1;
    /* Skip "X:\" so the drive is never created. */
    for (i = 3; i < len; i++) {
        if (dir[i] != L'\\')
            continue;
        wmemcpy(part, dir, i);
        part[i] = 0;
        if ((logdir__kind(part, why, n) & (LOGDIR_MISSING | LOGDIR_NOT_DIR)) &&
            (logdir__mkdir(part, why, n) || logdir__apply(part, logdir__parent_sddl, why, n)))
            return -1;
    }
    return 0;
}

int logdir_create(const WCHAR *dir, int *created, char *why, size_t n)
{
    char p[MAX_PATH * 3], is[64];
    int kind = logdir__kind(dir, is, sizeof is);

    *created = 0;
    out_utf8(dir, p, sizeof p);
    if (kind == LOGDIR_NOT_DIR || kind == LOGDIR_REPARSE)
        return out_why(why, n, -1, "%s %s%s", p, is,
                       kind == LOGDIR_REPARSE ? "; refusing to log through it" : "");
    if (kind == 0)
        return logdir__apply(dir, logdir_sddl, why, n);
    if (logdir__parents(dir, why, n) || logdir__mkdir(dir, why, n))
        return -1;
    *created = 1;
    if (logdir__apply(dir, logdir_sddl, why, n)) {
        RemoveDirectoryW(dir);
        *created = 0;
        return -1;
    }
    return 0;
}

/* A security descriptor's DACL in SDDL, as this system spells it (LocalFree it). */
static WCHAR *logdir__dacl(PSECURITY_DESCRIPTOR sd)
{
    WCHAR *text = NULL;

    return ConvertSecurityDescriptorToStringSecurityDescriptorW(
               sd, SDDL_REVISION_1, DACL_SECURITY_INFORMATION, &text, NULL)
               ? text
               : NULL;
}

int logdir_judge(PSECURITY_DESCRIPTOR sd, char *why, size_t n)
{
    PSECURITY_DESCRIPTOR want = NULL;
    WCHAR *want_dacl = NULL, *have_dacl = NULL, *sid = NULL;
    PSID owner = NULL;
    BOOL defaulted;
    char o[256] = "no one", t[1024], d[1100] = "", owned[320] = "";
    int faults = -1;

    if (ConvertStringSecurityDescriptorToSecurityDescriptorW(logdir_sddl, SDDL_REVISION_1, &want,
                                                             NULL) &&
        (want_dacl = logdir__dacl(want)) && (have_dacl = logdir__dacl(sd)) &&
        GetSecurityDescriptorOwner(sd, &owner, &defaulted)) {
        faults = wcscmp(want_dacl, have_dacl) ? LOGDIR_DACL : 0;
        if (!owner || !(IsWellKnownSid(owner, WinLocalSystemSid) ||
                        IsWellKnownSid(owner, WinBuiltinAdministratorsSid)))
            faults |= LOGDIR_OWNER;
        if ((faults & LOGDIR_OWNER) && owner && ConvertSidToStringSidW(owner, &sid))
            out_utf8(sid, o, sizeof o);
        if (faults & LOGDIR_OWNER)
            snprintf(owned, sizeof owned, "owned by %s, not SYSTEM or Administrators", o);
        if (faults & LOGDIR_DACL)
            snprintf(d, sizeof d, "its access control is %s", out_utf8(have_dacl, t, sizeof t));
        snprintf(why, n, "%s%s%s", owned, owned[0] && d[0] ? "; " : "", d);
    } else {
        snprintf(why, n, "its access control cannot be compared (error %lu)",
                 (unsigned long)GetLastError());
    }
    LocalFree(sid);
    LocalFree(have_dacl);
    LocalFree(want_dacl);
    LocalFree(want);
    return faults;
}

int logdir_faults(const WCHAR *dir, char *why, size_t n)
{
    PSECURITY_DESCRIPTOR have = NULL;
    int faults = logdir__kind(dir, why, n);
    DWORD err;

    if (faults)
        return faults;
    err = GetNamedSecurityInfoW(dir, SE_FILE_OBJECT,
                                OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, NULL, NULL,
                                NULL, NULL, &have);
    if (err != ERROR_SUCCESS)
        return out_why(why, n, -1, "its access control cannot be read (error %lu)",
                       (unsigned long)err);
    faults = logdir_judge(have, why, n);
    LocalFree(have);
    return faults;
}

int logdir_secure(const WCHAR *dir, int *created, char *why, size_t n)
{
    char found[1200];

    if (logdir_create(dir, created, why, n))
        return -1;
    if (logdir_faults(dir, found, sizeof found) == 0)
        return 0;
    snprintf(why, n, "the log directory's access control was set, but reads back otherwise: %s",
             found);
    return 1;
}
