/* fileid: whether two paths name one file, whatever their spelling (case,
 * 8.3 names, links, "Z:" against "C:" under Wine). Compares the volume and
 * file index the file system reports. */
#ifndef SIOT_FILEID_H
#define SIOT_FILEID_H

#include <windows.h>

#include <stdbool.h>

typedef struct fileid {
    DWORD volume, index_high, index_low;
} fileid_t;

bool fileid_of_path(const wchar_t *path, fileid_t *id);
/* The file a loaded module was mapped from. */
bool fileid_of_module(HMODULE module, fileid_t *id);
bool fileid_equal(const fileid_t *a, const fileid_t *b);

#endif
