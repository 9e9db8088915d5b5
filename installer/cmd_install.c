#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "dll.h"
#include "exitcode.h"
#include "evsrc.h"
#include "out.h"
#include "plan.h"
#include "show.h"

typedef struct install_t {
    unsigned targets;
    int force, dry_run, legacy;
    WCHAR path[CATALOG_COUNT][MAX_PATH]; /* as each catalog will name it */
    WCHAR logs[MAX_PATH];
    apply_list_t own; /* siotrace's GUIDs, which a forced reinstall removes first */
    plan_t plan;
    int chains_call; /* one WSCInstallProviderAndChains call, else one per entry */
    char why[512];   /* why the plan is refused, or why one call per entry */
} install_t;

static int cmd_install__args(cli_t *c, install_t *o)
{
    const char *protocols = NULL, *dll[CATALOG_COUNT] = {NULL}, *word;
    const cli_opt_t opts[] = {{"force", &o->force, NULL},
                              {"dry-run", &o->dry_run, NULL},
                              {"legacy", &o->legacy, NULL},
                              {"protocols", NULL, &protocols},
                              {"dll64", NULL, &dll[CATALOG_64]},
                              {"dll32", NULL, &dll[CATALOG_32]},
                              {0}};
    size_t len;
    int rc;

    o->targets = (1u << TARGET_COUNT) - 1;
    if ((rc = cli_args(c, "install", opts)) != EXIT_DONE)
        return rc;
    if (protocols && target_parse(protocols, &o->targets, &word, &len)) {
        out_error("install: --protocols: unknown protocol \"%.*s\" (tcp4 udp4 raw4 tcp6 udp6 "
                  "raw6, tcp udp raw, ip4 ip6, all)",
                  (int)len, word);
        return EXIT_USAGE;
    }
    CATALOG_EACH (w, CATALOG_BOTH) {
        wcscpy(o->path[w], DLL_DEFAULT);
        if (dll[w] && out_wide(dll[w], o->path[w], MAX_PATH)) {
            out_error("install: --dll%s: path too long", w == CATALOG_64 ? "64" : "32");
            return EXIT_USAGE;
        }
    }
    return EXIT_DONE;
}

static int cmd_install__dlls(catalog_t *cat, const install_t *o)
{
    int rc = EXIT_DONE;

    CATALOG_EACH (w, cat->catalogs) {
        char why[256], f[MAX_PATH * 3], p[MAX_PATH * 3];
        dll_result_t r = dll_judge(w, o->path[w], f, sizeof f, why, sizeof why);

        out_utf8(o->path[w], p, sizeof p);
        if (r == DLL_UNEXPANDED)
            out_error("install: the %s DLL path %s %s", catalog_name(w), p, why);
        else if (r != DLL_OK)
            out_error("install: the %s DLL %s, which %s processes load for %s: %s",
                      dll_machine_name(dll_machine(w)), f, w == CATALOG_64 ? "64-bit" : "32-bit", p,
                      why);
        if (r != DLL_OK)
            rc = EXIT_BAD_DLL;
    }
    if (rc != EXIT_DONE)
        out_error("install: nothing was changed");
    return rc;
}

/* siotrace's state across the catalogs: EXIT_DONE to go on, an exit code
 * for a refusal, or -1 when it is whole already (and said so, even with
 * another LSP over it). Its LSP categories are not read here: a missing one
 * is for `lspctl status` to tell. */
static int cmd_install__state(const txn_t *t, install_t *o)
{
    static const char *const refused[] = {
        [SIOT_BROKEN] = "siotrace is partly installed (see `lspctl status`); run `lspctl repair` "
                        "to clear it, or `lspctl install --force` to reinstall",
        [SIOT_UNCOVERED] = "siotrace is installed, but not for every protocol asked (see `lspctl "
                           "status`); `lspctl install --force` reinstalls it for them",
        [SIOT_BYPASSED] = "siotrace is installed, but for some protocols another entry comes "
                          "first in the order, so their sockets bypass it (see `lspctl status`); "
                          "`lspctl install --force` reinstalls it on top"};
    siot_state_t st[CATALOG_COUNT];
    siot_verdict_t v = SIOT_WHOLE;
    int rc;

    if ((rc = cli_siot(t, NULL, st, &o->own)) != EXIT_DONE || o->own.count == 0)
        return rc;
    if (o->force) /* it removes siotrace's entries first */
        return cli_siot(t, "install", st, NULL);
    CATALOG_EACH (w, t->cat->catalogs) {
        siot_verdict_t here = siot_verdict(&t->before[w], &st[w], o->targets);

        v = here < v ? here : v;
    }
    if (v < SIOT_UNCATEGORIZED) { /* absent from one catalog is partly installed */
        out_error("install: %s. Nothing was changed", refused[v > SIOT_BROKEN ? v : SIOT_BROKEN]);
        return EXIT_REFUSED;
    }
    printf("siotrace is already installed in every catalog; nothing was changed (--force "
           "reinstalls it)\n");
    return -1;
}

/* One WSCInstallProviderAndChains call where it exists and makes the plan
 * exactly; else one install call per entry. */
