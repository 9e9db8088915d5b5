#include <stdatomic.h>

#include "upcall.h"

static _Atomic(LPWPUMODIFYIFSHANDLE) upcall__modify;

void upcall_set(const WSPUPCALLTABLE *table)
{
    atomic_store(&upcall__modify, table->lpWPUModifyIFSHandle);
}

SOCKET upcall_modify_ifs_handle(DWORD catalog_id, SOCKET s, LPINT err)
{
    LPWPUMODIFYIFSHANDLE modify = atomic_load(&upcall__modify);
    if (!modify) {
        *err = WSAEPROVIDERFAILEDINIT;
        return INVALID_SOCKET;
    }
    return modify(catalog_id, s, err);
}
