/* regval: reads single registry values under HKLM for lsp/settings to
 * judge, always in the native (64-bit) view so that 32- and 64-bit
 * processes read one setting. */
#ifndef SIOT_REGVAL_H
#define SIOT_REGVAL_H

#include <windows.h>

#include <stdbool.h>

#include "settings.h"

/* NULL when the key cannot be opened for reading. */
HKEY regval_open(const wchar_t *hklm_path);
/* The value called name (ASCII): its type, size and, when it fits, its
 * data. False when it is absent or cannot be read. */
bool regval_read(HKEY key, const char *name, settings_raw_t *out);

#endif
