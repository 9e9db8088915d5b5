#include "iatpatch.h"

#include <string.h>

static IMAGE_IMPORT_DESCRIPTOR *iatpatch__imports(HMODULE module)
{
    BYTE *base = (BYTE *)module;
    IMAGE_DOS_HEADER *dos = (IMAGE_DOS_HEADER *)base;
    IMAGE_NT_HEADERS *nt;
    IMAGE_DATA_DIRECTORY *dir;

    if (!module || dos->e_magic != IMAGE_DOS_SIGNATURE)
        return NULL;
    nt = (IMAGE_NT_HEADERS *)(base + dos->e_lfanew);
    if (nt->Signature != IMAGE_NT_SIGNATURE)
        return NULL;
    dir = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT];
    return dir->VirtualAddress ? (IMAGE_IMPORT_DESCRIPTOR *)(base + dir->VirtualAddress) : NULL;
}

int iatpatch_imports(HMODULE module, const char *dll)
{
    IMAGE_IMPORT_DESCRIPTOR *d = iatpatch__imports(module);
    for (; d && d->Name; d++)
        if (_stricmp((const char *)module + d->Name, dll) == 0)
            return 1;
    return 0;
}

static int iatpatch__write(void **slot, const void *to)
{
    DWORD old;
    if (!VirtualProtect(slot, sizeof(*slot), PAGE_READWRITE, &old))
        return -1;
    *slot = (void *)to;
    VirtualProtect(slot, sizeof(*slot), old, &old);
    return 0;
}

int iatpatch_apply(HMODULE module, const char *dll, const char *func, const void *to)
{
    BYTE *base = (BYTE *)module;
    IMAGE_IMPORT_DESCRIPTOR *d = iatpatch__imports(module);
    int n = 0;

    for (; d && d->Name; d++) {
        IMAGE_THUNK_DATA *names, *iat;
        if (_stricmp((const char *)base + d->Name, dll) != 0 || !d->OriginalFirstThunk)
            continue;
        names = (IMAGE_THUNK_DATA *)(base + d->OriginalFirstThunk);
        iat = (IMAGE_THUNK_DATA *)(base + d->FirstThunk);
        for (; names->u1.AddressOfData; names++, iat++) {
            IMAGE_IMPORT_BY_NAME *by;
            if (IMAGE_SNAP_BY_ORDINAL(names->u1.Ordinal))
                continue;
            by = (IMAGE_IMPORT_BY_NAME *)(base + names->u1.AddressOfData);
            if (strcmp((const char *)by->Name, func) != 0)
                continue;
            if (iatpatch__write((void **)&iat->u1.Function, to) != 0)
                return -1;
            n++;
        }
    }
    return n;
}
