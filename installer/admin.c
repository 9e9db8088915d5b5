#include "admin.h"

#include <windows.h>

int admin_is_elevated(void)
{
    SID_IDENTIFIER_AUTHORITY nt = {SECURITY_NT_AUTHORITY};
    PSID admins = NULL;
    BOOL member = FALSE;
    int rc;

    if (!AllocateAndInitializeSid(&nt, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS, 0,
                                  0, 0, 0, 0, 0, &admins))
        return -1;
    rc = CheckTokenMembership(NULL, admins, &member) ? (member ? 1 : 0) : -1;
    FreeSid(admins);
    return rc;
}
