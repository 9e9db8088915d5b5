/* Whether this test runs under Wine: the tests that drive Wine's fake WSC*
 * functions would change a real Windows catalog, so they refuse elsewhere. */
#ifndef SIOT_INSTALLER_WINE_H
#define SIOT_INSTALLER_WINE_H

#include <windows.h>

static inline int wine_running(void)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");

    return ntdll && GetProcAddress(ntdll, "wine_get_version") != NULL;
}

#endif
