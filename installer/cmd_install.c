#include "cmd.h"

#include <stdio.h>
#include <string.h>

#include "apply.h"
#include "config.h"
#include "dllpath.h"
#include "exitcode.h"
#include "guidstr.h"
#include "evsrc.h"
#include "logdir.h"
#include "out.h"
#include "pecheck.h"
#include "plan.h"
#include "show.h"
#include "siot.h"
#include "siotstate.h"

typedef struct install_t {
    unsigned targets;
    int force, dry_run, legacy;
    WCHAR path[CATALOG_COUNT][MAX_PATH]; /* as each catalog will name it */
} install_t;

static int cmd_install__args(cli_t *c, install_t *o)
{
    int i, bad = 0;
    const char *v;

    o->targets = (1u << TARGET_COUNT) - 1;
    wcscpy(o->path[CATALOG_64], DLLPATH_DEFAULT);
    wcscpy(o->path[CATALOG_32], DLLPATH_DEFAULT);
    for (i = 0; i < c->argc; i++) {
        const char *arg = c->argv[i];

        if (cli_flag(arg, "force"))
            o->force = 1;
        else if (cli_flag(arg, "dry-run"))
            o->dry_run = 1;
        else if (cli_flag(arg, "legacy"))
            o->legacy = 1;
        else if ((v = cli_value(c, &i, "protocols", &bad))) {
            const char *word;
            size_t len;

            if (target_parse(v, &o->targets, &word, &len)) {
                out_error("install: --protocols: unknown protocol \"%.*s\" (tcp4 udp4 raw4 tcp6 "
                          "udp6 raw6, tcp udp raw, ip4 ip6, all)",
                          (int)len, word);
                return EXIT_USAGE;
            }
        } else if ((v = cli_value(c, &i, "dll64", &bad)) || (v = cli_value(c, &i, "dll32", &bad))) {
            catalog_which_t w = strstr(arg, "dll64") ? CATALOG_64 : CATALOG_32;

            if (out_wide(v, o->path[w], MAX_PATH)) {
                out_error("install: %s: path too long", arg);
                return EXIT_USAGE;
            }
        } else if (!bad) {
            out_error("install: unknown argument %s", arg);
            return EXIT_USAGE;
        }
        if (bad)
            return EXIT_USAGE;
    }
    return EXIT_DONE;
}

static int cmd_install__dlls(catalog_t *cat, const install_t *o)
{
    int w, rc = EXIT_DONE;

    for (w = 0; w < CATALOG_COUNT; w++) {
        WCHAR file[MAX_PATH];
        char why[256], f[MAX_PATH * 3], p[MAX_PATH * 3];
        WORD machine = dllpath_machine((catalog_which_t)w);

        if (!catalog_has(cat, (catalog_which_t)w))
            continue;
        out_utf8(o->path[w], p, sizeof p);
        if (dllpath_file((catalog_which_t)w, o->path[w], file, MAX_PATH)) {
            out_error("install: the %s DLL path %s does not expand to a file name",
                      catalog_name((catalog_which_t)w), p);
            rc = EXIT_BAD_DLL;
            continue;
        }
        out_utf8(file, f, sizeof f);
        if (pecheck_file(file, machine, why, sizeof why) != PECHECK_OK) {
            out_error("install: the %s DLL %s (for %s): %s", pecheck_machine_name(machine), f, p,
                      why);
            rc = EXIT_BAD_DLL;
        }
    }
    if (rc != EXIT_DONE)
        out_error("install: nothing was changed");
    return rc;
}

/* siotrace's state across the catalogs: refusals, or whether it is whole. */
static int cmd_install__state(const txn_t *t, const install_t *o, int *present)
{
    int w, sound = 1, covers = 1, serving = 1;

    *present = 0;
    for (w = 0; w < CATALOG_COUNT; w++) {
        const snap_t *s = &t->before[w];
        siotstate_t st;

        if (!catalog_has(t->cat, (catalog_which_t)w))
            continue;
        siotstate_read(s, &st);
        if (siotstate_refuses(s, &st, catalog_name((catalog_which_t)w), "install"))
            return EXIT_REFUSED;
        *present |= siotstate_present(&st);
        sound &= siotstate_sound(&st);
        covers &= (st.targets & o->targets) == o->targets;
        serving &= (st.serving & o->targets) == o->targets;
    }
    if (!*present || o->force)
        return EXIT_DONE;
    if (!sound) {
        out_error("install: siotrace is partly installed (see `lspctl status`); run `lspctl "
                  "repair` to clear it, or `lspctl install --force` to reinstall. Nothing was "
                  "changed");
        return EXIT_REFUSED;
    }
    if (!covers) {
        out_error("install: siotrace is installed, but not for every protocol asked (see "
                  "`lspctl status`); `lspctl install --force` reinstalls it for them. Nothing was "
                  "changed");
        return EXIT_REFUSED;
    }
    if (!serving) {
        out_error("install: siotrace is installed, but for some protocols another entry comes "
                  "first in the order, so their sockets bypass it (see `lspctl status`); "
                  "`lspctl install --force` reinstalls it on top. Nothing was changed");
        return EXIT_REFUSED;
    }
    printf("siotrace is already installed in every catalog; nothing was changed (--force "
           "reinstalls it)\n");
    return -1;
}

