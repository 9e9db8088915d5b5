#include "cmd.h"

#include <stdio.h>
#include <string.h>

#include "exitcode.h"
#include "out.h"

/* A program permitting only LSP_SYSTEM gets no LSP that is not part of the
 * system (the fix WSL needed, microsoft/WSL#4177); permitting every category
 * is how a program nobody categorized behaves. */
#define CMD_BYPASS_ON  LSP_SYSTEM
#define CMD_BYPASS_OFF 0xffffffffu

static int cmd_bypass__set(cli_t *c, const char *command, DWORD categories)
{
    static const catalog_op_t needs[] = {CATALOG_OP_SET_APP};
    WCHAR path[MAX_PATH];
    DWORD previous = 0;
    char cats[160];
    int rc;

    if (c->argc != 1) {
        out_error("%s: give the program's path, e.g. %s C:\\Windows\\System32\\wsl.exe", command,
                  command);
        return EXIT_USAGE;
    }
    if (out_wide(c->argv[0], path, MAX_PATH) || path[0] == 0) {
        out_error("%s: the path is empty, too long or not UTF-8", command);
        return EXIT_USAGE;
    }
    if ((rc = cli_require(c->cat, needs, 1)) != EXIT_DONE ||
        (rc = cli_require_admin(command)) != EXIT_DONE)
        return rc;
    if (GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES)
        printf("note: %s does not exist (yet); the setting applies when it does\n", c->argv[0]);
    if (catalog_set_app(c->cat, path, categories, &previous)) {
        int read_back = strcmp(c->cat->error.call, "WSCGetApplicationCategory") == 0;

        cli_catalog_error(c->cat, command);
        if (read_back)
            out_error("%s: the setting could not be read back; it may be in place", command);
        else
            out_error("%s: nothing was changed", command);
        return cli_catalog_exit(c->cat);
    }
    printf("%s: %s now permits %s LSPs (it permitted: %s)\n", command, c->argv[0],
           categories == CMD_BYPASS_ON ? "only system" : "all",
           out_categories(previous, cats, sizeof cats));
    return EXIT_DONE;
}

int cmd_bypass(cli_t *c)
{
    return cmd_bypass__set(c, "bypass", CMD_BYPASS_ON);
}

int cmd_unbypass(cli_t *c)
{
    return cmd_bypass__set(c, "unbypass", CMD_BYPASS_OFF);
}
