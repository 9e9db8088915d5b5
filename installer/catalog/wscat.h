/* The catalog backend of Windows itself: the WSC* functions of ws2_32.dll,
 * each resolved with GetProcAddress so that a missing one (Wine has none of the
 * *32 functions, nor WSCSetProviderInfo) is an error to report, never a
 * process that aborts. */
#ifndef SIOT_WSCAT_H
#define SIOT_WSCAT_H

#include "catalog.h"

/* Returns NULL with *error set when ws2_32.dll cannot be loaded. */
catalog_t *wscat_open(catalog_error_t *error);

/* The same backend over other functions with the WSC* signatures: resolve
 * gives the function of that WSC* name, or NULL when there is none. The
 * catalog model's backend (modelcat.c) passes its catmodel_WSC* functions, so
 * the code that drives the real catalog is the code the tests run. */
typedef void (*wscat_fn_t)(void);
typedef wscat_fn_t (*wscat_resolve_t)(void *ctx, const char *name);

catalog_t *wscat_open_with(wscat_resolve_t resolve, void *ctx, catalog_error_t *error);

#endif
