/* What `install` will put in each catalog, worked out from the catalogs as
 * they are, before anything is changed: for each chosen target the entry that
 * serves it now (its top entry, perhaps another LSP's chain) and the chain
 * siotrace puts over it, and siotrace's layered entry. */
#ifndef SIOT_PLAN_H
#define SIOT_PLAN_H

#include "snap.h"
#include "target.h"

typedef struct plan_chain_t {
    const target_t *target;
    GUID id;
    long over[CATALOG_COUNT];              /* index in the snapshot of the entry below */
    WSAPROTOCOL_INFOW info[CATALOG_COUNT]; /* first link and id filled in by apply_install */
} plan_chain_t;

typedef struct plan_t {
    unsigned catalogs;                   /* CATALOG_BITs */
    const snap_t *snap;                  /* snap[CATALOG_COUNT], as planned from */
    WCHAR path[CATALOG_COUNT][MAX_PATH]; /* the DLL path each catalog will name */
    WSAPROTOCOL_INFOW layered[CATALOG_COUNT];
    size_t chain_count;
    plan_chain_t chains[TARGET_COUNT];
} plan_t;

/* Plans siotrace over the targets of target_mask in each catalog of catalogs,
 * ignoring any siotrace entries already there (a forced reinstall removes
 * them first). Returns 0, or -1 with why (for a person) when the catalog
 * does not allow it: no entry for a target, a chain already at the maximum
 * length, or an entry that does not hand out IFS handles. */
int plan_install(const snap_t snap[CATALOG_COUNT], unsigned catalogs, unsigned target_mask,
                 const WCHAR *const path[CATALOG_COUNT], plan_t *p, char *why, size_t n);

/* Whether one WSCInstallProviderAndChains call makes exactly this plan. Given
 * each chain's {family, type, protocol}, that call layers over the top-most
 * entry with those three (hidden entries and other LSPs' chains included)
 * and refuses an LSP name already in the catalog (WSAEINVAL), so it fits
 * when, in every catalog, that entry is the one planned and a base entry
 * (siotrace over another LSP's chain alone takes one install per entry), and
 * no entry but siotrace's own is named "siotrace". 1, or 0 with why. */
int plan_fits_chains_call(const plan_t *p, char *why, size_t n);

/* Sets each chain's first link to the layered entry's id in catalog w. */
void plan_link(plan_t *p, catalog_which_t w, DWORD layered_id);

/* The order to write once everything is installed: siotrace's chains first (in
 * target order, by the ids in their info[w]), then every entry that was
 * there, then the rest of `now` (siotrace's layered entry). Returns a
 * malloc'd array of *count ids. */
DWORD *plan_order(const plan_t *p, catalog_which_t w, const snap_t *now, size_t *count);

#endif
