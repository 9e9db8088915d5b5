#include "cmd.h"

#include <stdio.h>
#include <string.h>

#include "apply.h"
#include "exitcode.h"
#include "guidstr.h"
#include "lspmap.h"
#include "out.h"
#include "siot.h"
#include "siotstate.h"

#define REPAIR_MAX 128

typedef struct repair_t {
    size_t count;
    GUID ids[REPAIR_MAX];
    unsigned bits[REPAIR_MAX];
} repair_t;

static void cmd_repair__add(repair_t *r, const GUID *id, unsigned bits)
{
    size_t k;

    for (k = 0; k < r->count; k++)
        if (IsEqualGUID(&r->ids[k], id)) {
            r->bits[k] |= bits;
            return;
        }
    if (r->count < REPAIR_MAX) {
        r->ids[r->count] = *id;
        r->bits[r->count++] = bits;
    }
}

/* Other LSPs' chains whose layered entry is gone (or another link): Windows
 * cannot load them, and sockets of their kind fail. Removed only where every
 * entry of the GUID is broken, since removal goes by GUID. */
static void cmd_repair__broken(const snap_t *s, const siotstate_t *st, repair_t *r)
{
    char name[WSAPROTOCOL_LEN * 3 + 1], gs[GUIDSTR_LEN];
    const char *why;
    DWORD link;
    size_t i;

    for (i = 0; i < s->count; i++) {
        const WSAPROTOCOL_INFOW *e = &s->e[i].info;

        if (siotstate_own(s, st, i) || !lspmap_broken(s, i, &link, &why))
            continue;
        guidstr_format(&e->ProviderId, gs);
        out_utf8(e->szProtocol, name, sizeof name);
        if (!lspmap_all_broken(s, &e->ProviderId)) {
            printf("  left alone: %s catalog entry %lu %s \"%s\": %s, but its GUID also holds "
                   "working entries\n",
                   catalog_name(s->which), (unsigned long)e->dwCatalogEntryId, gs, name, why);
            continue;
        }
        printf("  broken: %s catalog entry %lu %s \"%s\": %s (%lu)\n", catalog_name(s->which),
               (unsigned long)e->dwCatalogEntryId, gs, name, why, (unsigned long)link);
        cmd_repair__add(r, &e->ProviderId, CATALOG_BIT(s->which));
    }
}

/* siotrace whole in every catalog, with its category: 1; else 0 and why. */
static int cmd_repair__siot_whole(txn_t *t, const siotstate_t st[], char *why, size_t n)
{
    int w;

    for (w = 0; w < CATALOG_COUNT; w++) {
        DWORD cats;

        if (!catalog_has(t->cat, (catalog_which_t)w))
            continue;
        if (!siotstate_sound(&st[w])) {
            snprintf(why, n, "%s in the %s catalog",
                     siotstate_present(&st[w]) ? "incomplete or broken" : "missing",
                     catalog_name((catalog_which_t)w));
            return 0;
        }
        if (catalog_get_category(t->cat, (catalog_which_t)w, &siot_layered_guid, &cats) == 0 &&
            !(cats & SIOT_LSP_CATEGORIES)) {
            snprintf(why, n, "without its LSP category in the %s catalog",
                     catalog_name((catalog_which_t)w));
            return 0;
        }
    }
    return 1;
}

