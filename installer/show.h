/* The catalog as `netsh winsock show catalog` shows it, followed by a map of
 * its LSPs: each LSP's layered entry, its chains and what each sits over, and
 * the broken chains. Text for people, JSON for programs. */
#ifndef SIOT_SHOW_H
#define SIOT_SHOW_H

#include "emit.h"
#include "siot.h"
#include "snap.h"

/* One catalog, as text or (o's mode) as the members of one JSON object. s
 * should have its paths and LSP categories read where they can be. */
void show_catalog(emit_t *o, const snap_t *s);

/* "siotrace > LSP > MSAFD Tcpip [TCP/IP]": the names along a chain; for an
 * entry that is no chain, its own name. */
void show_chain_names(const snap_t *s, size_t i, char *buf, size_t n);

/* siotrace's entries in s, a line each: "  <verb> 64-bit catalog entry 1007
 * {GUID}: siotrace > MSAFD Tcpip [TCP/IP]". */
void show_own(const snap_t *s, const siot_state_t *st, const char *verb);

#endif
