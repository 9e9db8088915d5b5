/* Carries out a plan through catalog calls, checking after each change that
 * the catalog really holds it: a call that reports success and does nothing
 * (as Wine's WSCInstallProvider does) is a failure like any other. Nothing
 * here undoes anything; on failure the caller restores with txn_restore. */
#ifndef SIOT_APPLY_H
#define SIOT_APPLY_H

#include "plan.h"
#include "txn.h"

/* Installs the plan. With chains_call, one WSCInstallProviderAndChains call
 * makes the layered entry and the chains (Windows chooses the chain GUIDs);
 * otherwise WSCInstallProvider(64_32) installs each, then the order is written.
 * Either way the layered entry must read back hidden (PFL_HIDDEN), the LSP
 * categories are set and the result checked. Every GUID
 * installed is added to t. 0 or -1 (cat->error). */
int apply_install(catalog_t *cat, txn_t *t, plan_t *p, int chains_call);

#define APPLY_MAX 128

/* Providers to remove, each from the catalogs of its CATALOG_BITs. */
typedef struct apply_list_t {
    size_t count;
    GUID ids[APPLY_MAX];
    unsigned bits[APPLY_MAX];
} apply_list_t;

/* Adds id (or, when it is there already, more catalogs to it). */
void apply_list_add(apply_list_t *l, const GUID *id, unsigned bits);

/* Removes each provider of l from each of its catalogs that has it, checking
 * each is gone: in the order of l, but for siotrace's layered entry, which
 * goes last, after the chains that start with it. 0 or -1 (cat->error). */
int apply_remove(catalog_t *cat, const apply_list_t *l);

/* Writes the order of catalog w and checks the catalog now lists those ids
 * in it (entries another program added since may follow). 0 or -1
 * (cat->error). */
int apply_order(catalog_t *cat, catalog_which_t w, const DWORD *ids, size_t count);

#endif
