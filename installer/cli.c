#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "exitcode.h"
#include "out.h"

int cli_flag(const char *arg, const char *name)
{
    return strncmp(arg, "--", 2) == 0 && strcmp(arg + 2, name) == 0;
}

const char *cli_value(cli_t *c, int *i, const char *name, int *bad)
{
    const char *arg = c->argv[*i];
    size_t len = strlen(name);

    if (strncmp(arg, "--", 2) != 0 || strncmp(arg + 2, name, len) != 0)
        return NULL;
    if (arg[2 + len] == '=')
        return arg + 3 + len;
    if (arg[2 + len] != 0)
        return NULL;
    if (*i + 1 >= c->argc) {
        out_error("--%s needs a value", name);
        *bad = 1;
        return NULL;
    }
    return c->argv[++*i];
}

int cli_require(catalog_t *cat, const catalog_op_t *ops, size_t count)
{
    char msg[320], said[CATALOG_OP_COUNT * CATALOG_COUNT][48];
    int missing = 0, w, j;
    size_t k;

    for (w = 0; w < CATALOG_COUNT; w++) {
        if (!catalog_has(cat, (catalog_which_t)w))
            continue;
        for (k = 0; k < count; k++) {
            if (catalog_supports(cat, ops[k], (catalog_which_t)w))
                continue;
            /* A function serving both catalogs is reported once. */
            for (j = 0; j < missing && strcmp(said[j], cat->error.call) != 0; j++)
                ;
            if (j < missing || missing == CATALOG_OP_COUNT * CATALOG_COUNT)
                continue;
            snprintf(said[missing++], sizeof said[0], "%s", cat->error.call);
            catalog_describe_error(cat, msg, sizeof msg);
            out_error("%s", msg);
        }
    }
    if (missing)
        out_error("%d catalog function%s missing: nothing was changed", missing,
                  missing == 1 ? " is" : "s are");
    return missing ? EXIT_NO_API : EXIT_DONE;
}

int cli_require_admin(const char *command)
{
    int admin = admin_is_elevated();

    if (admin == 1)
        return EXIT_DONE;
    if (admin < 0)
        out_win32_error(GetLastError(), "%s: cannot tell whether this is an administrator",
                        command);
    else
        out_error("%s changes the Winsock catalog and HKLM: run it as an administrator "
                  "(elevated); nothing was changed",
                  command);
    return EXIT_NOT_ADMIN;
}

void cli_catalog_error(catalog_t *cat, const char *what)
{
    char msg[320];

    catalog_describe_error(cat, msg, sizeof msg);
    out_error("%s: %s", what, msg);
}

int cli_undo(txn_t *t)
{
    char report[4096];
    txn_result_t r = txn_restore(t, report, sizeof report);

    if (report[0])
        fprintf(stderr, "%s", report);
    switch (r) {
    case TXN_EXACT:
        out_error("the catalogs are as they were before this run");
        return EXIT_UNDONE;
    case TXN_RENUMBERED:
        out_error("the catalogs are as they were before this run, but for the new ids of the "
                  "entries put back (listed above)");
        return EXIT_UNDONE;
    default:
        out_error("the catalogs could NOT be put back as they were (see above); run "
                  "`lspctl show` to see them and `lspctl repair` to clear what is left");
        return EXIT_LEFT_CHANGED;
    }
}

void cli_categories(DWORD categories, char *buf, size_t n)
{
    static const struct {
        DWORD bit;
        const char *name;
    } names[] = {
        {LSP_SYSTEM, "LSP_SYSTEM"},
        {LSP_INSPECTOR, "LSP_INSPECTOR"},
        {LSP_REDIRECTOR, "LSP_REDIRECTOR"},
        {LSP_PROXY, "LSP_PROXY"},
        {LSP_FIREWALL, "LSP_FIREWALL"},
        {LSP_INBOUND_MODIFY, "LSP_INBOUND_MODIFY"},
        {LSP_OUTBOUND_MODIFY, "LSP_OUTBOUND_MODIFY"},
        {LSP_CRYPTO_COMPRESS, "LSP_CRYPTO_COMPRESS"},
        {LSP_LOCAL_CACHE, "LSP_LOCAL_CACHE"},
    };
    DWORD rest = categories;
    size_t len = 0, k;

    if (n == 0)
        return;
    buf[0] = 0;
    if (categories == 0) {
        snprintf(buf, n, "none");
        return;
    }
    for (k = 0; k < sizeof names / sizeof names[0]; k++) {
        if (!(categories & names[k].bit) || len >= n)
            continue;
        len += (size_t)snprintf(buf + len, len < n ? n - len : 0, "%s%s", len ? "|" : "",
                                names[k].name);
        rest &= ~names[k].bit;
    }
    if (rest && len < n)
        snprintf(buf + len, n - len, "%s0x%08lx", len ? "|" : "", (unsigned long)rest);
}
