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
 * (CATFILE_MAX_ENTRIES, CATFILE_MAX_APPS).
 *
 * Sources. Windows' behaviour below is taken from the WSC* reference pages
 * (learn.microsoft.com, ws2spi.h section; their Remarks and error tables) and
 * from the Windows SDK LSP sample's installer (instlsp: lspadd.cpp); where
 * neither says, the comment says what the model chose. None of it is yet
 * confirmed on a real host.
 *
 * Catalog entry ids: each catalog hands out ids from its own counter, and an
 * id is never given twice. A call that writes both catalogs
 * (WSCInstallProvider64_32, WSCInstallProviderAndChains64_32) gives the same
 * ids in both, as the SDK's ws2spi.h says of WSCInstallProvider64_32 (the
 * public reference pages do not say it): it starts at the larger of the two
 * counters, and both continue after the ids it used. */
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

/* Another installer at work: with n > 0, just before the n-th catmodel_WSC*
 * call from now on (reads included) opens the catalog, one base entry is
 * appended to both catalogs under one new id, as if another program had
 * installed a provider between two of this process's calls: a copy of each
 * catalog's first base entry (ChainLen 1), ProviderId
 * {51075E1E-C4A7-4E0D-9A11-0CA7A1090007}, szProtocol "Another installer's
 * provider". It happens once (n = 0 disables). The environment variable
 * SIOT_CATALOG_CHANGE_AT=n, read once per process, sets the same. The entry is
 * not a change of the caller's: catmodel_fail_nth_change does not count it. */
void catmodel_change_at(int n);

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
 * other field is kept as given, ProtocolChain included: an installer fills a
 * chain's ChainEntries itself, and the model accepts either link style for a
 * chain over another LSP's chain (see catmodel_link_t). WSANO_RECOVERY: the
 * GUID is already installed ("the provider is already installed"); WSAEINVAL:
 * no entries, ChainLen above MAX_PROTOCOL_CHAIN, an empty or over-long path or
 * name; WSAEFAULT: NULL pointers. */
int WSPAPI catmodel_WSCInstallProvider(LPGUID lpProviderId, const WCHAR *lpszProviderDllPath,
                                       const LPWSAPROTOCOL_INFOW lpProtocolInfoList,
                                       DWORD dwNumberOfEntries, LPINT lpErrno);
/* WSCInstallProvider64_32: the same, into both catalogs with one path, the
 * same ids in both. */
int WSPAPI catmodel_WSCInstallProvider64_32(LPGUID lpProviderId, const WCHAR *lpszProviderDllPath,
                                            const LPWSAPROTOCOL_INFOW lpProtocolInfoList,
                                            DWORD dwNumberOfEntries, LPINT lpErrno);

/* WSCInstallProviderAndChains(64_32): installs the layered entry and one
 * protocol chain per entry it layers over. Which entries (Remarks of
 * WSCInstallProviderAndChains64_32):
 * - lpProtocolInfoList NULL: "the provider is layered over the base protocol
 *   for each unique protocol type as defined by the address family, socket
 *   type, and protocol": for each {iAddressFamily, iSocketType, iProtocol} of
 *   the base entries (ChainLen 1), the first base entry in catalog order that
 *   has it; a second base entry of a protocol gets no chain.
 * - a list: for each element, "the top-most entry in the configuration
 *   information that matches the {address family, socket type, protocol}
 *   tuple"; only those three members count and duplicates are ignored. The
 *   page excludes no entry for PFL_HIDDEN, and the configuration information
 *   is the catalog WSCEnumProtocols returns, hidden entries included, so the
 *   model takes the top-most match of any kind but a layered entry (ChainLen
 *   0, which cannot be layered over): a hidden entry or another LSP's chain
 *   included.
 * The layered entry (its id in *lpdwCatalogEntryId, optional) is a copy of the
 * first entry layered over (in catalog order) with ChainLen 0, ProviderId
 * lpProviderId, szProtocol lpszLspName, dwServiceFlags1 dwServiceFlags, and
 * dwProviderFlags with PFL_HIDDEN set and PFL_MATCHES_PROTOCOL_ZERO cleared.
 * The reference does not say which provider flags Windows gives it; those are
 * the flags the SDK sample's installer gives its "dummy hidden" layered entry
 * (lspadd.cpp, CreateDummyEntry), which the reference calls the "dummy" entry
 * too. Each chain is a copy of its lower entry with ChainEntries = [layered
 * id, the lower entry's ChainEntries...] (the layered-id link style, see
 * catmodel_link_t; the reference does not say which style Windows writes),
 * szProtocol "<LspName> over [<lower szProtocol>]", XP1_IFS_HANDLES cleared
 * unless dwServiceFlags has it, and its own GUID, as each chain needs one to be
 * started; Windows generates it, the model derives it from lpProviderId and
 * the lower entry's id so that runs repeat. Ids: the layered entry first, then
 * the chains; the chains are placed first in the catalog, in the catalog order
 * of their lower entries, the layered entry last.
 * Errors, as the reference lists them: WSAEINVAL for a NULL lpProviderId,
 * lpszProviderDllPath or lpszLspName, a path above MAX_PATH or a name above
 * WSAPROTOCOL_LEN, a list with dwNumberOfEntries 0, a provider id or an LSP
 * name (any entry's szProtocol) already in the catalog, or an element of the
 * list that no entry matches; WSANO_RECOVERY when lpProtocolInfoList is NULL
 * and no base entry exists, or a chain would exceed MAX_PROTOCOL_CHAIN. The
 * 64_32 variant does the same in both catalogs with the same ids
 * (lpszProviderDllPath32 NULL: the 64-bit path is used for both; the model
 * does not check the documented rule that this path must then be
 * %windir%\system32\<dll>) and returns the layered id of both. */
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

