/* Carries out a plan through catalog calls, checking by reading the catalog
 * back that it really holds each change: a call that reports success and
 * does nothing (as Wine's WSCInstallProvider does) is a failure like any
 * other. Nothing
 * here undoes anything; on failure the caller restores with txn_restore. */
#ifndef SIOT_APPLY_H
#define SIOT_APPLY_H

#include "plan.h"
#include "txn.h"

/* Installs the plan. With chains_call, one WSCInstallProviderAndChains call
 * makes the layered entry and the chains (Windows chooses the chain GUIDs);
 * otherwise WSCInstallProvider(64_32) installs each, the layered entry first.
 * Then each catalog is read once: the layered entry must be there once and
 * hidden (PFL_HIDDEN), each chain over its planned entry; the order is
 * planned from that read and written, the LSP categories set, each checked.
 * Every GUID installed is added to t, and the id each entry got goes into
 * the plan's dwCatalogEntryId. 0 or -1 (cat->error). */
int apply_install(catalog_t *cat, txn_t *t, plan_t *p, int chains_call);

/* A provider's entries for one catalog and the DLL path they name. */
typedef struct apply_entries_t {
    const WCHAR *path;
    const WSAPROTOCOL_INFOW *infos;
    size_t count;
} apply_entries_t;

/* The next catalog_install call that puts provider id's entries e[w] into
 * the catalogs of *left: both in one call when the entries and path are the
 * same in each, else the 32-bit catalog first (Windows' 64-bit install into
 * it alone works only while the 64-bit one lacks them). Moves the catalogs it
 * installed into from *left to *done. 0 or -1 (cat->error). */
int apply_put(catalog_t *cat, const GUID *id, const apply_entries_t e[CATALOG_COUNT],
              unsigned *left, unsigned *done);

#define APPLY_MAX 128

/* Providers to remove, each from the catalogs of its CATALOG_BITs. */
typedef struct apply_list_t {
    size_t count;
    GUID ids[APPLY_MAX];
    unsigned bits[APPLY_MAX];
} apply_list_t;

/* Adds id (or, when it is there already, more catalogs to it). */
void apply_list_add(apply_list_t *l, const GUID *id, unsigned bits);

/* Removes each provider of l from each of its catalogs that has it, in two
 * passes (the chains, then siotrace's layered entry they start with), each
 * catalog read back after a pass to check that all it removed is gone.
 * 0 or -1 (cat->error). */
int apply_remove(catalog_t *cat, const apply_list_t *l);

/* Writes the order of catalog w and checks the catalog now lists those ids
 * in it (entries another program added since may follow). 0 or -1
 * (cat->error). */
int apply_order(catalog_t *cat, catalog_which_t w, const DWORD *ids, size_t count);

#endif
