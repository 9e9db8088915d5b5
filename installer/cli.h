/* What every lspctl command shares: its arguments, the checks made before
 * anything is changed, the steps of a change, and the way failures are
 * reported.
 *
 * The error convention of lspctl:
 * - Below the commands (catalog, snap, siot, target, plan, apply, txn, dll,
 *   logdir, config), a function that can fail returns 0 or -1 and prints
 *   nothing. The reason is in cat->error for anything that made a catalog
 *   call, else in a `char *why, size_t n` buffer its caller passes. The one
 *   exception is txn_restore, which says each step on stderr as it goes, so
 *   that a restore cut short has said what it did.
 * - A command (cmd_*.c, through the cli_* steps below) turns a failure into
 *   one message on stderr, "lspctl: <command>: <reason>", saying whether
 *   anything was changed, and returns one exit code of exitcode.h. A step
 *   that reports returns that exit code (EXIT_DONE when it went through), so
 *   a command reads `if ((rc = step(...)) != EXIT_DONE) return rc;`. */
#ifndef SIOT_CLI_H
#define SIOT_CLI_H

#include "apply.h"
#include "catalog.h"
#include "siot.h"
#include "txn.h"

typedef struct cli_t {
    catalog_t *cat; /* the catalogs this build manages */
    int argc;       /* the command's own arguments, after its name */
    char **argv;    /* UTF-8 */
} cli_t;

/* One option of a command: --name sets *on; with value, --name=VALUE or
 * --name VALUE sets *value. */
typedef struct cli_opt_t {
    const char *name;
    int *on;
    const char **value;
} cli_opt_t;

/* Reads the command's arguments by opts (ended by one without a name),
 * reporting the first it does not know or a missing value. EXIT_DONE or
 * EXIT_USAGE. */
int cli_args(cli_t *c, const char *command, const cli_opt_t *opts);

/* What a command that makes catalog calls checks first: that each of ops
 * exists in each catalog this system has, reporting every one missing
 * (EXIT_NO_API), then an elevated administrator (cli_require_admin). */
int cli_require(cli_t *c, const char *command, const catalog_op_t *ops, size_t count);

/* EXIT_DONE, or EXIT_NOT_ADMIN with the message printed. */
int cli_require_admin(const char *command);

/* That this Windows can run siotrace, for the command that writes its DLL
 * paths into the catalogs: Windows 8 or later (siotrace.dll imports
 * EventSetInformation, which Windows 7 lacks: there it would not load, and
 * every socket of a chain naming it would fail), running natively on the
 * machine this lspctl is built for (siotrace has x64 and x86 DLLs;
 * machine.h). EXIT_DONE, else EXIT_NO_API with the message. */
int cli_require_windows(const char *command);

/* cli_require for a command that changes the catalogs. installs: every
 * function install calls; else those a removal (uninstall, repair) calls,
 * without the ones only its undo would (WSCInstallProvider64_32 among them,
 * documented as withdrawn since Vista). */
int cli_require_change(cli_t *c, const char *command, int installs);

/* Copies the catalogs into t (txn_begin) before a change. */
int cli_begin(cli_t *c, const char *command, txn_t *t);

/* siotrace's state in each catalog of t into st[], and its provider GUIDs,
 * each for the catalogs that hold it, added to own (when not NULL). With a
 * command, refuses (EXIT_REFUSED) where another LSP is layered over
 * siotrace or shares a GUID with it. */
int cli_siot(const txn_t *t, const char *command, siot_state_t st[CATALOG_COUNT],
             apply_list_t *own);

/* Names each provider of l to t before it is removed (txn_touch). */
int cli_touch(cli_t *c, txn_t *t, const apply_list_t *l, const char *command);

/* Removes the providers of l: named to t, removed, and on failure the
 * catalogs put back (cli_failed). */
int cli_remove(cli_t *c, txn_t *t, const apply_list_t *l, const char *command);

/* The log directory siotrace uses into logs (MAX_PATH), or EXIT_SYSTEM with
 * the message (nothing was changed). */
int cli_log_directory(const char *command, WCHAR *logs);
/* logdir_secure: EXIT_DONE (a warning printed when it reads back otherwise),
 * or EXIT_SYSTEM with "<command>: log directory: <why><after>". */
int cli_secure_logs(const char *command, const WCHAR *logs, int *created, const char *after);

/* The last catalog error as one line (catalog_describe_error), written into
 * why and returned, for a message around it. */
#define CLI_WHY_MAX 320
const char *cli_why(const catalog_t *cat, char why[CLI_WHY_MAX]);
/* The exit code of a failed catalog call that changed nothing. */
int cli_catalog_exit(const catalog_t *cat);
/* A catalog call that failed before anything was changed: "<command>:
 * [<what>: ]<the catalog error>", then that nothing was changed. */
int cli_unchanged(catalog_t *cat, const char *command, const char *what);

/* A change that failed: "<command> failed: <the catalog error>", then the
 * catalogs put back, saying what was done and in what state they are.
 * EXIT_UNDONE or EXIT_LEFT_CHANGED. */
int cli_failed(txn_t *t, const char *command);

/* The commands, each returning an exit code. */
int cmd_show(cli_t *c);
int cmd_install(cli_t *c);
int cmd_uninstall(cli_t *c);
int cmd_repair(cli_t *c);
int cmd_status(cli_t *c);
int cmd_config(cli_t *c);
int cmd_exclude(cli_t *c);
int cmd_include(cli_t *c);
int cmd_bypass(cli_t *c);
int cmd_unbypass(cli_t *c);

#endif