static int cmd_install__chains_call(catalog_t *cat, install_t *o)
{
    snprintf(o->why, sizeof o->why, "--legacy");
    if (o->legacy)
        return 0;
    CATALOG_EACH (w, o->plan.catalogs)
        if (!catalog_supports(cat, CATALOG_OP_INSTALL_CHAINS, w)) {
            snprintf(o->why, sizeof o->why, "%s is missing", cat->error.call);
            return 0;
        }
    return plan_fits_chains_call(&o->plan, o->why, sizeof o->why);
}

static void cmd_install__print_plan(const install_t *o)
{
    const plan_t *p = &o->plan;
    char gs[XLAT_GUID_LEN], path[MAX_PATH * 3], chain[1024];

    printf("install plan (--dry-run: nothing is changed):\n%s",
           o->own.count ? "  remove siotrace's entries from every catalog (--force)\n" : "");
    if (o->chains_call)
        printf("  one WSCInstallProviderAndChains call adds the layered entry and its chains to "
               "every catalog\n");
    else
        printf("  one install call per entry (%s)\n", o->why);
    CATALOG_EACH (w, p->catalogs) {
        printf("  %s catalog: layered entry \"siotrace\" %s, DLL %s; its chains, first in the "
               "order:\n",
               catalog_name(w), out_guid(&siot_layered_guid, gs),
               out_utf8(p->path[w], path, sizeof path));
        for (size_t k = 0; k < p->chain_count; k++) {
            const plan_chain_t *c = &p->chains[k];

            show_chain_names(&p->snap[w], (size_t)c->over[w], chain, sizeof chain);
            printf("    chain %s for %s: siotrace > %s (over entry %lu)\n",
                   o->chains_call ? "(GUID from Windows)" : out_guid(&c->id, gs), c->target->label,
                   chain, (unsigned long)p->snap[w].e[c->over[w]].info.dwCatalogEntryId);
        }
    }
    printf("  LSP category LSP_INSPECTOR; log directory %s, with its access control\n",
           out_utf8(o->logs, path, sizeof path));
}

/* Its last catalog calls: each catalog read back for what it now holds. */
static void cmd_install__report(catalog_t *cat, const install_t *o)
{
    char path[MAX_PATH * 3];
    siot_state_t st;
    snap_t s;

    printf("siotrace installed:\n");
    CATALOG_EACH (w, cat->catalogs) {
        if (snap_load(cat, w, &s))
            continue;
        siot_read(&s, &st);
        show_own(&s, &st, "added");
        snap_free(&s);
    }
    printf("  LSP category LSP_INSPECTOR; log directory %s\n",
           out_utf8(o->logs, path, sizeof path));
    printf("Programs load siotrace when they next start Winsock; those running now are not "
           "traced.\n");
}

/* Every provider the run may add or remove named to t first, then the log
 * directory: a catalog change is the one step that is undone. */
static int cmd_install__run(cli_t *c, txn_t *t, install_t *o)
{
    apply_list_t all = o->own;
    int created, rc;

    apply_list_add(&all, &siot_layered_guid, o->plan.catalogs);
    for (size_t k = 0; k < o->plan.chain_count; k++)
        apply_list_add(&all, &o->plan.chains[k].id, o->plan.catalogs);
    if ((rc = cli_touch(c, t, &all, "install")) != EXIT_DONE ||
        (rc = cli_secure_logs("install", o->logs, &created, "; the catalogs were not changed")) !=
            EXIT_DONE)
        return rc;
    if ((o->own.count && apply_remove(c->cat, &o->own)) ||
        apply_install(c->cat, t, &o->plan, o->chains_call)) {
        rc = cli_failed(t, "install");
        if (created && RemoveDirectoryW(o->logs))
            out_error("removed the log directory it had created");
        return rc;
    }
    cmd_install__report(c->cat, o);
    return EXIT_DONE;
}

/* From the catalogs as they are: what is there, the plan, then the change. */
static int cmd_install__txn(cli_t *c, txn_t *t, install_t *o)
{
    const WCHAR *paths[CATALOG_COUNT] = {o->path[CATALOG_64], o->path[CATALOG_32]};
    int rc;

    if ((rc = cmd_install__state(t, o)) != EXIT_DONE)
        return rc < 0 ? EXIT_DONE : rc;
    if (plan_install(t->before, c->cat->catalogs, o->targets, paths, &o->plan, o->why,
                     sizeof o->why)) {
        out_error("install: %s; nothing was changed", o->why);
        return EXIT_REFUSED;
    }
    o->chains_call = cmd_install__chains_call(c->cat, o);
    if (!o->dry_run)
        return cmd_install__run(c, t, o);
    cmd_install__print_plan(o);
    return EXIT_DONE;
}

int cmd_install(cli_t *c)
{
    install_t o = {0};
    char why[512];
    txn_t t;
    int rc;

    if ((rc = cmd_install__args(c, &o)) != EXIT_DONE ||
        (rc = cli_require_change(c, "install", 1)) != EXIT_DONE ||
        (rc = cli_require_windows("install")) != EXIT_DONE ||
        (rc = cmd_install__dlls(c->cat, &o)) != EXIT_DONE ||
        (rc = cli_log_directory("install", o.logs)) != EXIT_DONE ||
        (rc = cli_begin(c, "install", &t)) != EXIT_DONE)
        return rc;
    rc = cmd_install__txn(c, &t, &o);
    txn_end(&t);
    if (rc == EXIT_DONE && !o.dry_run && evsrc_register(o.path[CATALOG_64], why, sizeof why))
        out_error("warning: the Event Log source could not be registered: %s", why);
    return rc;
}
