/* The catalog backend of Windows itself: the WSC* functions of ws2_32.dll,
 * each resolved with GetProcAddress so that a missing one (Wine has none of the
 * *32 functions, nor WSCSetProviderInfo) is an error to report, never a
 * process that aborts. */
#ifndef SIOT_WSCAT_H
#define SIOT_WSCAT_H

#include "catalog.h"

/* Returns NULL with *error set when ws2_32.dll cannot be loaded. */
catalog_t *wscat_open(catalog_error_t *error);

#endif
