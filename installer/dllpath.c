#include "dllpath.h"

#include <wchar.h>

WORD dllpath_machine(catalog_which_t w)
{
    return w == CATALOG_64 ? IMAGE_FILE_MACHINE_AMD64 : IMAGE_FILE_MACHINE_I386;
}

/* What WOW64 file system redirection does for a 32-bit process. */
static int dllpath__redirect(WCHAR *file, size_t n)
{
    WCHAR sys[MAX_PATH], wow[MAX_PATH], rest[MAX_PATH];
    UINT slen = GetSystemDirectoryW(sys, MAX_PATH), wlen;

    if (slen == 0 || slen >= MAX_PATH || wcslen(file) <= slen || _wcsnicmp(file, sys, slen) != 0 ||
        file[slen] != L'\\')
        return 0;
    wlen = GetSystemWow64DirectoryW(wow, MAX_PATH);
    if (wlen == 0 || wlen >= MAX_PATH || wcslen(file + slen) + wlen >= n)
        return -1;
    wcscpy(rest, file + slen);
    wcscpy(file, wow);
    wcscat(file, rest);
    return 0;
}

int dllpath_file(catalog_which_t w, const WCHAR *registered, WCHAR *file, size_t n)
{
    DWORD len = ExpandEnvironmentStringsW(registered, file, (DWORD)n);

    if (len == 0 || len > n)
        return -1;
    /* A 32-bit lspctl runs only on 32-bit Windows, where nothing is redirected. */
    if (sizeof(void *) == 8 && w == CATALOG_32)
        return dllpath__redirect(file, n);
    return 0;
}
