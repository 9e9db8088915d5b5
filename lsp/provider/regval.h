/* regval: typed reads of single registry values under HKLM, always in the
 * native (64-bit) view so that 32- and 64-bit processes read one setting.
 * Strings come back NUL-terminated whatever the registry holds. */
#ifndef SIOT_REGVAL_H
#define SIOT_REGVAL_H

#include <windows.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum regval_status {
    REGVAL_OK,
    REGVAL_MISSING, /* no such key or value */
    REGVAL_BAD      /* present, but of another type or too long */
} regval_status_t;

/* NULL when the key cannot be opened for reading. */
HKEY regval_open(const wchar_t *hklm_path);
/* REG_SZ or REG_EXPAND_SZ; *expand says which. */
regval_status_t regval_string(HKEY key, const wchar_t *name, wchar_t *out, size_t cap,
                              bool *expand);
/* REG_MULTI_SZ, ending in two NULs (an empty list is a single NUL pair). */
regval_status_t regval_multi(HKEY key, const wchar_t *name, wchar_t *out, size_t cap);
/* REG_DWORD or REG_QWORD. */
regval_status_t regval_uint(HKEY key, const wchar_t *name, uint64_t *out);

#endif