static void cmd_install__print_plan(const plan_t *p, const txn_t *t, int present, int chains_call,
                                    const WCHAR *logs)
{
    char gs[GUIDSTR_LEN], path[MAX_PATH * 3], chain[1024];
    size_t k;
    int w;

    printf("install plan (--dry-run: nothing is changed):\n");
    if (present)
        printf("  remove siotrace's entries from every catalog (--force)\n");
    printf("  %s\n", chains_call ? "one WSCInstallProviderAndChains call adds the layered entry "
                                   "and its chains to every catalog"
                                 : "one install call per entry");
    for (w = 0; w < CATALOG_COUNT; w++) {
        if (!(p->catalogs & CATALOG_BIT(w)))
            continue;
        guidstr_format(&siot_layered_guid, gs);
        printf("  %s catalog:\n", catalog_name((catalog_which_t)w));
        printf("    layered entry \"siotrace\" %s, DLL %s\n", gs,
               out_utf8(p->path[w], path, sizeof path));
        for (k = 0; k < p->chain_count; k++) {
            const plan_chain_t *c = &p->chains[k];
            const WSAPROTOCOL_INFOW *over = &t->before[w].e[c->over[w]].info;

            guidstr_format(&c->id, gs);
            if (over->ProtocolChain.ChainLen > 1)
                show_chain_names(&t->before[w], (size_t)c->over[w], chain, sizeof chain);
            else
                out_utf8(over->szProtocol, chain, sizeof chain);
            printf("    chain %s for %s: siotrace > %s (over entry %lu)\n",
                   chains_call ? "(GUID from Windows)" : gs, c->target->label, chain,
                   (unsigned long)over->dwCatalogEntryId);
        }
        printf("    siotrace's chains first in the order; LSP category LSP_INSPECTOR\n");
    }
    printf("  log directory %s, with its access control\n", out_utf8(logs, path, sizeof path));
}

/* WSCInstallProviderAndChains layers over the entries matching each protocol
 * it is given; where another LSP's chain is already first, siotrace must sit
 * over that chain alone, which only one install call per entry can say. */
static int cmd_install__over_base_only(const plan_t *p)
{
    size_t k;
    int w;

    for (k = 0; k < p->chain_count; k++)
        for (w = 0; w < CATALOG_COUNT; w++)
            if ((p->catalogs & CATALOG_BIT(w)) &&
                p->snap[w].e[p->chains[k].over[w]].info.ProtocolChain.ChainLen != BASE_PROTOCOL)
                return 0;
    return 1;
}

static int cmd_install__touch(txn_t *t, const plan_t *p)
{
    int w;
    size_t k;

    for (w = 0; w < CATALOG_COUNT; w++) {
        siotstate_t st;

        if (!catalog_has(t->cat, (catalog_which_t)w))
            continue;
        siotstate_read(&t->before[w], &st);
        for (k = 0; k < st.guid_count; k++)
            if (txn_touch(t, &st.guids[k]))
                return -1;
    }
    if (txn_touch(t, &siot_layered_guid))
        return -1;
    for (k = 0; k < p->chain_count; k++)
        if (txn_touch(t, &p->chains[k].id))
            return -1;
    return 0;
}

/* siotrace's GUIDs in every catalog, chains first, for a forced reinstall. */
static size_t cmd_install__own(const txn_t *t, GUID *ids, size_t max)
{
    size_t n = 0, k, j;
    int w;

    for (w = 0; w < CATALOG_COUNT; w++) {
        siotstate_t st;

        if (!catalog_has(t->cat, (catalog_which_t)w))
            continue;
        siotstate_read(&t->before[w], &st);
        for (k = 0; k < st.guid_count; k++) {
            for (j = 0; j < n && !IsEqualGUID(&ids[j], &st.guids[k]); j++)
                ;
            if (j == n && n < max)
                ids[n++] = st.guids[k];
        }
    }
    /* The layered GUID goes last: chains before the entry they start with. */
    for (k = 0; k + 1 < n; k++)
        if (IsEqualGUID(&ids[k], &siot_layered_guid)) {
            ids[k] = ids[n - 1];
            ids[n - 1] = siot_layered_guid;
        }
    return n;
}

