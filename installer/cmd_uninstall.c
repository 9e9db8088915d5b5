#include "cmd.h"

#include <stdio.h>
#include <string.h>

#include "apply.h"
#include "config.h"
#include "evsrc.h"
#include "exitcode.h"
#include "guidstr.h"
#include "out.h"
#include "show.h"
#include "siot.h"
#include "siotstate.h"

/* Refusals: another LSP layered over siotrace would be cut off from its base
 * provider, and a GUID shared with others' entries cannot be removed alone. */
static int cmd_uninstall__refused(const txn_t *t, GUID *ids, size_t *count)
{
    size_t k, j;
    int w;

    *count = 0;
    for (w = 0; w < CATALOG_COUNT; w++) {
        const snap_t *s = &t->before[w];
        siotstate_t st;

        if (!catalog_has(t->cat, (catalog_which_t)w))
            continue;
        siotstate_read(s, &st);
        if (siotstate_refuses(s, &st, catalog_name((catalog_which_t)w), "uninstall"))
            return EXIT_REFUSED;
        for (k = 0; k < st.guid_count; k++) {
            for (j = 0; j < *count && !IsEqualGUID(&ids[j], &st.guids[k]); j++)
                ;
            if (j == *count && *count < SIOTSTATE_MAX_GUIDS)
                ids[(*count)++] = st.guids[k];
        }
    }
    /* The layered GUID last: chains go before the entry they start with. */
    for (k = 0; k + 1 < *count; k++)
        if (IsEqualGUID(&ids[k], &siot_layered_guid)) {
            ids[k] = ids[*count - 1];
            ids[*count - 1] = siot_layered_guid;
        }
    return EXIT_DONE;
}

static void cmd_uninstall__list(const txn_t *t, const char *verb)
{
    char chain[1024], gs[GUIDSTR_LEN];
    size_t i;
    int w;

    for (w = 0; w < CATALOG_COUNT; w++) {
        const snap_t *s = &t->before[w];
        siotstate_t st;

        if (!catalog_has(t->cat, (catalog_which_t)w))
            continue;
        siotstate_read(s, &st);
        for (i = 0; i < s->count; i++) {
            if (!siotstate_own(s, &st, i))
                continue;
            guidstr_format(&s->e[i].info.ProviderId, gs);
            if (s->e[i].info.ProtocolChain.ChainLen > 1)
                show_chain_names(s, i, chain, sizeof chain);
            else
                out_utf8(s->e[i].info.szProtocol, chain, sizeof chain);
            printf("  %s %s catalog entry %lu %s: %s\n", verb, catalog_name((catalog_which_t)w),
                   (unsigned long)s->e[i].info.dwCatalogEntryId, gs, chain);
        }
    }
}

int cmd_uninstall(cli_t *c)
{
    static const catalog_op_t needs[] = {CATALOG_OP_ENUMERATE,   CATALOG_OP_PATH,
                                         CATALOG_OP_INSTALL,     CATALOG_OP_DEINSTALL,
                                         CATALOG_OP_WRITE_ORDER, CATALOG_OP_GET_CATEGORY,
                                         CATALOG_OP_SET_CATEGORY};
    GUID ids[SIOTSTATE_MAX_GUIDS];
    size_t count, k;
    int dry_run = 0, purge = 0, rc, i;
    WCHAR logs[MAX_PATH];
    char why[512];
    txn_t t;

    for (i = 0; i < c->argc; i++) {
        if (cli_flag(c->argv[i], "dry-run")) {
            dry_run = 1;
            continue;
        }
        if (cli_flag(c->argv[i], "purge")) {
            purge = 1;
            continue;
        }
        out_error("uninstall: unknown argument %s", c->argv[i]);
        return EXIT_USAGE;
    }
    if ((rc = cli_require(c->cat, needs, sizeof needs / sizeof needs[0])) != EXIT_DONE ||
        (rc = cli_require_admin("uninstall")) != EXIT_DONE)
        return rc;
    /* Where the logs are, read before --purge removes the configuration. */
    if (purge && config_log_directory(logs, MAX_PATH, why, sizeof why)) {
        out_error("uninstall --purge: %s; nothing was changed", why);
        return EXIT_SYSTEM;
    }
    if (txn_begin(&t, c->cat)) {
        cli_catalog_error(c->cat, "uninstall: reading the catalogs");
        out_error("uninstall: nothing was changed");
        return EXIT_UNDONE;
    }
    rc = cmd_uninstall__refused(&t, ids, &count);
    if (rc == EXIT_DONE && count == 0)
        printf("siotrace is not installed; nothing was changed\n");
    if (rc != EXIT_DONE || count == 0)
        goto done;
    if (dry_run) {
        printf("uninstall plan (--dry-run: nothing is changed):\n");
        cmd_uninstall__list(&t, "remove");
        goto done;
    }
    for (k = 0; k < count; k++)
        if (txn_touch(&t, &ids[k])) {
            cli_catalog_error(c->cat, "uninstall: reading siotrace's entries");
            out_error("uninstall: nothing was changed");
            rc = EXIT_UNDONE;
            goto done;
        }
    if (apply_remove(c->cat, ids, NULL, count)) {
        cli_catalog_error(c->cat, "uninstall failed");
        rc = cli_undo(&t);
        goto done;
    }
    printf("siotrace uninstalled:\n");
    cmd_uninstall__list(&t, "removed");
    if (!purge)
        printf("Its configuration (HKLM\\SOFTWARE\\siotrace), Event Log source and logs are "
               "kept (--purge removes them). Programs running now keep it until they end.\n");
done:
    txn_end(&t);
    if (rc == EXIT_DONE && purge && evsrc_purge(logs, dry_run))
        rc = EXIT_SYSTEM;
    return rc;
}
