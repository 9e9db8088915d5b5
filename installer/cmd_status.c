#include "cli.h"

#include <stdio.h>

#include "config.h"
#include "dll.h"
#include "exitcode.h"
#include "evsrc.h"
#include "logdir.h"
#include "machine.h"
#include "out.h"

/* The layered entry's categories and DLL. */
static void cmd_status__layered(catalog_t *cat, snap_t *s, const snap_entry_t *le)
{
    char cats[128], msg[CLI_WHY_MAX], r[MAX_PATH * 3], f[MAX_PATH * 3];

    if (snap_read_categories(cat, s, &siot_layered_guid) == 0)
        printf("    LSP categories: %s\n", out_categories(le->categories, cats, sizeof cats));
    else
        printf("    LSP categories: unknown: %s\n", cli_why(cat, msg));
    if (snap_read_path(cat, s, &siot_layered_guid))
        printf("    DLL: unknown: %s\n", cli_why(cat, msg));
    else if (dll_judge(s->which, le->path, f, sizeof f, msg, sizeof msg) == DLL_UNEXPANDED)
        printf("    DLL %s: %s\n", out_utf8(le->path, r, sizeof r), msg);
    else
        printf("    DLL %s (%s): %s\n", out_utf8(le->path, r, sizeof r), f, msg);
}

/* Whole means working: sound, not bypassed by entries ahead of it, with its
 * category. */
static siot_verdict_t cmd_status__present(catalog_t *cat, snap_t *s, const siot_state_t *st)
{
    printf("  %s catalog: %s; layered entry %s, %lu chain%s, %lu broken entr%s\n",
           catalog_name(s->which), siot_sound(st) ? "installed" : "PARTLY installed",
           st->layered >= 0 ? "present" : "MISSING", (unsigned long)st->chains,
           st->chains == 1 ? "" : "s", (unsigned long)st->broken, st->broken == 1 ? "y" : "ies");
    printf("    sockets passing through it:");
    for (size_t t = 0; t < TARGET_COUNT; t++)
        if (st->serving & (1u << t))
            printf(" %s", target_all[t].label);
    printf("%s\n", st->serving ? "" : " none");
    if ((st->serving & st->targets) != st->targets)
        printf("    BYPASSED for some protocols: other entries come first in the order "
               "(`lspctl install --force` puts siotrace back on top)\n");
    if (st->layered >= 0)
        cmd_status__layered(cat, s, &s->e[st->layered]);
    return siot_verdict(s, st, st->targets);
}

/* One catalog; first the broken chains not known as siotrace's (those
 * WSCInstallProviderAndChains made are known only by their first link). */
static siot_verdict_t cmd_status__catalog(catalog_t *cat, catalog_which_t w, int *failed)
{
    siot_verdict_t result = SIOT_ABSENT;
    size_t broken = 0;
    siot_state_t st;
    const char *why;
    char msg[CLI_WHY_MAX];
    DWORD link;
    snap_t s;

    if (snap_load(cat, w, &s)) {
        printf("  %s catalog: cannot be read: %s\n", catalog_name(w), cli_why(cat, msg));
        *failed = cli_catalog_exit(cat);
        return SIOT_ABSENT;
    }
    siot_read(&s, &st);
    for (size_t i = 0; i < s.count; i++)
        broken += !siot_own(&s, &st, i) && snap_broken(&s, i, &link, &why);
    if (broken)
        printf("  %s catalog: %lu broken chain%s (`lspctl show` lists them, `lspctl repair` "
               "removes them)\n",
               catalog_name(w), (unsigned long)broken, broken == 1 ? "" : "s");
    if (siot_present(&st))
        result = cmd_status__present(cat, &s, &st);
    else
        printf("  %s catalog: not installed\n", catalog_name(w));
    snap_free(&s);
    return result;
}

static void cmd_status__config(void)
{
    char value[1400], why[256];
    WCHAR logs[MAX_PATH];

    printf("configuration (HKLM\\SOFTWARE\\siotrace):\n");
    for (int k = 0; k < SETTINGS_COUNT; k++) {
        config_describe((settings_id_t)k, value, sizeof value);
        printf("  %-13s %s\n", settings_rows[k].name, value);
    }
    if (config_log_directory(logs, MAX_PATH, why, sizeof why)) {
        printf("log directory: unknown: %s\n", why);
        return;
    }
    out_utf8(logs, value, sizeof value);
    if (logdir_faults(logs, why, sizeof why) == 0)
        printf("log directory %s: present, access control as lspctl sets it\n", value);
    else
        printf("log directory %s: %s\n", value, why);
}

int cmd_status(cli_t *c)
{
    int failed = 0, any = 0, all = 1;
    char why[320];
    WORD native;

    if ((failed = cli_args(c, "status", (cli_opt_t[]){{0}})) != EXIT_DONE)
        return failed;
    printf("siotrace status:\n");
    /* Where install refuses (machine.h), what is in the catalogs is not what
     * native processes can load. */
    if (machine_check(machine_wow64_function(), &native, why, sizeof why) != MACHINE_SERVED)
        printf("  machine: %s; `lspctl install` refuses this Windows\n", why);
    CATALOG_EACH (w, c->cat->catalogs) {
        siot_verdict_t v = cmd_status__catalog(c->cat, w, &failed);

        any |= v != SIOT_ABSENT;
        all &= v == SIOT_WHOLE;
    }
    cmd_status__config();
    evsrc_status();
    if (failed)
        return failed;
    printf("siotrace is %s.\n", all ? "installed"
                                : !any
                                    ? "not installed"
                                    : "not wholly in place (see above): `lspctl install --force` "
                                      "reinstalls it, `lspctl repair` clears a partial install");
    return all ? EXIT_DONE : !any ? EXIT_NOT_INSTALLED : EXIT_REFUSED;
}
