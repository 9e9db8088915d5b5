/* Which LSPs a program lets Winsock load, from its application categories and
 * each LSP's categories, as the host applies them when it reads the catalog.
 *
 * What Windows documents (learn.microsoft.com, "Categorizing layered service
 * providers and apps", section "Determining Which LSPs Get Loaded"; the
 * Remarks of WSCSetApplicationCategory and WSCSetProviderInfo):
 * - "If the application is not categorized, allow all LSPs to be loaded into
 *   the process."
 * - If both have categories, all of these must hold: at least one of the
 *   LSP's categories is among the application's; only categories the
 *   application has are among the LSP's (the application's are a superset
 *   of the LSP's); and if the application has LSP_SYSTEM, the LSP has it too.
 * - "If an LSP is not categorized, its category is effectively zero": it
 *   shares no category with a categorized application, so it is loaded only
 *   into uncategorized ones (the page's example: an LSP without categories is
 *   loaded into neither of its two categorized programs).
 * - The page's example: an application with LSP_SYSTEM | LSP_FIREWALL |
 *   LSP_CRYPTO_COMPRESS loads only the LSP whose category is LSP_SYSTEM; one
 *   with LSP_FIREWALL | LSP_CRYPTO_COMPRESS loads only the LSP_FIREWALL one,
 *   neither loads one with LSP_INSPECTOR among its categories.
 * - An LSP's categories are set on "the LSP hidden entry" (its layered entry,
 *   ChainLen 0) with WSCSetProviderInfo(ProviderInfoLspCategories).
 * - Winsock "determines an application's identity and retrieves the permitted
 *   LSP categories during the first call to WSAStartup", and they stay the
 *   same "for the duration of the application instance"
 *   (WSCSetApplicationCategory's Remarks).
 *
 * Where the documentation is silent, the host chooses:
 * - An application whose entry exists with categories 0 is categorized: by
 *   the rule above no LSP is loaded into it.
 * - The application's identity is its image path (GetModuleFileNameW) with
 *   no Extra (command line): what Windows compares Extra with is not said.
 *   The path is compared as the model compares it (case-insensitively,
 *   environment strings not expanded).
 * - What happens to a protocol chain that names an LSP the program does not
 *   permit is not documented. An LSP loads the layer below it itself, from
 *   the chain it is started with, so ws2_32 could not load the upper LSPs of
 *   such a chain without the refused one; the host leaves the whole chain out
 *   of the program's catalog (see hostcat.h), and its sockets go to the next
 *   entry that serves them: in a catalog WSCInstallProviderAndChains wrote,
 *   the chain of the next permitted LSP down, else the base entry.
 * - A layer whose LSP cannot be found in the catalog (a broken chain) counts
 *   as an LSP without categories. */
#ifndef SIOT_HOSTPERM_H
#define SIOT_HOSTPERM_H

#include <winsock2.h>
#include <ws2spi.h>

typedef struct hostperm_t {
    int categorized;  /* the program has an entry (WSCGetApplicationCategory finds it) */
    DWORD categories; /* the LSP categories it permits */
} hostperm_t;

/* The program at `image` as the model keeps it (catmodel_WSCGetApplicationCategory,
 * no Extra). 0 (an uncategorized program included), or the model's error. */
int hostperm_read(const WCHAR *image, hostperm_t *out);

/* Whether an LSP with categories `lsp` is loaded into the program. */
int hostperm_allows(const hostperm_t *app, DWORD lsp);

/* Whether every LSP of protocol chain `chain` is loaded into the program:
 * each of its layers (ChainEntries[0..ChainLen-2]) names an LSP's layered
 * entry, or, as the SDK sample's installer links chains, another LSP's chain
 * (whose ChainEntries[0] is that LSP's layered entry), looked up in the `n`
 * entries of `catalog`; its categories are read from the model
 * (catmodel_WSCGetProviderInfo). A base entry is always permitted. */
int hostperm_chain(const hostperm_t *app, const WSAPROTOCOL_INFOW *chain,
                   const WSAPROTOCOL_INFOW *catalog, size_t n);

#endif
