/* A model of the Winsock catalog, kept in a file (see catfile.h for its format).
 *
 * Each catmodel_WSCxxx function has the signature, the return convention and
 * the error codes of ws2_32's WSCxxx, and follows the Windows behaviour the
 * comment gives, so that code written for the real catalog (an installer, an
 * LSP's own look-ups through a patched import table) runs unchanged against it.
 * Functions without a suffix act on the process's native catalog (64-bit in an
 * x64 build, 32-bit in an x86 build), `...32` on the 32-bit catalog and
 * `...64_32` on both, as on 64-bit Windows.
 *
 * The file is read on every call and every change is written back atomically
 * before the call returns, so a catalog change is seen by every later call in
 * any process; calls in one process are serialised.
 *
 * Errors: WSANO_RECOVERY when the catalog file is missing, unreadable or does
 * not parse (Windows: "a failure occurred when opening or writing a catalog
 * entry"), WSA_NOT_ENOUGH_MEMORY when a catalog or the application list is full
 * (CATFILE_MAX_ENTRIES, CATFILE_MAX_APPS). */
#ifndef SIOT_CATMODEL_H
#define SIOT_CATMODEL_H

#include <winsock2.h>
#include <ws2spi.h>

/* The catalog file used by every call: `path`, or when NULL (the default) the
 * value of the environment variable SIOT_CATALOG at the time of each call. */
void catmodel_use(const WCHAR *path);

/* The path in use, or NULL when none is set. */
const WCHAR *catmodel_path(void);

/* Writes a fresh catalog file with Windows' default base entries in both
 * catalogs: MSAFD Tcpip [TCP/IP], [UDP/IP], [RAW/IP], [TCP/IPv6], [UDP/IPv6],
 * [RAW/IPv6], ids 1001-1006, two provider GUIDs (IPv4, IPv6) as MSAFD has,
 * XP1_IFS_HANDLES set, each served by `base_dll64` / `base_dll32`. Returns 0 or
 * SOCKET_ERROR with *lpErrno. */
int catmodel_seed(const WCHAR *base_dll64, const WCHAR *base_dll32, LPINT lpErrno);

/* Fault injection for transaction tests: with n > 0, the n-th call that would
 * change the catalog from now on fails with `error` and changes nothing
 * (n = 0 disables). The environment variable SIOT_CATALOG_FAIL="n error", read
 * once per process, sets the same. */
void catmodel_fail_nth_change(int n, int error);

/* WSCEnumProtocols: every entry in catalog order, hidden (PFL_HIDDEN) and
 * layered (ChainLen 0) ones included. lpiProtocols, when not NULL, is a
 * 0-terminated list; an entry is returned when a listed protocol lies within
 * [iProtocol, iProtocol + iProtocolMaxOffset]. Returns the number of entries,
 * or SOCKET_ERROR: WSAENOBUFS with *lpdwBufferLength set to the size needed
 * when lpProtocolBuffer is NULL or too small; WSAEFAULT for a NULL
 * lpdwBufferLength or lpErrno. */
int WSPAPI catmodel_WSCEnumProtocols(LPINT lpiProtocols, LPWSAPROTOCOL_INFOW lpProtocolBuffer,
                                     LPDWORD lpdwBufferLength, LPINT lpErrno);
int WSPAPI catmodel_WSCEnumProtocols32(LPINT lpiProtocols, LPWSAPROTOCOL_INFOW lpProtocolBuffer,
                                       LPDWORD lpdwBufferLength, LPINT lpErrno);

/* WSCGetProviderPath: the DLL path of the first entry with that GUID, with
 * environment strings (%SystemRoot%) NOT expanded. *lpProviderDllPathLen is the
 * buffer's size in characters. WSAEINVAL: no such provider; WSAEFAULT: a NULL
 * pointer, or a buffer too small (then *lpProviderDllPathLen gets the size
 * needed, terminating NUL included). */
