#include "machine.h"

#include <stdio.h>

#include "dll.h"
#include "out.h"

machine_wow64_fn machine_wow64_function(void)
{
    HMODULE k32 = GetModuleHandleW(L"kernel32.dll");

    return k32 ? (machine_wow64_fn)(void (*)(void))GetProcAddress(k32, "IsWow64Process2") : NULL;
}

WORD machine_self(void)
{
    return sizeof(void *) == 8 ? IMAGE_FILE_MACHINE_AMD64 : IMAGE_FILE_MACHINE_I386;
}

machine_verdict_t machine_check(machine_wow64_fn is2, WORD *native, char *why, size_t n)
{
    USHORT process = 0, host = 0;
    WORD self = machine_self();
    BOOL wow = FALSE;

    /* Without IsWow64Process2: x64 for the x64 lspctl, and for the x86 one
     * under WOW64, which only x64 Windows then had. */
    *native = 0;
    if (is2 ? !is2(GetCurrentProcess(), &process, &host)
            : self == IMAGE_FILE_MACHINE_I386 && !IsWow64Process(GetCurrentProcess(), &wow))
        return out_why(why, n, MACHINE_UNKNOWN, "%s failed (error %lu)",
                       is2 ? "IsWow64Process2" : "IsWow64Process", (unsigned long)GetLastError());
    if (is2)
        *native = host;
    else
        *native = self == IMAGE_FILE_MACHINE_AMD64 || wow ? IMAGE_FILE_MACHINE_AMD64
                                                          : IMAGE_FILE_MACHINE_I386;
    if (*native == self)
        return MACHINE_SERVED;
    if (*native == IMAGE_FILE_MACHINE_AMD64)
        return out_why(why, n, MACHINE_OTHER,
                       "this is the x86 lspctl on x64 Windows: run the x64 lspctl, which writes "
                       "both of its catalogs");
    return out_why(why, n, MACHINE_OTHER,
                   "this Windows runs natively on %s (machine 0x%04x), this %s lspctl %s: siotrace "
                   "has DLLs for x64 and x86 Windows only, none its native processes can load",
                   dll_machine_name(*native), *native, dll_machine_name(self),
                   self == IMAGE_FILE_MACHINE_AMD64 ? "under emulation" : "under WOW64");
}
