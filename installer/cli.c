#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "config.h"
#include "exitcode.h"
#include "logdir.h"
#include "machine.h"
#include "out.h"

int cli_args(cli_t *c, const char *command, const cli_opt_t *opts)
{
    for (int i = 0; i < c->argc; i++) {
        const char *arg = c->argv[i], *rest = "";
        const cli_opt_t *o;

        for (o = opts; o->name; o++) {
            size_t len = strlen(o->name);

            rest = arg + 2 + len;
            if (strncmp(arg, "--", 2) == 0 && strncmp(arg + 2, o->name, len) == 0 &&
                (*rest == 0 || (o->value && *rest == '=')))
                break;
        }
        if (!o->name) {
            out_error("%s: unknown argument %s", command, arg);
            return EXIT_USAGE;
        }
        if (!o->value)
            *o->on = 1;
        else if (*rest == '=')
            *o->value = rest + 1;
        else if (i + 1 < c->argc)
            *o->value = c->argv[++i];
        else {
            out_error("--%s needs a value", o->name);
            return EXIT_USAGE;
        }
    }
    return EXIT_DONE;
}

int cli_require(cli_t *c, const char *command, const catalog_op_t *ops, size_t count)
{
    catalog_t *cat = c->cat;
    char msg[CLI_WHY_MAX], said[CATALOG_OP_COUNT * CATALOG_COUNT][48];
    int missing = 0, j;
    size_t k;

    CATALOG_EACH (w, cat->catalogs) {
        for (k = 0; k < count; k++) {
            if (catalog_supports(cat, ops[k], w))
                continue;
            /* A function serving both catalogs is reported once. */
            for (j = 0; j < missing && strcmp(said[j], cat->error.call) != 0; j++)
                ;
            if (j < missing || missing == CATALOG_OP_COUNT * CATALOG_COUNT)
                continue;
            snprintf(said[missing++], sizeof said[0], "%s", cat->error.call);
            out_error("%s", cli_why(cat, msg));
        }
    }
    if (!missing)
        return cli_require_admin(command);
    out_error("%d catalog function%s missing: nothing was changed", missing,
              missing == 1 ? " is" : "s are");
    return EXIT_NO_API;
}

/* 1 when the process token holds an enabled Administrators group (an elevated
 * administrator; with UAC a non-elevated one holds it for deny only), 0 when
 * not, -1 when it cannot be told (GetLastError). */
static int cli__elevated(void)
{
    SID_IDENTIFIER_AUTHORITY nt = {SECURITY_NT_AUTHORITY};
    PSID admins = NULL;
    BOOL member = FALSE;
    int rc;

    if (!AllocateAndInitializeSid(&nt, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS, 0,
                                  0, 0, 0, 0, 0, &admins))
        return -1;
    rc = CheckTokenMembership(NULL, admins, &member) ? (member ? 1 : 0) : -1;
    FreeSid(admins);
    return rc;
}

int cli_require_admin(const char *command)
{
    int admin = cli__elevated();

    if (admin == 1)
        return EXIT_DONE;
    if (admin < 0)
        out_win32_error(GetLastError(), "%s: cannot tell whether this is an administrator",
                        command);
    else
        out_error("%s changes the Winsock catalog and HKLM: run it as an administrator "
                  "(elevated); nothing was changed",
                  command);
    return EXIT_NOT_ADMIN;
}

/* RtlGetVersion, unlike GetVersionEx, is not shimmed to an older version
 * for a program without a compatibility manifest. */
int cli_require_windows(const char *command)
{
    typedef LONG(WINAPI * get_fn)(OSVERSIONINFOW *);
    get_fn get =
        (get_fn)(void (*)(void))GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "RtlGetVersion");
    OSVERSIONINFOW v = {.dwOSVersionInfoSize = sizeof v};
    machine_verdict_t m;
    char why[320];
    WORD native;

    if (!get || get(&v) != 0)
        out_error("%s: cannot read the Windows version; nothing was changed", command);
    else if (v.dwMajorVersion < 6 || (v.dwMajorVersion == 6 && v.dwMinorVersion < 2))
        out_error("%s: siotrace needs Windows 8 or later (its DLL imports EventSetInformation); "
                  "this is Windows %lu.%lu, where it would not load and every socket through it "
                  "would fail. Nothing was changed",
                  command, (unsigned long)v.dwMajorVersion, (unsigned long)v.dwMinorVersion);
    else if ((m = machine_check(machine_wow64_function(), &native, why, sizeof why)) ==
             MACHINE_OTHER)
        out_error("%s: %s. Nothing was changed", command, why);
    else if (m == MACHINE_UNKNOWN)
        out_error("%s: cannot tell which processor this Windows runs on: %s; nothing was changed",
                  command, why);
    else
        return EXIT_DONE;
    return EXIT_NO_API;
}

