/* How the entries of one catalog fit together: base entries (ChainLen 1),
 * layered entries (ChainLen 0, one per LSP, never used for sockets) and
 * protocol chains (ChainLen 2 or more: an LSP's layered entry first, then any
 * LSPs below it, then a base entry). */
#ifndef SIOT_LSPMAP_H
#define SIOT_LSPMAP_H

#include "snap.h"

typedef enum lspmap_kind_t { LSPMAP_LAYERED = 0, LSPMAP_BASE = 1, LSPMAP_CHAIN = 2 } lspmap_kind_t;

lspmap_kind_t lspmap_kind(const WSAPROTOCOL_INFOW *e);
const char *lspmap_kind_name(lspmap_kind_t k); /* as netsh words it */

/* A chain is broken when a link names no entry, when a link but the last is
 * not a layered entry, or when the last is not a base entry: Windows cannot
 * load it. *why gets a short reason. Non-chains are never broken. */
int lspmap_broken(const snap_t *s, size_t i, DWORD *link, const char **why);

/* The entry the chain at index i sits over: its second link (-1 if absent). */
long lspmap_below(const snap_t *s, size_t i);

/* Whether every entry of provider id is a broken chain. */
int lspmap_all_broken(const snap_t *s, const GUID *id);

#endif