static int cmd_repair__plan(txn_t *t, repair_t *r)
{
    siotstate_t st[CATALOG_COUNT];
    char why[160];
    int w, present = 0;
    size_t k;

    memset(st, 0, sizeof st);
    for (w = 0; w < CATALOG_COUNT; w++) {
        if (!catalog_has(t->cat, (catalog_which_t)w))
            continue;
        siotstate_read(&t->before[w], &st[w]);
        present |= siotstate_present(&st[w]);
        cmd_repair__broken(&t->before[w], &st[w], r);
    }
    if (!present || cmd_repair__siot_whole(t, st, why, sizeof why))
        return EXIT_DONE;
    for (w = 0; w < CATALOG_COUNT; w++) {
        if (st[w].above >= 0 || st[w].shared >= 0) {
            out_error("repair: siotrace is %s, but another LSP's entries depend on or share its "
                      "entries in the %s catalog; they are left alone",
                      why, catalog_name((catalog_which_t)w));
            return EXIT_REFUSED;
        }
    }
    printf("  siotrace is %s: all its entries go (then run `lspctl install`)\n", why);
    for (w = 0; w < CATALOG_COUNT; w++)
        for (k = 0; k < st[w].guid_count; k++)
            if (!IsEqualGUID(&st[w].guids[k], &siot_layered_guid))
                cmd_repair__add(r, &st[w].guids[k], CATALOG_BIT(w));
    for (w = 0; w < CATALOG_COUNT; w++)
        if (st[w].layered_count)
            cmd_repair__add(r, &siot_layered_guid, CATALOG_BIT(w));
    return EXIT_DONE;
}

int cmd_repair(cli_t *c)
{
    static const catalog_op_t needs[] = {CATALOG_OP_ENUMERATE,   CATALOG_OP_PATH,
                                         CATALOG_OP_INSTALL,     CATALOG_OP_DEINSTALL,
                                         CATALOG_OP_WRITE_ORDER, CATALOG_OP_GET_CATEGORY,
                                         CATALOG_OP_SET_CATEGORY};
    repair_t r;
    txn_t t;
    size_t k;
    int dry_run = 0, rc, i;

    for (i = 0; i < c->argc; i++) {
        if (cli_flag(c->argv[i], "dry-run")) {
            dry_run = 1;
            continue;
        }
        out_error("repair: unknown argument %s", c->argv[i]);
        return EXIT_USAGE;
    }
    if ((rc = cli_require(c->cat, needs, sizeof needs / sizeof needs[0])) != EXIT_DONE ||
        (rc = cli_require_admin("repair")) != EXIT_DONE)
        return rc;
    if (txn_begin(&t, c->cat)) {
        cli_catalog_error(c->cat, "repair: reading the catalogs");
        out_error("repair: nothing was changed");
        return EXIT_UNDONE;
    }
    memset(&r, 0, sizeof r);
    printf("repair%s:\n", dry_run ? " plan (--dry-run: nothing is changed)" : "");
    rc = cmd_repair__plan(&t, &r);
    if (rc != EXIT_DONE || r.count == 0 || dry_run) {
        if (rc == EXIT_DONE && r.count == 0)
            printf("  nothing to repair; nothing was changed\n");
        goto done;
    }
    for (k = 0; k < r.count; k++)
        if (txn_touch(&t, &r.ids[k])) {
            cli_catalog_error(c->cat, "repair: reading the entries to remove");
            out_error("repair: nothing was changed");
            rc = EXIT_UNDONE;
            goto done;
        }
    /* Chains first, then layered entries: a layered entry goes after the
     * chains that start with it. */
    for (k = 0; k + 1 < r.count; k++)
        if (IsEqualGUID(&r.ids[k], &siot_layered_guid)) {
            GUID id = r.ids[k];
            unsigned bits = r.bits[k];

            memmove(&r.ids[k], &r.ids[k + 1], (r.count - k - 1) * sizeof r.ids[0]);
            memmove(&r.bits[k], &r.bits[k + 1], (r.count - k - 1) * sizeof r.bits[0]);
            r.ids[r.count - 1] = id;
            r.bits[r.count - 1] = bits;
            break;
        }
    if (apply_remove(c->cat, r.ids, r.bits, r.count)) {
        cli_catalog_error(c->cat, "repair failed");
        rc = cli_undo(&t);
        goto done;
    }
    printf("  removed %lu provider%s\n", (unsigned long)r.count, r.count == 1 ? "" : "s");
done:
    txn_end(&t);
    return rc;
}
