/* adminsid: whether an account is one an administrator answers for: SYSTEM,
 * BUILTIN\Administrators, or a member of Administrators. Decided without a
 * network call: the well-known SIDs, then this process's own token (its
 * user, when a member), then the local group's members. A look-up that
 * fails counts as "not an administrator". */
#ifndef SIOT_ADMINSID_H
#define SIOT_ADMINSID_H

#include <windows.h>

#include <stdbool.h>

/* at_exit: under the loader lock, where the local group (netapi32, loaded
 * on demand) is not asked. */
bool adminsid_is_admin(PSID sid, bool at_exit);

#endif
