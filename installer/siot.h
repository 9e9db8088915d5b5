/* What makes an entry of the Winsock catalog siotrace's own, and siotrace's
 * presence in one catalog: its entries, whether they are sound, and whether
 * another LSP is layered over it.
 *
 * siotrace's layered entry is installed under SIOT_LAYERED_GUID; each of its
 * chains under its own GUID (Windows calls WSPStartup once per provider GUID,
 * so chains sharing one would leave all but the first unstarted). The chain
 * GUIDs lspctl installs differ from the layered one in their last byte only,
 * so an entry of any of them is recognized even when its layered entry is
 * gone. Chains made by WSCInstallProviderAndChains get GUIDs from Windows and
 * are recognized by their first link, the layered entry. */
#ifndef SIOT_SIOT_H
#define SIOT_SIOT_H

#include "snap.h"
#include "target.h"

extern const GUID siot_layered_guid;

#define SIOT_NAME L"siotrace"
#define SIOT_DLL  L"siotrace.dll"
/* An inspector only looks: it is the category of a tracer. */
#define SIOT_LSP_CATEGORIES LSP_INSPECTOR

/* Whether Windows loads siotrace into a program that permits app_categories
 * (categorized 0: one never categorized, into which every LSP loads). As the
 * "Categorizing Layered Service Providers and Applications" page gives it, an
 * LSP loads into a categorized program only when the program permits each of
 * the LSP's categories, and into one that permits LSP_SYSTEM only when the
 * LSP is LSP_SYSTEM too. */
int siot_loads_into(DWORD app_categories, int categorized);

/* The GUID of the chain lspctl installs for target number k (1..255). */
GUID siot_chain_guid(unsigned k);

/* The layered GUID or one of the chain GUIDs. */
int siot_is_own_guid(const GUID *id);

#define SIOT_MAX_GUIDS 64

typedef struct siot_state_t {
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
    GUID guids[SIOT_MAX_GUIDS];
} siot_state_t;

void siot_read(const snap_t *s, siot_state_t *st);

/* Whether siotrace's entries must be left alone because another LSP is
 * layered over siotrace or shares a GUID with it: 0, or -1 with why. */
int siot_refusal(const snap_t *s, const siot_state_t *st, char *why, size_t n);

/* The entry a socket of target t gets: the first visible entry of the
 * catalog order that matches it, or -1. With skip_own, siotrace's own
 * entries are passed over (the entry siotrace would be installed over). */
long siot_entry_for(const snap_t *s, const siot_state_t *st, const target_t *t, int skip_own);

/* Entry i is siotrace's: one of its GUIDs, or a chain that starts with its
 * layered entry. */
int siot_own(const snap_t *s, const siot_state_t *st, size_t i);

/* Any trace of siotrace in this catalog. */
int siot_present(const siot_state_t *st);
/* Installed and sound: one layered entry, its chains, nothing broken. */
int siot_sound(const siot_state_t *st);

/* Whether siotrace is whole in one catalog, or the first thing that keeps
 * it from being so. Over several catalogs the verdict is the least of
 * theirs, so the values go from the worst fault to whole. */
typedef enum siot_verdict_t {
    SIOT_ABSENT,        /* no trace of it */
    SIOT_BROKEN,        /* present, not sound */
    SIOT_UNCOVERED,     /* sound, but without a chain for some of the targets asked */
    SIOT_BYPASSED,      /* ... or another entry comes first for some of them */
    SIOT_UNCATEGORIZED, /* its layered entry's LSP categories, where read, lack its own */
    SIOT_WHOLE
} siot_verdict_t;

/* targets: the bits (number - 1) of the targets it must serve. */
siot_verdict_t siot_verdict(const snap_t *s, const siot_state_t *st, unsigned targets);

#endif
