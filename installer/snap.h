/* A copy of one catalog as it was at one moment: its entries in catalog order
 * and, for the providers asked for, their DLL path and LSP categories. It is
 * what a plan is made from and what a failed run is restored to. */
#ifndef SIOT_SNAP_H
#define SIOT_SNAP_H

#include "catalog.h"

typedef struct snap_entry_t {
    WSAPROTOCOL_INFOW info;
    WCHAR path[MAX_PATH];
    DWORD categories;
    unsigned char have_path, have_categories;
} snap_entry_t;

typedef struct snap_t {
    catalog_which_t which;
    size_t count;
    snap_entry_t *e;
} snap_t;

/* Reads the entries (one WSCEnumProtocols call). 0 or -1 (cat->error). */
int snap_load(catalog_t *cat, catalog_which_t w, snap_t *s);
void snap_free(snap_t *s);

/* Reads the path of provider id into each of its entries. */
int snap_read_path(catalog_t *cat, snap_t *s, const GUID *id);
/* Reads the LSP categories of provider id into each of its entries. */
int snap_read_categories(catalog_t *cat, snap_t *s, const GUID *id);

/* Reads the path of every provider and the LSP categories of every layered
 * entry, going on past failures; the number of them is returned and the
 * first is copied to *first (when not NULL). */
size_t snap_read_details(catalog_t *cat, snap_t *s, catalog_error_t *first);

/* Index of the entry with catalog id, or -1. */
long snap_find_id(const snap_t *s, DWORD id);
/* Index of the first entry of provider id at or after index from, or -1. */
long snap_find_guid(const snap_t *s, const GUID *id, size_t from);

#endif
