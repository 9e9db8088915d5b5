/* A copy of one catalog as it was at one moment, and how its entries fit
 * together: base entries (ChainLen 1), layered entries (ChainLen 0, one per
 * LSP, never used for sockets) and protocol chains (ChainLen 2 or more: an
 * LSP's layered entry first, then any LSPs below it, then a base entry).
 * It is what a plan is made from and what a failed run is restored to. */
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
 * entry, going on past failures. 0, or -1 with the first failure in
 * cat->error. */
int snap_read_details(catalog_t *cat, snap_t *s);

/* Appends id to the order ids[0..n) when now has that entry and the order
 * does not list it yet; returns the new n (never more than now->count). */
size_t snap_order_add(const snap_t *now, DWORD *ids, size_t n, DWORD id);

/* Index of the entry with catalog id, or -1. */
long snap_find_id(const snap_t *s, DWORD id);
/* Index of the first entry of provider id after index after (-1: the first
 * of all), or -1. */
long snap_next(const snap_t *s, const GUID *id, long after);
/* Runs the statement that follows with i the index of each entry of
 * provider id in s, in order. */
#define SNAP_EACH_OF(i, s, id) for (long i = snap_next(s, id, -1); i >= 0; i = snap_next(s, id, i))
/* Index of id in ids[0..n), or -1. */
long snap_guid_index(const GUID *ids, size_t n, const GUID *id);

typedef enum snap_kind_t { SNAP_LAYERED = 0, SNAP_BASE = 1, SNAP_CHAIN = 2 } snap_kind_t;

snap_kind_t snap_kind(const WSAPROTOCOL_INFOW *e);
const char *snap_kind_name(snap_kind_t k); /* as netsh words it */

/* ChainLen clamped to 0..MAX_PROTOCOL_CHAIN, for indexing ChainEntries. */
int snap_chain_len(const WSAPROTOCOL_INFOW *e);

/* Field by field, ids included: the bytes past the name's end and past
 * ChainLen mean nothing and are not compared. */
int snap_equal(const WSAPROTOCOL_INFOW *a, const WSAPROTOCOL_INFOW *b);

/* Links name layers in one of two styles, and Windows loads both (it starts
 * the chain's first link; each LSP finds the layer below it itself):
 * - a link names the lower LSP's layered entry: [upper, lower-layered, base],
 *   as WSCInstallProviderAndChains and lspctl write;
 * - a link above the last names the lower LSP's chain, whose own links follow:
 *   [upper, lower-chain, base], as the SDK sample's installer writes ("the
 *   second entry is always the ID of the current provider", lspadd.cpp).
 * The index of the layered entry link k of chain i stands for, either way, or
 * -1 when the link names neither. */
long snap_link_layer(const snap_t *s, size_t i, int k);

/* A chain is broken when a link names no entry, when a link but the last
 * stands for no layered entry (snap_link_layer), or when the last is not a
 * base entry: Windows cannot load it. *why gets a short reason. Non-chains are
 * never broken. */
int snap_broken(const snap_t *s, size_t i, DWORD *link, const char **why);

/* Whether the entry at index i is a chain whose first link is the entry at
 * index layered (never when layered is -1). */
int snap_starts_with(const snap_t *s, size_t i, long layered);

/* Whether every entry of provider id is a broken chain. */
int snap_all_broken(const snap_t *s, const GUID *id);

#endif
