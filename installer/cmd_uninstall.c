#include "cli.h"

#include <stdio.h>

#include "evsrc.h"
#include "exitcode.h"
#include "show.h"

/* Refused where another LSP is layered over siotrace (it would be cut off
 * from its base provider) or shares a GUID with it (removal goes by GUID). */
static int cmd_uninstall__run(cli_t *c, txn_t *t, int dry_run, int purge)
{
    siot_state_t st[CATALOG_COUNT];
    apply_list_t own = {0};
    int rc;

    if ((rc = cli_siot(t, "uninstall", st, &own)) != EXIT_DONE)
        return rc;
    if (own.count == 0) {
        printf("siotrace is not installed; nothing was changed\n");
        return EXIT_DONE;
    }
    if (!dry_run && (rc = cli_remove(c, t, &own, "uninstall")) != EXIT_DONE)
        return rc;
    printf("%s:\n",
           dry_run ? "uninstall plan (--dry-run: nothing is changed)" : "siotrace uninstalled");
    CATALOG_EACH (w, t->cat->catalogs)
        show_own(&t->before[w], &st[w], dry_run ? "remove" : "removed");
    if (!dry_run && !purge)
        printf("Its configuration (HKLM\\SOFTWARE\\siotrace), Event Log source and logs are "
               "kept (--purge removes them). Programs running now keep it until they end.\n");
    return EXIT_DONE;
}

/* --purge also removes what uninstall keeps: the Event Log source, the
 * configuration and the logs, once the catalogs no longer name siotrace. */
int cmd_uninstall(cli_t *c)
{
    int dry_run = 0, purge = 0, rc;
    WCHAR logs[MAX_PATH];
    txn_t t;

    const cli_opt_t opts[] = {{"dry-run", &dry_run, NULL}, {"purge", &purge, NULL}, {0}};

    if ((rc = cli_args(c, "uninstall", opts)) != EXIT_DONE ||
        (rc = cli_require_change(c, "uninstall", 0)) != EXIT_DONE)
        return rc;
    /* Where the logs are, read before the configuration goes. */
    if ((purge && (rc = cli_log_directory("uninstall --purge", logs)) != EXIT_DONE) ||
        (rc = cli_begin(c, "uninstall", &t)) != EXIT_DONE)
        return rc;
    rc = cmd_uninstall__run(c, &t, dry_run, purge);
    txn_end(&t);
    if (rc == EXIT_DONE && purge && evsrc_purge(logs, dry_run))
        rc = EXIT_SYSTEM;
    return rc;
}
