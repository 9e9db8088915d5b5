/* catalog: the read-only look-ups WSPStartup makes in the Winsock catalog.
 * WSCEnumProtocols and WSCGetProviderPath are ordinary imports from ws2_32
 * (a test host points this module's import table at its own catalog). */
#ifndef SIOT_CATALOG_H
#define SIOT_CATALOG_H

#include <winsock2.h>
#include <ws2spi.h>

#include <stddef.h>

typedef struct catalog {
    WSAPROTOCOL_INFOW *entries;
    int count;
} catalog_t;

/* Returns 0 or a WSA error code. */
int catalog_load(catalog_t *c);
void catalog_free(catalog_t *c);
const WSAPROTOCOL_INFOW *catalog_find(const catalog_t *c, DWORD catalog_entry_id);
/* The provider DLL of entry e, environment variables expanded as ws2_32
 * expands them. Returns 0 or a WSA error code. */
int catalog_path(const WSAPROTOCOL_INFOW *e, wchar_t *out, size_t cap);

#endif
