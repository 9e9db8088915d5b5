#include "dllmain.h"
#include "record.h"
#include "safecopy.h"
#include "writer.h"

static HMODULE dllmain__module;

HMODULE dllmain_module(void)
{
    return dllmain__module;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    switch (reason) {
    case DLL_PROCESS_ATTACH:
        dllmain__module = instance;
        DisableThreadLibraryCalls(instance);
        break;
    case DLL_PROCESS_DETACH:
        /* Process exit (reserved != NULL): the writer thread has been
         * terminated with the others. Unload (reserved == NULL): the writer
         * thread held a reference, so it has ended. Either way nothing else
         * touches the queue now; see writer.h for why this is safe here. */
        writer_exit_flush();
        if (!reserved) {
            safecopy_unload();
            writer_unload();
            record_unload();
        }
        break;
    default:
        break;
    }
    return TRUE;
}