int cli_require_change(cli_t *c, const char *command, int installs)
{
    static const catalog_op_t all[] = {
        CATALOG_OP_ENUMERATE, CATALOG_OP_PATH,        CATALOG_OP_GET_CATEGORY, CATALOG_OP_DEINSTALL,
        CATALOG_OP_INSTALL,   CATALOG_OP_WRITE_ORDER, CATALOG_OP_SET_CATEGORY};
    /* A removal reads (each provider's path and categories, for an undo) and
     * removes; the rest of all[] only matters if an undo must put back what
     * it removed, and then the restore report names what is missing. */
    return cli_require(c, command, all, installs ? sizeof all / sizeof all[0] : 4);
}

int cli_begin(cli_t *c, const char *command, txn_t *t)
{
    return txn_begin(t, c->cat) == 0 ? EXIT_DONE
                                     : cli_unchanged(c->cat, command, "reading the catalogs");
}

int cli_siot(const txn_t *t, const char *command, siot_state_t st[CATALOG_COUNT], apply_list_t *own)
{
    char why[320];
    size_t k;

    memset(st, 0, CATALOG_COUNT * sizeof st[0]);
    CATALOG_EACH (w, t->cat->catalogs) {
        siot_read(&t->before[w], &st[w]);
        if (command && siot_refusal(&t->before[w], &st[w], why, sizeof why)) {
            out_error("%s: %s. Nothing was changed", command, why);
            return EXIT_REFUSED;
        }
        for (k = 0; own && k < st[w].guid_count; k++)
            apply_list_add(own, &st[w].guids[k], CATALOG_BIT(w));
    }
    return EXIT_DONE;
}

int cli_touch(cli_t *c, txn_t *t, const apply_list_t *l, const char *command)
{
    for (size_t k = 0; k < l->count; k++)
        if (txn_touch(t, &l->ids[k]))
            return cli_unchanged(c->cat, command, "reading the entries to change");
    return EXIT_DONE;
}

int cli_remove(cli_t *c, txn_t *t, const apply_list_t *l, const char *command)
{
    int rc = cli_touch(c, t, l, command);

    if (rc != EXIT_DONE || apply_remove(c->cat, l) == 0)
        return rc;
    return cli_failed(t, command);
}

int cli_log_directory(const char *command, WCHAR *logs)
{
    char why[512];

    if (config_log_directory(logs, MAX_PATH, why, sizeof why) == 0)
        return EXIT_DONE;
    out_error("%s: %s; fix it with `lspctl config set LogDirectory`. Nothing was changed", command,
              why);
    return EXIT_SYSTEM;
}

int cli_secure_logs(const char *command, const WCHAR *logs, int *created, const char *after)
{
    char why[512];
    int rc = logdir_secure(logs, created, why, sizeof why);

    if (rc < 0) {
        out_error("%s: log directory: %s%s", command, why, after);
        return EXIT_SYSTEM;
    }
    if (rc > 0)
        out_error("warning: %s", why);
    return EXIT_DONE;
}

const char *cli_why(const catalog_t *cat, char why[CLI_WHY_MAX])
{
    catalog_describe_error(cat, why, CLI_WHY_MAX);
    return why;
}

int cli_catalog_exit(const catalog_t *cat)
{
    return cat->error.kind == CATALOG_MISSING ? EXIT_NO_API : EXIT_UNDONE;
}

int cli_unchanged(catalog_t *cat, const char *command, const char *what)
{
    char msg[CLI_WHY_MAX];

    out_error("%s: %s%s%s", command, what ? what : "", what ? ": " : "", cli_why(cat, msg));
    out_error("%s: nothing was changed", command);
    return cli_catalog_exit(cat);
}

int cli_failed(txn_t *t, const char *command)
{
    char msg[CLI_WHY_MAX];

    out_error("%s failed: %s", command, cli_why(t->cat, msg));
    switch (txn_restore(t)) {
    case TXN_EXACT:
        out_error("the catalogs are as they were before this run");
        return EXIT_UNDONE;
    case TXN_RENUMBERED:
        out_error("the catalogs are as they were before this run, but for the new ids of the "
                  "entries put back (listed above)");
        return EXIT_UNDONE;
    default:
        out_error("the catalogs could NOT be put back as they were (see above); run "
                  "`lspctl show` to see them and `lspctl repair` to clear what is left");
        return EXIT_LEFT_CHANGED;
    }
}
