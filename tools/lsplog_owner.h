/* lsplog_owner: the account that owns a log file, as a SID string
 * ("S-1-5-18"), to compare with the user its audit records name. Windows
 * only: elsewhere (logs copied off a host) the owner is not known. */
#ifndef LSPLOG_OWNER_H
#define LSPLOG_OWNER_H

#include <stdbool.h>
#include <stddef.h>

bool lown_sid(const char *path, char *out, size_t cap);

#endif
