#include "cli.h"

#include <stdio.h>

#include "exitcode.h"
#include "logdir.h"
#include "out.h"

/* Other LSPs' chains whose layered entry is gone (or another link): Windows
 * cannot load them, and sockets of their kind fail. Removed only where every
 * entry of the GUID is broken, since removal goes by GUID. */
static void cmd_repair__broken(const snap_t *s, const siot_state_t *st, apply_list_t *r)
{
    char name[WSAPROTOCOL_LEN * 3 + 1], gs[XLAT_GUID_LEN];
    const char *why;
    DWORD link;

    for (size_t i = 0; i < s->count; i++) {
        const WSAPROTOCOL_INFOW *e = &s->e[i].info;
        int alone;

        if (siot_own(s, st, i) || !snap_broken(s, i, &link, &why))
            continue;
        alone = !snap_all_broken(s, &e->ProviderId);
        printf("  %s: %s catalog entry %lu %s \"%s\": %s (%lu)%s\n",
               alone ? "left alone" : "broken", catalog_name(s->which),
               (unsigned long)e->dwCatalogEntryId, out_guid(&e->ProviderId, gs),
               out_utf8(e->szProtocol, name, sizeof name), why, (unsigned long)link,
               alone ? ", but its GUID also holds working entries" : "");
        if (!alone)
            apply_list_add(r, &e->ProviderId, CATALOG_BIT(s->which));
    }
}

/* siotrace whole in every catalog, with its category (read only where all
 * else is whole): 1; else 0 and why. */
static int cmd_repair__siot_whole(txn_t *t, const siot_state_t st[], char *why, size_t n)
{
    static const char *const said[] = {[SIOT_ABSENT] = "missing",
                                       [SIOT_BROKEN] = "incomplete or broken",
                                       [SIOT_UNCATEGORIZED] = "without its LSP category"};

    CATALOG_EACH (w, t->cat->catalogs) {
        snap_t *s = &t->before[w];
        siot_verdict_t v = siot_verdict(s, &st[w], 0);

        if (v == SIOT_WHOLE && snap_read_categories(t->cat, s, &siot_layered_guid) == 0)
            v = siot_verdict(s, &st[w], 0);
        if (v != SIOT_WHOLE) {
            snprintf(why, n, "%s in the %s catalog", said[v], catalog_name(w));
            return 0;
        }
    }
    return 1;
}

/* What repair removes: broken chains of other LSPs, and siotrace itself
 * when it is not whole (refused, as uninstall refuses, where another LSP is
 * layered over it or shares a GUID with it). */
static int cmd_repair__plan(txn_t *t, apply_list_t *r)
{
    siot_state_t st[CATALOG_COUNT];
    char why[160], command[200];
    apply_list_t own = {0};
    int rc;

    if ((rc = cli_siot(t, NULL, st, &own)) != EXIT_DONE)
        return rc;
    CATALOG_EACH (w, t->cat->catalogs)
        cmd_repair__broken(&t->before[w], &st[w], r);
    if (own.count == 0 || cmd_repair__siot_whole(t, st, why, sizeof why))
        return EXIT_DONE;
    /* The refusal says why repair would remove it. */
    snprintf(command, sizeof command, "repair (siotrace is %s)", why);
    if ((rc = cli_siot(t, command, st, r)) == EXIT_DONE)
        printf("  siotrace is %s: all its entries go (then run `lspctl install`)\n", why);
    return rc;
}

/* The log directory: what is wrong with it, then, without --dry-run, put
 * right before the catalogs, as install does; removing says whether the
 * catalogs have anything to repair. A junction, link or file in its place is
 * refused: lspctl neither follows nor replaces it. */
static int cmd_repair__logs(int dry_run, size_t removing)
{
    WCHAR logs[MAX_PATH];
    char why[1200], path[MAX_PATH * 3];
    int faults, created, rc;

    if ((rc = cli_log_directory("repair", logs)) != EXIT_DONE)
        return rc;
    out_utf8(logs, path, sizeof path);
    if ((faults = logdir_faults(logs, why, sizeof why)) < 0 ||
        (faults & (LOGDIR_REPARSE | LOGDIR_NOT_DIR))) {
        out_error(faults < 0 ? "repair: log directory %s: %s; nothing was changed"
                             : "repair: the log directory %s %s; lspctl neither follows nor "
                               "replaces it: remove it and run `lspctl repair` again, which "
                               "creates the directory. Nothing was changed",
                  path, why);
        return EXIT_SYSTEM;
    }
    if (!faults) {
        printf("  log directory %s: owner and access control right\n%s", path,
               removing ? "" : "  nothing to repair; nothing was changed\n");
        return EXIT_DONE;
    }
    printf("  log directory %s: %s; %s\n", path, why,
           faults & LOGDIR_MISSING ? "it is created, with its access control"
                                   : "its owner and access control are reset");
    if (dry_run || (rc = cli_secure_logs("repair", logs, &created,
                                         "; the catalogs were not changed")) != EXIT_DONE)
        return rc;
    printf("  %s\n", created ? "created the log directory, with its access control"
                             : "reset the log directory's owner and access control");
    return EXIT_DONE;
}

int cmd_repair(cli_t *c)
{
    apply_list_t r = {0};
    int dry_run = 0, rc;
    txn_t t;

    if ((rc = cli_args(c, "repair", (cli_opt_t[]){{"dry-run", &dry_run, NULL}, {0}})) !=
            EXIT_DONE ||
        (rc = cli_require_change(c, "repair", 0)) != EXIT_DONE ||
        (rc = cli_begin(c, "repair", &t)) != EXIT_DONE)
        return rc;
    printf("repair%s:\n", dry_run ? " plan (--dry-run: nothing is changed)" : "");
    if ((rc = cmd_repair__plan(&t, &r)) == EXIT_DONE &&
        (rc = cmd_repair__logs(dry_run, r.count)) == EXIT_DONE && r.count && !dry_run &&
        (rc = cli_remove(c, &t, &r, "repair")) == EXIT_DONE)
        printf("  removed %lu provider%s\n", (unsigned long)r.count, r.count == 1 ? "" : "s");
    txn_end(&t);
    return rc;
}
