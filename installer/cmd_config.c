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

    if ((had ? config_write(k, old, &err) : config_delete(k, &err)) == 0)
        out_error("config: %s is back to its previous value", name);
    else
        out_error("config: %s could not be put back (error %ld); it is now the new value", name,
                  (long)err);
    return EXIT_SYSTEM;
}

/* Stores v as setting k (NULL removes it), then says what k is. */
static int cmd_config__store(settings_id_t k, const char *verb, const settings_raw_t *v)
{
    const char *name = settings_rows[k].name;
    settings_raw_t old;
    LONG err;
    int had = 1, rc;

    if ((rc = cli_require_admin(verb)) != EXIT_DONE)
        return rc;
    if (v && (had = config_read(k, &old, &err)) < 0) {
        out_win32_error((DWORD)err, "%s %s: reading the old value", verb, name);
        return EXIT_SYSTEM;
    }
    if (v ? config_write(k, v, &err) : config_delete(k, &err)) {
        out_win32_error((DWORD)err, "%s %s: nothing was changed", verb, name);
        return EXIT_SYSTEM;
    }
    if (v && settings_rows[k].kind == SETTINGS_KIND_PATH && cmd_config__secure_logs())
        return cmd_config__restore(k, had == 0, &old);
    cmd_config__print(k, "%s = %s\n");
    return EXIT_DONE;
}

int cmd_config(cli_t *c)
{
    const char *verb = c->argc ? c->argv[0] : "";
    int get = strcmp(verb, "get") == 0, k;
    settings_raw_t v;
    char why[256];

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
        if (verb[0] == 'u')
            return cmd_config__store((settings_id_t)k, "config unset", NULL);
        if (config_parse((settings_id_t)k, c->argc - 2, c->argv + 2, &v, why, sizeof why)) {
            out_error("config set %s: expected %s; nothing was changed", settings_rows[k].name,
                      why);
            return EXIT_USAGE;
        }
        return cmd_config__store((settings_id_t)k, "config set", &v);
    }
    out_error("config: use `config get [KEY]`, `config set KEY VALUE...` or `config unset KEY`");
    return EXIT_USAGE;
}
