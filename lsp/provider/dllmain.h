/* dllmain: the DLL's entry point, which does only what is safe under the
 * loader lock: it notes the module handle, turns off thread notifications
 * and, when the process ends, writes the records still queued; when the DLL
 * is unloaded, it also frees what a load left behind (handles, heap). */
#ifndef SIOT_DLLMAIN_H
#define SIOT_DLLMAIN_H

#include <windows.h>

HMODULE dllmain_module(void);

#endif