int WSPAPI catmodel_WSCGetProviderPath(LPGUID lpProviderId, WCHAR *lpszProviderDllPath,
                                       LPINT lpProviderDllPathLen, LPINT lpErrno);
int WSPAPI catmodel_WSCGetProviderPath32(LPGUID lpProviderId, WCHAR *lpszProviderDllPath,
                                         LPINT lpProviderDllPathLen, LPINT lpErrno);

/* WSCInstallProvider: appends dwNumberOfEntries entries at the end of the
 * catalog, all under lpProviderId and the given path. Each gets the next
 * catalog entry id (ids only grow: a removed id is never given again); every
 * other field is kept as given, ProtocolChain included (an installer fills a
 * chain's ChainEntries[0] with its layered entry's id itself). WSANO_RECOVERY:
 * the GUID is already installed; WSAEINVAL: no entries, ChainLen above
 * MAX_PROTOCOL_CHAIN, an empty or over-long path or name; WSAEFAULT: NULL
 * pointers. */
int WSPAPI catmodel_WSCInstallProvider(LPGUID lpProviderId, const WCHAR *lpszProviderDllPath,
                                       const LPWSAPROTOCOL_INFOW lpProtocolInfoList,
                                       DWORD dwNumberOfEntries, LPINT lpErrno);
/* WSCInstallProvider64_32: the same, into both catalogs with one path. */
int WSPAPI catmodel_WSCInstallProvider64_32(LPGUID lpProviderId, const WCHAR *lpszProviderDllPath,
                                            const LPWSAPROTOCOL_INFOW lpProtocolInfoList,
                                            DWORD dwNumberOfEntries, LPINT lpErrno);

/* WSCInstallProviderAndChains(64_32): installs the layered entry (ChainLen 0,
 * ProviderId lpProviderId, szProtocol lpszLspName, dwServiceFlags1
 * dwServiceFlags, the other fields from the first base entry it layers over)
 * at the end, and one protocol chain per target: the entries that are not
 * layered and whose (iAddressFamily, iSocketType, iProtocol) equal those of an
 * element of lpProtocolInfoList, or every base entry (ChainLen 1) when
 * lpProtocolInfoList is NULL. A chain is a copy of its lower entry with
 * ChainEntries = [layered id, lower chain...], szProtocol "<LspName> over
 * [<lower szProtocol>]", XP1_IFS_HANDLES cleared unless dwServiceFlags has it,
 * and its own GUID, as each chain needs one to be started; Windows generates
 * it, the model derives it from lpProviderId and the lower entry's id so that
 * runs repeat. The chains are placed first in the catalog, in the order of
 * their lower entries. *lpdwCatalogEntryId (optional) gets the layered entry's
 * id. WSAEINVAL: no target found, or a chain would exceed MAX_PROTOCOL_CHAIN;
 * WSANO_RECOVERY: lpProviderId already installed. The 64_32 variant does the
 * same in both catalogs (lpszProviderDllPath32 NULL: the 64-bit path is used
 * for both) and returns the 64-bit catalog's layered id. */
int WSPAPI catmodel_WSCInstallProviderAndChains(LPGUID lpProviderId,
                                                const LPWSTR lpszProviderDllPath,
                                                const LPWSTR lpszLspName, DWORD dwServiceFlags,
                                                LPWSAPROTOCOL_INFOW lpProtocolInfoList,
                                                DWORD dwNumberOfEntries, LPDWORD lpdwCatalogEntryId,
                                                LPINT lpErrno);
int WSPAPI catmodel_WSCInstallProviderAndChains64_32(
    LPGUID lpProviderId, const LPWSTR lpszProviderDllPath, const LPWSTR lpszProviderDllPath32,
    const LPWSTR lpszLspName, DWORD dwServiceFlags, LPWSAPROTOCOL_INFOW lpProtocolInfoList,
    DWORD dwNumberOfEntries, LPDWORD lpdwCatalogEntryId, LPINT lpErrno);

