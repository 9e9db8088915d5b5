#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "exitcode.h"
#include "out.h"

/* WSCSetApplicationCategory only ever adds categories to a program's
 * (they are ORed), and Windows has no call that removes one. So `bypass`
 * adds LSP_SYSTEM, after which only system LSPs load into the program (the fix
 * WSL needed, microsoft/WSL#4177), and cannot be taken back; `unbypass` can
 * only add siotrace's own category to a program that permits others but not
 * it. Each command reads the program's categories first and says what it
 * finds, so that nothing is written that would not change what loads. */

/* The one argument, made absolute: Windows matches a program by the path
 * its image was loaded from, so a relative path (from another directory)
 * would never match. */
static int cmd_bypass__path(cli_t *c, const char *command, WCHAR *path, char *program, size_t n)
{
    WCHAR given[MAX_PATH];
    DWORD len;

    if (c->argc != 1) {
        out_error("%s: give the program's path, e.g. %s C:\\Windows\\System32\\wsl.exe", command,
                  command);
        return EXIT_USAGE;
    }
    if (out_wide(c->argv[0], given, MAX_PATH) || given[0] == 0 ||
        (len = GetFullPathNameW(given, MAX_PATH, path, NULL)) == 0 || len >= MAX_PATH) {
        out_error("%s: the path is empty, too long or not UTF-8", command);
        return EXIT_USAGE;
    }
    out_utf8(path, program, n);
    return EXIT_DONE;
}

/* "permits LSP_SYSTEM|LSP_FIREWALL" or "is not categorized" */
static const char *cmd_bypass__now(DWORD categories, int categorized, char *buf, size_t n)
{
    char cats[160];

    if (!categorized)
        snprintf(buf, n, "is not categorized (every LSP loads into it)");
    else
        snprintf(buf, n, "permits %s", out_categories(categories, cats, sizeof cats));
    return buf;
}

/* WSCSetApplicationCategory failed: the write was made when what failed is
 * the reading back, and then what the program permits now is not known. */
static int cmd_bypass__failed(catalog_t *cat, const char *command)
{
    int made = strcmp(cat->last_call, "WSCGetApplicationCategory") == 0 ||
               cat->error.kind == CATALOG_NO_EFFECT;
    char msg[CLI_WHY_MAX];

    out_error("%s: %s", command, cli_why(cat, msg));
    out_error("%s: %s", command,
              made ? "the call was made; what the program permits now is not known"
                   : "nothing was changed");
    return cli_catalog_exit(cat);
}

/* loads: what the command is for, siotrace loading into the program (1) or
 * not (0); add: the categories that give it; after: what then follows. */
static int cmd_bypass__run(cli_t *c, const char *command, int loads, DWORD add, const char *after)
{
    static const catalog_op_t needs[] = {CATALOG_OP_GET_APP, CATALOG_OP_SET_APP};
    char program[MAX_PATH * 3], now[200];
    WCHAR path[MAX_PATH];
    DWORD categories, previous = 0;
    int categorized, rc;

    if ((rc = cmd_bypass__path(c, command, path, program, sizeof program)) != EXIT_DONE ||
        (rc = cli_require(c, command, needs, 2)) != EXIT_DONE)
        return rc;
    if (GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES)
        printf("note: %s does not exist (yet); the setting applies when it does\n", program);
    if (catalog_get_app(c->cat, path, &categories, &categorized))
        return cli_unchanged(c->cat, command, NULL);
    cmd_bypass__now(categories, categorized, now, sizeof now);
    if (siot_loads_into(categories, categorized) == loads) {
        printf("%s: %s %s, so siotrace %s already; nothing was changed\n", command, program, now,
               loads ? "loads into it" : "does not load into it");
        return EXIT_DONE;
    }
    if (loads && (categories & LSP_SYSTEM)) {
        out_error("unbypass: %s %s: Windows loads only system LSPs into it, and has no call that "
                  "takes LSP_SYSTEM back (WSCSetApplicationCategory only adds categories). "
                  "Nothing was changed; the README says what an administrator can do",
                  program, now);
        return EXIT_REFUSED;
    }
    if (catalog_set_app(c->cat, path, add, &previous, &categories))
        return cmd_bypass__failed(c->cat, command);
    printf("%s: %s now %s\n%s\n", command, program, cmd_bypass__now(categories, 1, now, sizeof now),
           after);
    return EXIT_DONE;
}

int cmd_bypass(cli_t *c)
{
    return cmd_bypass__run(c, "bypass", 0, LSP_SYSTEM,
                           "Only system LSPs load into it from its next start. Windows has no call "
                           "that takes a category back: `lspctl unbypass` cannot undo this (see "
                           "the README).");
}

int cmd_unbypass(cli_t *c)
{
    return cmd_bypass__run(c, "unbypass", 1, SIOT_LSP_CATEGORIES,
                           "siotrace loads into it from its next start.");
}
