/* Import table patching: points a loaded module's imports of one function at
 * another, so a provider DLL's own catalog calls reach the catalog model
 * without a test switch inside the DLL. */
#ifndef SIOT_IATPATCH_H
#define SIOT_IATPATCH_H

#include <windows.h>

/* Every import of `func` from `dll` (case-insensitive) by `module` now calls
 * `to`. Returns the number of entries changed (0: the module does not import
 * it by name), or -1 with GetLastError() when the table cannot be written. */
int iatpatch_apply(HMODULE module, const char *dll, const char *func, const void *to);

/* Whether `module` imports anything from `dll`. */
int iatpatch_imports(HMODULE module, const char *dll);

#endif