/* WSCDeinstallProvider: removes every entry with that GUID from the catalog.
 * Chains that referred to a removed layered entry stay (orphans), as on
 * Windows. WSAEINVAL: no such provider; WSAEFAULT: NULL pointer. */
int WSPAPI catmodel_WSCDeinstallProvider(LPGUID lpProviderId, LPINT lpErrno);
int WSPAPI catmodel_WSCDeinstallProvider32(LPGUID lpProviderId, LPINT lpErrno);

/* WSCWriteProviderOrder (sporder.h): the catalog takes the order of the given
 * ids, which must name every entry exactly once. Returns 0 or the error itself
 * (not SOCKET_ERROR): WSAEINVAL for a count or id set that differs from the
 * catalog's, WSANO_RECOVERY for a catalog that cannot be read or written. */
int WSPAPI catmodel_WSCWriteProviderOrder(LPDWORD lpwdCatalogEntryId, DWORD dwNumberOfEntries);
int WSPAPI catmodel_WSCWriteProviderOrder32(LPDWORD lpwdCatalogEntryId, DWORD dwNumberOfEntries);

/* WSCSetProviderInfo / WSCGetProviderInfo, InfoType ProviderInfoLspCategories
 * only (a DWORD of LSP_* flags); Flags must be 0. Set applies to every entry with
 * the GUID; get reads the first. WSAEINVALIDPROVIDER: no entry has the GUID;
 * WSAEINVAL: InfoSize is not sizeof(DWORD) or Flags is not 0; WSAEFAULT: NULL
 * pointers, and for get a NULL Info or *InfoSize below sizeof(DWORD) (then
 * *InfoSize gets sizeof(DWORD)). ProviderInfoAudit: Windows documents only "the
 * call is not implemented"; the model answers ERROR_CALL_NOT_IMPLEMENTED. */
int WSPAPI catmodel_WSCSetProviderInfo(LPGUID lpProviderId, WSC_PROVIDER_INFO_TYPE InfoType,
                                       PBYTE Info, size_t InfoSize, DWORD Flags, LPINT lpErrno);
int WSPAPI catmodel_WSCSetProviderInfo32(LPGUID lpProviderId, WSC_PROVIDER_INFO_TYPE InfoType,
                                         PBYTE Info, size_t InfoSize, DWORD Flags, LPINT lpErrno);
int WSPAPI catmodel_WSCGetProviderInfo(LPGUID lpProviderId, WSC_PROVIDER_INFO_TYPE InfoType,
                                       PBYTE Info, size_t *InfoSize, DWORD Flags, LPINT lpErrno);
int WSPAPI catmodel_WSCGetProviderInfo32(LPGUID lpProviderId, WSC_PROVIDER_INFO_TYPE InfoType,
                                         PBYTE Info, size_t *InfoSize, DWORD Flags, LPINT lpErrno);

/* WSCSetApplicationCategory / WSCGetApplicationCategory: the LSP categories a
 * program (its path and optional arguments, `Extra`; lengths in characters
 * without NUL) permits, one list for both catalogs as on Windows. Paths compare
 * case-insensitively. Set replaces any previous value and gives it in
 * *pPrevPermLspCat (0 when there was none). Get of a program never set is not
 * documented; the model fails it with WSASERVICE_NOT_FOUND. WSAEINVAL: a NULL
 * or empty Path, a length that does not match its string. */
int WSPAPI catmodel_WSCSetApplicationCategory(LPCWSTR Path, DWORD PathLength, LPCWSTR Extra,
                                              DWORD ExtraLength, DWORD PermittedLspCategories,
                                              DWORD *pPrevPermLspCat, LPINT lpErrno);
int WSPAPI catmodel_WSCGetApplicationCategory(LPCWSTR Path, DWORD PathLength, LPCWSTR Extra,
                                              DWORD ExtraLength, DWORD *pPermittedLspCategories,
                                              LPINT lpErrno);

#endif