/* How a chain over another LSP's chain names the layer below it. A chain over
 * a base entry is [layered id, base id] in both styles.
 * - CATMODEL_LINK_LAYERED: ChainEntries[1..] are the lower chain's own
 *   ChainEntries, so [1] is the lower LSP's layered entry id:
 *   [vendor-layered, siotrace-layered, base]. WSCInstallProviderAndChains in
 *   the model writes this style.
 * - CATMODEL_LINK_CHAIN: ChainEntries[1] is the lower chain's catalog entry id,
 *   then the lower chain's ChainEntries[1..]: [vendor-layered, siotrace-chain,
 *   base]. The SDK sample's installer writes this style ("the second entry is
 *   always the ID of the current provider", lspadd.cpp), and so do the LSPs
 *   whose installers were built from it. */
typedef enum catmodel_link_t { CATMODEL_LINK_LAYERED = 0, CATMODEL_LINK_CHAIN = 1 } catmodel_link_t;

/* Not a Windows function: another vendor's LSP installed over whatever serves
 * each protocol now, for tests that stack an LSP over siotrace. For each
 * protocol of the base entries, the top-most entry serving it (hidden ones
 * included, layered ones not) gets a chain linked in `link` style; in both
 * catalogs, the same ids in both, chains first. With CATMODEL_LINK_LAYERED it
 * is WSCInstallProviderAndChains64_32 with a list of those protocols. With
 * CATMODEL_LINK_CHAIN it is what the SDK sample installer leaves: the layered
 * entry is its "dummy" (iSocketType and iProtocol 0, PFL_HIDDEN set,
 * PFL_MATCHES_PROTOCOL_ZERO cleared, the first lower entry's service flags
 * with XP1_IFS_HANDLES as in service_flags) and the chains link to the lower
 * chains' ids. dll32 NULL: dll64 for both. Errors as
 * WSCInstallProviderAndChains64_32's; WSAEINVAL for an unknown `link`. One
 * change for catmodel_fail_nth_change. */
int catmodel_install_lsp_over(LPGUID guid, const WCHAR *dll64, const WCHAR *dll32,
                              const WCHAR *name, DWORD service_flags, catmodel_link_t link,
                              LPDWORD layered_id, LPINT lpErrno);

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
 * case-insensitively. Set ORs PermittedLspCategories into the program's
 * categories: "If the WSCSetApplicationCategory function is called on the same
 * application (the same fullpath, EXE name, and parameters) multiple times,
 * then the categories are ORed together" (its Remarks; the example given is
 * LSP_SYSTEM, then LSP_REDIRECTOR, giving LSP_SYSTEM | LSP_REDIRECTOR). So a
 * program's categories only grow: *pPrevPermLspCat (optional) gets the value
 * before the call (0 when the program had none), and a second call cannot take
 * back what the first set. Windows documents nothing that does: ws2spi.h has
 * only these two application-category functions, no WSC* call removes a
 * program's entry or lowers its categories, and neither page nor the
 * "Categorizing Layered Service Providers and Applications" page names one.
 * Get of a program never set: WSASERVICE_NOT_FOUND ("the application is not
 * currently categorized"). WSAEINVAL: a NULL or empty Path, a length that does
 * not match its string. */
int WSPAPI catmodel_WSCSetApplicationCategory(LPCWSTR Path, DWORD PathLength, LPCWSTR Extra,
                                              DWORD ExtraLength, DWORD PermittedLspCategories,
                                              DWORD *pPrevPermLspCat, LPINT lpErrno);
int WSPAPI catmodel_WSCGetApplicationCategory(LPCWSTR Path, DWORD PathLength, LPCWSTR Extra,
                                              DWORD ExtraLength, DWORD *pPermittedLspCategories,
                                              LPINT lpErrno);

#endif
