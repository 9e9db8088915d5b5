#include "fileid.h"

#define FILEID__PATH_MAX 32768

bool fileid_of_path(const wchar_t *path, fileid_t *id)
{
    HANDLE h = CreateFileW(path, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return false;
    BY_HANDLE_FILE_INFORMATION info;
    BOOL ok = GetFileInformationByHandle(h, &info);
    CloseHandle(h);
    if (!ok)
        return false;
    id->volume = info.dwVolumeSerialNumber;
    id->index_high = info.nFileIndexHigh;
    id->index_low = info.nFileIndexLow;
    return true;
}

bool fileid_of_module(HMODULE module, fileid_t *id)
{
    wchar_t *path = HeapAlloc(GetProcessHeap(), 0, FILEID__PATH_MAX * sizeof *path);
    if (!path)
        return false;
    DWORD n = GetModuleFileNameW(module, path, FILEID__PATH_MAX);
    bool ok = n > 0 && n < FILEID__PATH_MAX && fileid_of_path(path, id);
    HeapFree(GetProcessHeap(), 0, path);
    return ok;
}

bool fileid_equal(const fileid_t *a, const fileid_t *b)
{
    return a->volume == b->volume && a->index_high == b->index_high && a->index_low == b->index_low;
}
