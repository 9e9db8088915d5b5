/* siotrace's presence in one catalog: its entries, whether they are sound,
 * and whether another LSP is layered over it. */
#ifndef SIOT_SIOTSTATE_H
#define SIOT_SIOTSTATE_H

#include "snap.h"

#define SIOTSTATE_MAX_GUIDS 64

typedef struct siotstate_t {
    long layered;         /* index of siotrace's layered entry, -1 when absent */
    size_t layered_count; /* entries under the layered GUID: 1 when sound */
    size_t chains;        /* sound chains whose first link is the layered entry */
    size_t broken;        /* siotrace entries that are neither of those */
    unsigned targets;     /* bit (number - 1) of each target a sound chain serves */
    unsigned serving;     /* ... of each target whose sockets pass through siotrace: the
                             first entry for it in the order runs through its layered entry */
    long above;           /* a chain of another LSP that runs through siotrace, or -1 */
    long shared;          /* a provider GUID holding siotrace's and other entries, or -1 */
    size_t guid_count;    /* siotrace's provider GUIDs, chains first, layered last */
    GUID guids[SIOTSTATE_MAX_GUIDS];
} siotstate_t;

void siotstate_read(const snap_t *s, siotstate_t *st);

/* Whether `verb` (install, uninstall) must leave the catalog `name` alone
 * because another LSP is layered over siotrace or shares a GUID with it:
 * says why on stderr and returns nonzero. */
int siotstate_refuses(const snap_t *s, const siotstate_t *st, const char *name, const char *verb);

/* Entry i is siotrace's: one of its GUIDs, or a chain that starts with its
 * layered entry. */
int siotstate_own(const snap_t *s, const siotstate_t *st, size_t i);

/* Any trace of siotrace in this catalog. */
int siotstate_present(const siotstate_t *st);
/* Installed and whole: one layered entry, its chains, nothing broken. */
int siotstate_sound(const siotstate_t *st);

#endif
