/* What every lspctl command shares: its arguments, the checks made before
 * anything is changed, and the way failures are reported. */
#ifndef SIOT_CLI_H
#define SIOT_CLI_H

#include "catalog.h"
#include "txn.h"

typedef struct cli_t {
    catalog_t *cat; /* the catalogs this build manages */
    int argc;       /* the command's own arguments, after its name */
    char **argv;    /* UTF-8 */
} cli_t;

/* Whether arg is --name, or --name=VALUE / --name VALUE (moving *i past the
 * value). A missing value is reported and *bad set. */
int cli_flag(const char *arg, const char *name);
const char *cli_value(cli_t *c, int *i, const char *name, int *bad);

/* Checks that each of ops exists in each catalog this system has, reporting
 * every one missing. EXIT_DONE or EXIT_NO_API. */
int cli_require(catalog_t *cat, const catalog_op_t *ops, size_t count);

/* EXIT_DONE, or EXIT_NOT_ADMIN with the message printed. */
int cli_require_admin(const char *command);

/* "lspctl: <what>: <the catalog error>" */
void cli_catalog_error(catalog_t *cat, const char *what);

/* After a failed change: puts the catalogs back, says what was done and in
 * what state they are. EXIT_UNDONE or EXIT_LEFT_CHANGED. */
int cli_undo(txn_t *t);

/* "LSP_INSPECTOR|LSP_FIREWALL", "none". */
void cli_categories(DWORD categories, char *buf, size_t n);

#endif