static void cmd_install__report(catalog_t *cat, const WCHAR *logs)
{
    char path[MAX_PATH * 3], chain[1024];
    int w;
    size_t i;

    printf("siotrace installed:\n");
    for (w = 0; w < CATALOG_COUNT; w++) {
        snap_t s;
        siotstate_t st;

        if (!catalog_has(cat, (catalog_which_t)w) || snap_load(cat, (catalog_which_t)w, &s))
            continue;
        siotstate_read(&s, &st);
        printf("  %s catalog: layered entry %lu, LSP category LSP_INSPECTOR\n",
               catalog_name((catalog_which_t)w),
               (unsigned long)s.e[st.layered].info.dwCatalogEntryId);
        for (i = 0; i < s.count; i++) {
            if (!siotstate_own(&s, &st, i) || (long)i == st.layered)
                continue;
            show_chain_names(&s, i, chain, sizeof chain);
            printf("    chain %lu: %s\n", (unsigned long)s.e[i].info.dwCatalogEntryId, chain);
        }
        snap_free(&s);
    }
    printf("  log directory: %s\n", out_utf8(logs, path, sizeof path));
    printf("Programs load siotrace when they next start Winsock; those running now are not "
           "traced.\n");
}

static int cmd_install__run(cli_t *c, txn_t *t, plan_t *p, int present, int chains_call,
                            const WCHAR *logs)
{
    GUID own[SIOTSTATE_MAX_GUIDS];
    size_t own_count;
    int created, rc;
    char why[512];

    if (cmd_install__touch(t, p)) {
        cli_catalog_error(c->cat, "install: reading siotrace's entries");
        out_error("install: nothing was changed");
        return c->cat->error.kind == CATALOG_MISSING ? EXIT_NO_API : EXIT_UNDONE;
    }
    if (logdir_create(logs, &created, why, sizeof why)) {
        out_error("install: log directory: %s; the catalogs were not changed", why);
        return EXIT_SYSTEM;
    }
    if (logdir_check(logs, why, sizeof why) != 1)
        out_error("warning: the log directory's access control was set, but reads back "
                  "otherwise: %s",
                  why);
    own_count = present ? cmd_install__own(t, own, SIOTSTATE_MAX_GUIDS) : 0;
    if ((own_count && apply_remove(c->cat, own, NULL, own_count)) ||
        apply_install(c->cat, t, p, chains_call)) {
        cli_catalog_error(c->cat, "install failed");
        rc = cli_undo(t);
        if (created && RemoveDirectoryW(logs))
            out_error("removed the log directory it had created");
        return rc;
    }
    cmd_install__report(c->cat, logs);
    return EXIT_DONE;
}

int cmd_install(cli_t *c)
{
    static const catalog_op_t needs[] = {CATALOG_OP_ENUMERATE,   CATALOG_OP_PATH,
                                         CATALOG_OP_INSTALL,     CATALOG_OP_DEINSTALL,
                                         CATALOG_OP_WRITE_ORDER, CATALOG_OP_GET_CATEGORY,
                                         CATALOG_OP_SET_CATEGORY};
    const WCHAR *paths[CATALOG_COUNT];
    install_t o;
    txn_t t;
    plan_t p;
    WCHAR logs[MAX_PATH];
    char why[512];
    int rc, present, chains_call, w;

    memset(&o, 0, sizeof o);
    if ((rc = cmd_install__args(c, &o)) != EXIT_DONE ||
        (rc = cli_require(c->cat, needs, sizeof needs / sizeof needs[0])) != EXIT_DONE ||
        (rc = cli_require_admin("install")) != EXIT_DONE || (rc = cmd_install__dlls(c->cat, &o)))
        return rc;
    chains_call = !o.legacy;
    for (w = 0; w < CATALOG_COUNT; w++)
        if (catalog_has(c->cat, (catalog_which_t)w) &&
            !catalog_supports(c->cat, CATALOG_OP_INSTALL_CHAINS, (catalog_which_t)w))
            chains_call = 0;
    if (config_log_directory(logs, MAX_PATH, why, sizeof why)) {
        out_error("install: %s; fix it with `lspctl config set LogDirectory`. Nothing was changed",
                  why);
        return EXIT_SYSTEM;
    }
    if (txn_begin(&t, c->cat)) {
        cli_catalog_error(c->cat, "install: reading the catalogs");
        out_error("install: nothing was changed");
        return c->cat->error.kind == CATALOG_MISSING ? EXIT_NO_API : EXIT_UNDONE;
    }
    rc = cmd_install__state(&t, &o, &present);
    if (rc != EXIT_DONE) {
        txn_end(&t);
        return rc < 0 ? EXIT_DONE : rc;
    }
    for (w = 0; w < CATALOG_COUNT; w++)
        paths[w] = o.path[w];
    if (plan_install(t.before, c->cat->catalogs, o.targets, paths, &p, why, sizeof why)) {
        out_error("install: %s; nothing was changed", why);
        txn_end(&t);
        return EXIT_REFUSED;
    }
    chains_call = chains_call && cmd_install__over_base_only(&p);
    if (o.dry_run) {
        cmd_install__print_plan(&p, &t, present, chains_call, logs);
        txn_end(&t);
        return EXIT_DONE;
    }
    rc = cmd_install__run(c, &t, &p, present, chains_call, logs);
    txn_end(&t);
    if (rc == EXIT_DONE && evsrc_register(o.path[CATALOG_64], why, sizeof why))
        out_error("warning: the Event Log source could not be registered: %s", why);
    return rc;
}
