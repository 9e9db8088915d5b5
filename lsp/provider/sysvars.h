/* sysvars: expands the few variables a log directory may name, from the
 * system itself and never from the process environment, which a user
 * controls (HKCU\Environment overrides ProgramData for that user's
 * processes, elevated ones included). */
#ifndef SIOT_SYSVARS_H
#define SIOT_SYSVARS_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* Expands %SystemRoot%, %windir%, %SystemDrive% and %ProgramData%
 * (case-insensitive) into out (cap characters with the NUL). Any other
 * variable, a lone '%' or an output too long makes it return false. */
bool sysvars_expand(const wchar_t *in, wchar_t *out, size_t cap);

#endif
