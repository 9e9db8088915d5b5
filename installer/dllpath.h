/* The DLL path each catalog names for siotrace, and the file behind it.
 *
 * By default both catalogs name %SystemRoot%\system32\siotrace.dll, as they
 * do for Windows' own base provider (mswsock.dll): a 64-bit process loads
 * System32\siotrace.dll, and file system redirection gives a 32-bit process
 * SysWOW64\siotrace.dll. %SystemRoot% is already needed by every process
 * that uses Winsock, only administrators can write those folders (the DLL is
 * loaded into every process, services included, so a folder anyone else can
 * write would hand them those processes), and both DLLs keep one name.
 * A Program Files folder would work through %ProgramFiles%, which differs
 * between 32- and 64-bit processes, but adds a variable that a process
 * started with a bare environment lacks, and such a process would then fail
 * to create any socket. */
#ifndef SIOT_DLLPATH_H
#define SIOT_DLLPATH_H

#include "catalog.h"

#define DLLPATH_DEFAULT L"%SystemRoot%\\system32\\siotrace.dll"

/* The file a process of catalog w's bitness loads for the registered path:
 * expanded, and for the 32-bit catalog of a 64-bit Windows, redirected from
 * System32 to SysWOW64. 0, or -1 when it does not expand. */
int dllpath_file(catalog_which_t w, const WCHAR *registered, WCHAR *file, size_t n);

/* IMAGE_FILE_MACHINE_AMD64 for the 64-bit catalog, I386 for the 32-bit one. */
WORD dllpath_machine(catalog_which_t w);

#endif
