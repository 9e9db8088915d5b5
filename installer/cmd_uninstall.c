#include "cmd.h"

#include <stdio.h>
#include <string.h>

#include "exitcode.h"
#include "out.h"
#include "show.h"

static void cmd_uninstall__list(const txn_t *t, const siot_state_t st[], const char *verb)
{
    char chain[1024], gs[XLAT_GUID_LEN];
    size_t i;

    CATALOG_EACH (w, t->cat->catalogs) {
        const snap_t *s = &t->before[w];

        for (i = 0; i < s->count; i++) {
            if (!siot_own(s, &st[w], i))
                continue;
            show_chain_names(s, i, chain, sizeof chain);
            printf("  %s %s catalog entry %lu %s: %s\n", verb, catalog_name(w),
                   (unsigned long)s->e[i].info.dwCatalogEntryId,
                   out_guid(&s->e[i].info.ProviderId, gs), chain);
        }
    }
}

/* Refused where another LSP is layered over siotrace (it would be cut off
 * from its base provider) or shares a GUID with it (removal goes by GUID). */
static int cmd_uninstall__run(cli_t *c, txn_t *t, int dry_run)
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
    if (dry_run) {
        printf("uninstall plan (--dry-run: nothing is changed):\n");
        cmd_uninstall__list(t, st, "remove");
        return EXIT_DONE;
    }
    if ((rc = cli_remove(c, t, &own, "uninstall")) != EXIT_DONE)
        return rc;
    printf("siotrace uninstalled:\n");
    cmd_uninstall__list(t, st, "removed");
    printf("Its configuration (HKLM\\SOFTWARE\\siotrace) and logs are kept. Programs running "
           "now keep it until they end.\n");
    return EXIT_DONE;
}

int cmd_uninstall(cli_t *c)
{
    return cli_change(c, "uninstall", cmd_uninstall__run);
}
