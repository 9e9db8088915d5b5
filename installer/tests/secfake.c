/* lspctl-secfake: lspctl-model, with directories' security kept as Windows
 * keeps it. Wine accepts a directory's owner and DACL and keeps neither, so
 * what lspctl sets never reads back; here lspctl's imports of
 * GetNamedSecurityInfoW and SetNamedSecurityInfoW are pointed, before main,
 * at the store of aclstore.h (while SIOT_ACL_FILE names one): a set is made
 * on Wine and recorded, a read of a recorded path gets what was recorded, a
 * path never recorded reads as Wine reports it. A test writes the store to
 * give a directory another owner or DACL. lspctl's code is the shipped code;
 * only its imports differ. */
#include <aclapi.h>
#include <sddl.h>
#include <stdio.h>

#include "aclstore.h"
#include "iatpatch.h"

#define SECFAKE_KNOWN (OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION)

/* advapi32's own functions: this module's imports of them are the patched ones. */
typedef DWORD(WINAPI secfake_get_fn)(LPCWSTR, SE_OBJECT_TYPE, SECURITY_INFORMATION, PSID *, PSID *,
                                     PACL *, PACL *, PSECURITY_DESCRIPTOR *);
typedef DWORD(WINAPI secfake_set_fn)(LPWSTR, SE_OBJECT_TYPE, SECURITY_INFORMATION, PSID, PSID, PACL,
                                     PACL);
static secfake_get_fn *secfake__get;
static secfake_set_fn *secfake__set;

static DWORD WINAPI secfake_GetNamedSecurityInfoW(LPCWSTR name, SE_OBJECT_TYPE type,
                                                  SECURITY_INFORMATION what, PSID *owner,
                                                  PSID *group, PACL *dacl, PACL *sacl,
                                                  PSECURITY_DESCRIPTOR *sd)
{
    WCHAR sddl[ACLSTORE_SDDL_MAX];
    PSECURITY_DESCRIPTOR got;
    BOOL present, defaulted;

    if (type != SE_FILE_OBJECT || (what & ~SECFAKE_KNOWN) || !sd || !aclstore_get(name, sddl))
        return secfake__get(name, type, what, owner, group, dacl, sacl, sd);
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &got, NULL))
        return GetLastError();
    if (owner)
        GetSecurityDescriptorOwner(got, owner, &defaulted);
    if (dacl)
        GetSecurityDescriptorDacl(got, &present, dacl, &defaulted);
    if (group)
        *group = NULL;
    if (sacl)
        *sacl = NULL;
    *sd = got;
    return ERROR_SUCCESS;
}

/* What name has now, with the owner and DACL a set gave replacing theirs. As
 * Windows does, a DACL set gets SE_DACL_AUTO_INHERITED; one set unprotected
 * would also inherit its parent's ACEs, which is not modelled (lspctl
 * protects every DACL it sets). */
static DWORD secfake__record(LPCWSTR name, SECURITY_INFORMATION what, PSID owner, PACL dacl)
{
    PSECURITY_DESCRIPTOR now = NULL;
    SECURITY_DESCRIPTOR sd;
    SECURITY_DESCRIPTOR_CONTROL bits = SE_DACL_AUTO_INHERITED;
    PSID old_owner = NULL;
    PACL old_dacl = NULL;
    WCHAR *text = NULL;
    DWORD err;

    err = secfake_GetNamedSecurityInfoW(name, SE_FILE_OBJECT, SECFAKE_KNOWN, &old_owner, NULL,
                                        &old_dacl, NULL, &now);
    if (err != ERROR_SUCCESS)
        return err;
    if (!(what & DACL_SECURITY_INFORMATION)) {
        DWORD revision;

        GetSecurityDescriptorControl(now, &bits, &revision);
        dacl = old_dacl;
    } else if (what & PROTECTED_DACL_SECURITY_INFORMATION)
        bits |= SE_DACL_PROTECTED;
    if (!(what & OWNER_SECURITY_INFORMATION))
        owner = old_owner;
    if (!InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION) ||
        !SetSecurityDescriptorOwner(&sd, owner, FALSE) ||
        !SetSecurityDescriptorDacl(&sd, TRUE, dacl, FALSE) ||
        !SetSecurityDescriptorControl(&sd, SE_DACL_PROTECTED | SE_DACL_AUTO_INHERITED,
                                      bits & (SE_DACL_PROTECTED | SE_DACL_AUTO_INHERITED)) ||
        !ConvertSecurityDescriptorToStringSecurityDescriptorW(&sd, SDDL_REVISION_1, SECFAKE_KNOWN,
                                                              &text, NULL))
        err = GetLastError();
    else if (aclstore_put(name, text))
        err = ERROR_WRITE_FAULT;
    LocalFree(text);
    LocalFree(now);
    return err;
}

static DWORD WINAPI secfake_SetNamedSecurityInfoW(LPWSTR name, SE_OBJECT_TYPE type,
                                                  SECURITY_INFORMATION what, PSID owner, PSID group,
                                                  PACL dacl, PACL sacl)
{
    DWORD err = secfake__set(name, type, what, owner, group, dacl, sacl);

    if (err != ERROR_SUCCESS || type != SE_FILE_OBJECT || !aclstore_active())
        return err;
    return secfake__record(name, what, owner, dacl);
}

/* Before main: a build whose imports cannot be changed must not run as if
 * they were. */
__attribute__((constructor)) static void secfake__patch(void)
{
    HMODULE self = GetModuleHandleW(NULL), advapi = GetModuleHandleW(L"advapi32.dll");

    secfake__get = (secfake_get_fn *)(void *)GetProcAddress(advapi, "GetNamedSecurityInfoW");
    secfake__set = (secfake_set_fn *)(void *)GetProcAddress(advapi, "SetNamedSecurityInfoW");
    if (!secfake__get || !secfake__set ||
        iatpatch_apply(self, "advapi32.dll", "GetNamedSecurityInfoW",
                       (const void *)secfake_GetNamedSecurityInfoW) < 1 ||
        iatpatch_apply(self, "advapi32.dll", "SetNamedSecurityInfoW",
                       (const void *)secfake_SetNamedSecurityInfoW) < 1) {
        fprintf(stderr, "lspctl-secfake: its security imports cannot be patched\n");
        ExitProcess(70);
    }
}
