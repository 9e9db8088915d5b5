/* siotrace's DLLs: the path each catalog names, the file behind it, and
 * whether that file is a DLL an LSP can be.
 *
 * By default both catalogs name %SystemRoot%\system32\siotrace.dll, as they
 * do for Windows' own base provider (mswsock.dll): a 64-bit process loads
 * System32\siotrace.dll, and file system redirection gives a 32-bit process
 * SysWOW64\siotrace.dll. %SystemRoot% is already needed by every process
 * that uses Winsock, only administrators can write those folders (the DLL is
 * loaded into every process, services included, so a folder anyone else can
 * write would hand them those processes), and both DLLs keep one name.
 * A Program Files folder would work through %ProgramFiles%, which WOW64
 * sets to %ProgramFiles(x86)% in a 32-bit process, but adds a variable that a
 * process started with a bare environment lacks, and such a process would
 * then fail to create any socket.
 *
 * A DLL an LSP can be is present, a PE image for the right machine, a DLL,
 * exporting WSPStartup by that plain name (ws2_32 looks it up so; an i686
 * build without a .def file exports WSPStartup@76). The file is read, never
 * loaded: a 32-bit DLL cannot be loaded by the 64-bit lspctl,
 * and loading runs its DllMain. */
#ifndef SIOT_DLL_H
#define SIOT_DLL_H

#include "catalog.h"

#define DLL_DEFAULT L"%SystemRoot%\\system32\\siotrace.dll"

/* The file a process of catalog w's bitness loads for the registered path.
 * For the 32-bit catalog of a 64-bit Windows, expanded as a 32-bit process
 * expands it (%ProgramFiles% and %CommonProgramFiles% are the (x86) folders,
 * %PROCESSOR_ARCHITECTURE% is x86, %PROCESSOR_ARCHITEW6432% the native one)
 * and redirected as WOW64 redirects it (System32 to SysWOW64, but for the
 * folders it leaves alone; %windir%\Sysnative to System32); else expanded in
 * lspctl's own environment. 0, or -1 when it does not expand. */
int dll_file(catalog_which_t w, const WCHAR *registered, WCHAR *file, size_t n);

/* IMAGE_FILE_MACHINE_AMD64 for the 64-bit catalog, I386 for the 32-bit one. */
WORD dll_machine(catalog_which_t w);

typedef enum dll_result_t {
    DLL_OK = 0,
    DLL_MISSING,       /* no such file */
    DLL_UNREADABLE,    /* it exists but cannot be read */
    DLL_NOT_PE,        /* not a PE image, or a damaged one */
    DLL_WRONG_MACHINE, /* built for another processor */
    DLL_NOT_DLL,       /* an executable, not a DLL */
    DLL_NO_EXPORT,     /* no export named WSPStartup */
    DLL_UNEXPANDED     /* (dll_judge) the registered path does not expand */
} dll_result_t;

/* machine: IMAGE_FILE_MACHINE_AMD64 or IMAGE_FILE_MACHINE_I386. why gets a
 * sentence for anything but DLL_OK. */
dll_result_t dll_check(const WCHAR *file, WORD machine, char *why, size_t n);

/* dll_file, then dll_check, for catalog w: the file in UTF-8 ("" when the
 * path does not expand), and a sentence in why, for DLL_OK "x64, exports
 * WSPStartup, version 1.2.3.4". */
dll_result_t dll_judge(catalog_which_t w, const WCHAR *registered, char *file, size_t fn, char *why,
                       size_t n);

const char *dll_machine_name(WORD machine);

#endif
