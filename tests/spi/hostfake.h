/* What Wine does not let a test vary, faked for the providers the host
 * loads, reached like the catalog calls: by patching a provider's imports
 * (hostprov.c), never by a switch in the provider. Each fake is off until a
 * test turns it on (a program linked against libsiotws2.a calls these
 * exports directly), and then changes only what it says:
 * - the token: TokenElevation and TokenIntegrityLevel (Wine's are always
 *   elevated, high integrity);
 * - the owner of directories (Wine reports the Unix user, an elevated
 *   administrator, for every file);
 * - reparse points: Wine 8 creates no junction or symbolic link, so a
 *   directory can be made to report FILE_ATTRIBUTE_REPARSE_POINT;
 * - the Event Log: RegisterEventSourceW/ReportEventW are recorded, the
 *   message rendered from the reporting DLL's own message table (as Event
 *   Viewer would), and, when SIOT_EVENTLOG names a file, appended to it. */
#ifndef SIOT_HOSTFAKE_H
#define SIOT_HOSTFAKE_H

#include <windows.h>

/* elevated: 0 or 1, -1 the real value; integrity: a mandatory label RID
 * (0x2000 medium), -1 the real one. */
void WINAPI hostfake_token(int elevated, LONG integrity);
/* The owner every directory reports ("S-1-5-21-1-2-3-1001"), NULL the real one. */
void WINAPI hostfake_owner(const char *sid);
/* Whether every directory reports itself a reparse point. */
void WINAPI hostfake_reparse(BOOL on);

#define HOSTFAKE_TEXT_MAX 2048
typedef struct hostfake_event_t {
    WCHAR source[64];
    WORD type;
    DWORD id;
    char sid[192]; /* the entry's user SID, "" when none */
    WORD strings;
    WCHAR text[HOSTFAKE_TEXT_MAX]; /* the message as rendered */
} hostfake_event_t;

/* Entries reported so far, and one of them. */
LONG WINAPI hostfake_events(void);
BOOL WINAPI hostfake_event(LONG i, hostfake_event_t *out);

/* The patched functions (hostprov.c's table). */
BOOL WINAPI hostfake_GetTokenInformation(HANDLE, TOKEN_INFORMATION_CLASS, LPVOID, DWORD, PDWORD);
BOOL WINAPI hostfake_GetKernelObjectSecurity(HANDLE, SECURITY_INFORMATION, PSECURITY_DESCRIPTOR,
                                             DWORD, LPDWORD);
BOOL WINAPI hostfake_GetFileInformationByHandle(HANDLE, LPBY_HANDLE_FILE_INFORMATION);
HANDLE WINAPI hostfake_RegisterEventSourceW(LPCWSTR, LPCWSTR);
BOOL WINAPI hostfake_ReportEventW(HANDLE, WORD, WORD, DWORD, PSID, WORD, DWORD, LPCWSTR *, LPVOID);
BOOL WINAPI hostfake_DeregisterEventSource(HANDLE);

#endif
