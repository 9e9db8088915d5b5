#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "config.h"
#include "exitcode.h"
#include "out.h"

/* form takes the setting's name, then what it is (config_describe). */
static void cmd_config__print(settings_id_t k, const char *form)
{
    char said[1400];

    config_describe(k, said, sizeof said);
    printf(form, settings_rows[k].name, said);
}

/* The setting called name, or -1 having said which there are. */
static int cmd_config__key(const char *name)
{
    int k = settings_find(name);
    int i;

    if (k >= 0)
        return k;
    out_error("config: unknown key %s; the keys are:", name);
    for (i = 0; i < SETTINGS_COUNT; i++)
        fprintf(stderr, "  %s\n", settings_rows[i].name);
    return -1;
}

/* The log directory must exist, secured, before siotrace is pointed at it. */
static int cmd_config__secure_logs(void)
{
    WCHAR logs[MAX_PATH];
    char why[512];
    int created;

    if (config_log_directory(logs, MAX_PATH, why, sizeof why)) {
        out_error("config: log directory: %s", why);
        return -1;
    }
    return cli_secure_logs("config", logs, &created, "") != EXIT_DONE;
}

static int cmd_config__restore(settings_id_t k, int had, const settings_raw_t *old)
{
    const char *name = settings_rows[k].name;
    LONG err;

    if ((had ? config_write(k, old, &err) : config_delete(k, &err)) == 0) {
        out_error("config: %s is back to its previous value", name);
        return EXIT_SYSTEM;
    }
    out_error("config: %s could not be put back (error %ld); it is now the new value", name,
              (long)err);
    return EXIT_SYSTEM;
}

static int cmd_config__set(settings_id_t k, int argc, char *const argv[])
{
    const char *name = settings_rows[k].name;
    settings_raw_t v, old;
    char why[256];
    LONG err;
    int had, rc;

    if (config_parse(k, argc, argv, &v, why, sizeof why)) {
        out_error("config set %s: expected %s; nothing was changed", name, why);
        return EXIT_USAGE;
    }
    if ((rc = cli_require_admin("config set")) != EXIT_DONE)
        return rc;
    had = config_read(k, &old, &err);
    if (had < 0) {
        out_win32_error((DWORD)err, "config set %s: reading the old value", name);
        return EXIT_SYSTEM;
    }
    if (config_write(k, &v, &err)) {
        out_win32_error((DWORD)err, "config set %s: nothing was changed", name);
        return EXIT_SYSTEM;
    }
    if (settings_rows[k].kind == SETTINGS_KIND_PATH && cmd_config__secure_logs())
        return cmd_config__restore(k, had == 0, &old);
    cmd_config__print(k, "%s = %s\n");
    return EXIT_DONE;
}

static int cmd_config__unset(settings_id_t k)
{
    LONG err;
    int rc;

    if ((rc = cli_require_admin("config unset")) != EXIT_DONE)
        return rc;
    if (config_delete(k, &err)) {
        out_win32_error((DWORD)err, "config unset %s: nothing was changed", settings_rows[k].name);
        return EXIT_SYSTEM;
    }
    cmd_config__print(k, "%s = %s\n");
    return EXIT_DONE;
}

int cmd_config(cli_t *c)
{
    const char *verb = c->argc ? c->argv[0] : "";
    int get = strcmp(verb, "get") == 0, k;

    if (get && c->argc == 1) {
        for (k = 0; k < SETTINGS_COUNT; k++)
            cmd_config__print((settings_id_t)k, "%-13s %s\n");
        return EXIT_DONE;
    }
    if ((get && c->argc == 2) || (strcmp(verb, "set") == 0 && c->argc >= 2) ||
        (strcmp(verb, "unset") == 0 && c->argc == 2)) {
        if ((k = cmd_config__key(c->argv[1])) < 0)
            return EXIT_USAGE;
        if (get) {
            cmd_config__print((settings_id_t)k, "%.0s%s\n");
            return EXIT_DONE;
        }
        return verb[0] == 's' ? cmd_config__set((settings_id_t)k, c->argc - 2, c->argv + 2)
                              : cmd_config__unset((settings_id_t)k);
    }
    out_error("config: use `config get [KEY]`, `config set KEY VALUE...` or `config unset KEY`");
    return EXIT_USAGE;
}
