/* e2e_atexit.dll: a library that calls WSACleanup from its DLL_PROCESS_DETACH
 * when the process ends, as libraries with a static destructor do. By then
 * Windows has ended every other thread of the process, siotrace's writer
 * included. Loaded before WSAStartup it is detached after siotrace.dll;
 * loaded after it, before. */
#include <winsock2.h>

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    if (reason == DLL_PROCESS_DETACH && reserved)
        WSACleanup();
    return TRUE;
}
