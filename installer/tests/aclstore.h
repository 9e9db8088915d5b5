/* What Windows would keep of a directory's security, for lspctl-secfake and
 * the tests that read or change it: the file %SIOT_ACL_FILE%, one line per
 * path (UTF-8): the path, a tab, its owner and DACL in SDDL. */
#ifndef SIOT_INSTALLER_ACLSTORE_H
#define SIOT_INSTALLER_ACLSTORE_H

#include <windows.h>

#define ACLSTORE_SDDL_MAX 1024

/* Whether SIOT_ACL_FILE names a store. */
int aclstore_active(void);

/* path's owner and DACL into sddl (ACLSTORE_SDDL_MAX WCHARs): 1, or 0 when
 * the store holds none for it (paths compare in any case). */
int aclstore_get(const WCHAR *path, WCHAR *sddl);

/* Makes sddl path's entry, or removes it (sddl NULL). 0, or -1. */
int aclstore_put(const WCHAR *path, const WCHAR *sddl);

#endif
