/* Puts the catalogs back as they were when a run began, after any failure.
 *
 * txn_begin copies each catalog; txn_touch names the providers the run may
 * add or remove (and, for those already there, reads their DLL path and LSP
 * categories, which a reinstall needs). txn_restore then removes what the run
 * added, reinstalls what it removed, and writes the old categories and order
 * back, through the same catalog calls, and checks the result entry by entry.
 *
 * Windows gives a reinstalled entry a new catalog id and has no call that
 * chooses one, so an entry a run removed comes back equal in every field but
 * its id; the report names each such id. Restoring from an install removes
 * only, and leaves every id as it was. */
#ifndef SIOT_TXN_H
#define SIOT_TXN_H

#include "catalog.h"
#include "snap.h"

#define TXN_MAX_GUIDS 64

typedef struct txn_t {
    catalog_t *cat;
    snap_t before[CATALOG_COUNT];
    size_t touched_count;
    GUID touched[TXN_MAX_GUIDS];
} txn_t;

typedef enum txn_result_t {
    TXN_EXACT = 0,      /* the catalogs are as they were, ids included */
    TXN_RENUMBERED = 1, /* as they were but for the ids the report lists */
    TXN_FAILED = -1     /* not restored; the report says what is left */
} txn_result_t;

/* 0 or -1 (cat->error). */
int txn_begin(txn_t *t, catalog_t *cat);
int txn_touch(txn_t *t, const GUID *id);
void txn_end(txn_t *t);

/* Says on stderr, as it goes, one line per action and per difference left:
 * the one function below the commands that prints (cli.h), so that a restore
 * cut short has said what it did. */
txn_result_t txn_restore(txn_t *t);

#endif
