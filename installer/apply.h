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
 * Either way the LSP categories are set and the result checked. Every GUID
 * installed is added to t. 0 or -1 (cat->error). */
int apply_install(catalog_t *cat, txn_t *t, plan_t *p, int chains_call);

/* Removes provider ids[k] from each catalog of bits[k] that has it (bits NULL:
 * from every catalog), in that order, checking each is gone. 0 or -1
 * (cat->error). */
int apply_remove(catalog_t *cat, const GUID *ids, const unsigned *bits, size_t count);

/* Writes the order of catalog w and checks the catalog now reads in it.
 * 0 or -1 (cat->error). */
int apply_order(catalog_t *cat, catalog_which_t w, const DWORD *ids, size_t count);

#endif
