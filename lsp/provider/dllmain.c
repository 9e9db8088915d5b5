#include "dllmain.h"
#include "etwsink.h"
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
        if (reserved)
            etwsink_exit();
        writer_exit_flush();
        /* ETW would call a callback in an unloaded DLL. At process exit
         * the registration ends with the process. */
        if (!reserved) {
            etwsink_unregister();
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
