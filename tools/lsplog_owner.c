#include "lsplog_owner.h"

#ifdef _WIN32
#include <windows.h>
#include <aclapi.h>
#include <sddl.h>

#include <stdio.h>

bool lown_sid(const char *path, char *out, size_t cap)
{
    PSID owner = NULL;
    PSECURITY_DESCRIPTOR sd = NULL;
    char *text = NULL;
    if (GetNamedSecurityInfoA(path, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION, &owner, NULL, NULL,
                              NULL, &sd) != ERROR_SUCCESS)
        return false;
    bool ok = owner && ConvertSidToStringSidA(owner, &text);
    if (ok)
        snprintf(out, cap, "%s", text);
    LocalFree(text);
    LocalFree(sd);
    return ok;
}
#else
bool lown_sid(const char *path, char *out, size_t cap)
{
    (void)path;
    (void)out;
    (void)cap;
    return false;
}
#endif
