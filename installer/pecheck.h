/* Checks that a file is a DLL an LSP can be: present, a PE image for the
 * right machine, a DLL, exporting WSPStartup by that plain name (ws2_32 looks
 * it up so; an i686 build without a .def file exports WSPStartup@76). The file
 * is read, never loaded: a 32-bit DLL cannot be loaded by the 64-bit lspctl,
 * and loading runs its DllMain. */
#ifndef SIOT_PECHECK_H
#define SIOT_PECHECK_H

#include <windows.h>

typedef enum pecheck_result_t {
    PECHECK_OK = 0,
    PECHECK_MISSING,       /* no such file */
    PECHECK_UNREADABLE,    /* it exists but cannot be read */
    PECHECK_NOT_PE,        /* not a PE image, or a damaged one */
    PECHECK_WRONG_MACHINE, /* built for another processor */
    PECHECK_NOT_DLL,       /* an executable, not a DLL */
    PECHECK_NO_EXPORT      /* no export named WSPStartup */
} pecheck_result_t;

/* machine: IMAGE_FILE_MACHINE_AMD64 or IMAGE_FILE_MACHINE_I386. why gets a
 * sentence for anything but PECHECK_OK. */
pecheck_result_t pecheck_file(const WCHAR *file, WORD machine, char *why, size_t n);

/* "1.2.3.4" from the version resource, or "" when it has none. */
void pecheck_version(const WCHAR *file, char *buf, size_t n);

const char *pecheck_machine_name(WORD machine);

#endif
