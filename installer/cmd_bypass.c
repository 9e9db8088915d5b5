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

typedef struct bypass_t {
    const char *command;
    char program[MAX_PATH * 3];
    WCHAR path[MAX_PATH];
    DWORD categories;
    int categorized;
} bypass_t;

static int cmd_bypass__read(cli_t *c, const char *command, bypass_t *b)
{
    static const catalog_op_t needs[] = {CATALOG_OP_GET_APP, CATALOG_OP_SET_APP};
    WCHAR given[MAX_PATH];
    DWORD len;
    int rc;

    b->command = command;
    if (c->argc != 1) {
        out_error("%s: give the program's path, e.g. %s C:\\Windows\\System32\\wsl.exe", command,
                  command);
        return EXIT_USAGE;
    }
    /* Windows matches a program by the path its image was loaded from, so a
     * relative path is made absolute (one from another directory would never
     * match). */
    if (out_wide(c->argv[0], given, MAX_PATH) || given[0] == 0 ||
        (len = GetFullPathNameW(given, MAX_PATH, b->path, NULL)) == 0 || len >= MAX_PATH) {
        out_error("%s: the path is empty, too long or not UTF-8", command);
        return EXIT_USAGE;
    }
    out_utf8(b->path, b->program, sizeof b->program);
    if ((rc = cli_require(c->cat, needs, 2)) != EXIT_DONE ||
        (rc = cli_require_admin(command)) != EXIT_DONE)
        return rc;
    if (GetFileAttributesW(b->path) == INVALID_FILE_ATTRIBUTES)
        printf("note: %s does not exist (yet); the setting applies when it does\n", b->program);
    return catalog_get_app(c->cat, b->path, &b->categories, &b->categorized)
               ? cli_unchanged(c->cat, command, NULL)
               : EXIT_DONE;
}

/* "permits LSP_SYSTEM|LSP_FIREWALL" or "is not categorized" */
static const char *cmd_bypass__now(const bypass_t *b, char *buf, size_t n)
{
    char cats[160];

    if (!b->categorized)
        snprintf(buf, n, "is not categorized (every LSP loads into it)");
    else
        snprintf(buf, n, "permits %s", out_categories(b->categories, cats, sizeof cats));
    return buf;
}

/* Adds add to what the program permits, then says what it permits now and
 * what follows (after). */
static int cmd_bypass__add(cli_t *c, bypass_t *b, DWORD add, const char *after)
{
    DWORD previous = 0;
    char said[200];

    if (catalog_set_app(c->cat, b->path, add, &previous, &b->categories)) {
        int wrote = strcmp(c->cat->last_call, "WSCGetApplicationCategory") == 0 ||
                    c->cat->error.kind == CATALOG_NO_EFFECT;

        cli_catalog_error(c->cat, b->command);
        out_error("%s: %s", b->command,
                  wrote ? "the call was made; what the program permits now is not known"
                        : "nothing was changed");
        return cli_catalog_exit(c->cat);
    }
    b->categorized = 1;
    printf("%s: %s now %s\n%s\n", b->command, b->program, cmd_bypass__now(b, said, sizeof said),
           after);
    return EXIT_DONE;
}

/* loads: what the command is for, siotrace loading into the program (1) or
 * not (0); add: the categories that give it; after: what then follows. */
static int cmd_bypass__run(cli_t *c, const char *command, int loads, DWORD add, const char *after)
{
    bypass_t b = {0};
    char said[200];
    int rc;

    if ((rc = cmd_bypass__read(c, command, &b)) != EXIT_DONE)
        return rc;
    cmd_bypass__now(&b, said, sizeof said);
    if (siot_loads_into(b.categories, b.categorized) == loads) {
        printf("%s: %s %s, so siotrace %s already; nothing was changed\n", command, b.program, said,
               loads ? "loads into it" : "does not load into it");
        return EXIT_DONE;
    }
    if (loads && (b.categories & LSP_SYSTEM)) {
        out_error("unbypass: %s %s: Windows loads only system LSPs into it, and has no call that "
                  "takes LSP_SYSTEM back (WSCSetApplicationCategory only adds categories). "
                  "Nothing was changed; the README says what an administrator can do",
                  b.program, said);
        return EXIT_REFUSED;
    }
    return cmd_bypass__add(c, &b, add, after);
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
