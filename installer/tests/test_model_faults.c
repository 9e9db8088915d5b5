/* Every catalog call of each command made to fail in turn (lspctl-model's
 * SIOT_LSPCTL_FAIL_CALL): each run exits 6 and leaves the model as it found
 * it, byte for byte but for the next-id counters and the ids of entries it
 * had to put back, which its report lists and which are mapped before the
 * comparison; or, for a read it can do without, goes on and succeeds. The
 * loop ends at the first N beyond the calls the command makes. argv: lspctl-model.exe, x64 and x86
 * DLLs. */
#include <string.h>

#include "check.h"
#include "model.h"
#include "siot.h"

#define TEST_MAX_CALLS 500

static model_args_t A;
static runproc_t R;
#define test_lspctl(want, args) model_expect(&R, &A, want, args)

/* The model after args runs with no call failing, the model put back as it was. */
static char *test_clean_result(const char *args)
{
    char *start = model_bytes(), *done;

    test_lspctl(0, args);
    done = model_bytes();
    model_put(start);
    free(start);
    return done;
}

/* Runs args with the n-th call failing, n = 1, 2, ... until it succeeds;
 * returns how many calls it makes. */
static int test_each_call(const char *name, const char *args)
{
    char *start = model_bytes(), *done = test_clean_result(args), *now, var[64];
    const char *env[2] = {var, NULL};
    int n, rc, renumbered = 0, tolerated = 0;

    for (n = 1; n <= TEST_MAX_CALLS; n++) {
        model_put(start);
        snprintf(var, sizeof var, "SIOT_LSPCTL_FAIL_CALL=%d", n);
        rc = model_lspctl(&R, &A, env, "%s", args);
        if (rc == 0 && !strstr(R.err, "failing catalog call"))
            break;
        if (rc == 0) {
            /* A read it could do without (a category for a report): it went on, and
             * must have done all of its work, exactly as a run with no failure. */
            tolerated++;
            now = model_bytes();
            if (!model_same(done, now, NULL)) {
                fprintf(stderr,
                        "%s, call %d failing, exit 0 but the model differs from a "
                        "clean run:\n%s\n",
                        name, n, R.err);
                check(0);
            }
            free(now);
            continue;
        }
        if (rc != 6 || !strstr(R.err, "injected failure of catalog call")) {
            fprintf(stderr, "%s, call %d failing: exit %d\n%s\n%s\n", name, n, rc, R.out, R.err);
            check(0);
        }
        /* Before any change it says so; after one, it says it undid it. */
        check(strstr(R.err, "the catalogs are as they were before this run") != NULL ||
              strstr(R.err, "nothing was changed") != NULL);
        now = model_bytes();
        if (!model_same(start, now, R.err)) {
            fprintf(stderr, "%s, call %d failing, left the model changed:\n%s\n", name, n, R.err);
            check(0);
        }
        renumbered += strstr(R.err, "is now entry") != NULL;
        free(now);
    }
    check(n <= TEST_MAX_CALLS);
    printf("%s: %d catalog calls, each failed in turn: %d undone (%d renumbered), %d gone on "
           "without\n",
           name, n - 1, n - 1 - tolerated, renumbered, tolerated);
    free(start);
    free(done);
    return n - 1;
}

/* A failure late in an install, then a second failure in turn at each call of
 * the undo: when the undo cannot finish, lspctl exits 7 and says so, and
 * `lspctl repair` then `lspctl uninstall` (the commands it names) bring the
 * catalogs back to what they were. */
static void test_failed_undo(const char *args, int calls)
{
    char *start = model_bytes(), var[64];
    const char *env[2] = {var, NULL};
    int m, rc, left = 0;

    /* The install's last two calls read for its report; the one before changes. */
    for (m = calls - 2; m < calls + 60; m++) {
        model_put(start);
        snprintf(var, sizeof var, "SIOT_LSPCTL_FAIL_CALL=%d,%d", calls - 3, m);
        rc = model_lspctl(&R, &A, env, "%s", args);
        check(rc == 6 || rc == 7);
        if (rc == 6)
            continue;
        left++;
        check(strstr(R.err, "the catalogs could NOT be put back as they were") != NULL);
        test_lspctl(0, "repair");
        test_lspctl(0, "uninstall");
        check(model_holds(start));
    }
    printf("undo failing in turn at %d calls: %d left the catalogs changed, each cleared by repair "
           "and uninstall\n",
           m - (calls - 2), left);
    check(left > 0);
    free(start);
}

/* lspctl killed before each catalog call of an install in turn, nothing
 * undone: `lspctl repair` leaves either a whole siotrace (status 0) or none,
 * the model as it was. */
static void test_killed(const char *args, int calls)
{
    char *start = model_bytes(), var[64];
    const char *env[2] = {var, NULL};
    int k, rc, whole = 0;

    for (k = 1; k <= calls; k++) {
        model_put(start);
        snprintf(var, sizeof var, "SIOT_LSPCTL_KILL_AT=%d", k);
        rc = model_lspctl(&R, &A, env, "%s", args);
        check(rc == 137, "killed at call %d: exit %d", k, rc);
        test_lspctl(0, "repair");
        rc = model_lspctl(&R, &A, NULL, "status");
        check(rc == 0 || rc == 1, "killed at call %d, repaired: status %d\n%s", k, rc, R.out);
        if (rc == 0)
            whole++;
        else
            check(model_holds(start), "killed at call %d: repair left the model changed", k);
    }
    printf("killed before each of %d calls: repair left %d whole, %d as they were\n", calls, whole,
           calls - whole);
    model_put(start);
    free(start);
}

/* Without WSCInstallProvider64_32 (withdrawn since Vista, as documented), a
 * removal still runs, and only an undo that must put entries back fails for
 * want of it, saying so. */
static void test_no_install64_32(const char *install)
{
    static const char *const env[] = {"SIOT_LSPCTL_MISSING=WSCInstallProvider64_32", NULL};
    static const char *const fail_too[] = {
        "SIOT_LSPCTL_MISSING=WSCInstallProvider64_32",
        "SIOT_LSPCTL_FAIL_CALL=30",
        NULL,
    };
    char *start = model_bytes(), *installed;
    int rc;

    check(model_lspctl(&R, &A, env, "%s", install) == 8);
    check(strstr(R.err, "WSCInstallProvider64_32 is missing") != NULL, "%s", R.err);
    test_lspctl(0, install);
    installed = model_bytes();
    check(model_lspctl(&R, &A, env, "uninstall") == 0, "%s", R.err);
    check(model_holds(start));
    model_put(installed);
    check(model_lspctl(&R, &A, env, "repair") == 0, "%s", R.err);
    rc = model_lspctl(&R, &A, fail_too, "uninstall");
    check(rc == 7, "exit %d\n%s", rc, R.err);
    check(strstr(R.err, "WSCInstallProvider64_32 is missing") != NULL, "%s", R.err);
    test_lspctl(0, "repair");
    test_lspctl(0, "uninstall");
    check(model_holds(start));
    free(installed);
    free(start);
}

/* {51075E1E-C4A7-4E0D-9A11-0CA7A1090007}: the entry the model's
 * SIOT_CATALOG_CHANGE_AT appends, as another installer would. */
static GUID test_intruder = {
    0x51075e1e, 0xc4a7, 0x4e0d, {0x9a, 0x11, 0x0c, 0xa7, 0xa1, 0x09, 0x00, 0x07}};

/* Takes the other installer's entry out of both catalogs and checks the
 * model is then as it was at start. */
static void test_without_intruder(const char *start, int k)
{
    char *now;
    int err = 0;

    check(catmodel_WSCDeinstallProvider(&test_intruder, &err) == 0, "changed before call %d", k);
    check(catmodel_WSCDeinstallProvider32(&test_intruder, &err) == 0);
    now = model_bytes();
    check(model_same(start, now, NULL), "changed before call %d: the model differs", k);
    free(now);
}

/* Another installer adds an entry before each catalog call of an install in
 * turn: the install still succeeds (working the order out again where the
 * entry count it wrote one for changed), siotrace serves every protocol, and
 * uninstall leaves what was there and that entry. The same with the install
 * failing late: the undo puts back the order of the entries it knows and
 * leaves the other one, saying so. */
static void test_changed_midway(const char *args, int calls)
{
    char *start = model_bytes(), change[64], fail[64];
    const char *env[3] = {change, NULL, NULL};
    int k, rc, stays = 0;

    snprintf(fail, sizeof fail, "SIOT_LSPCTL_FAIL_CALL=%d", calls - 2);
    for (k = 1; k <= calls; k++) {
        model_put(start);
        snprintf(change, sizeof change, "SIOT_CATALOG_CHANGE_AT=%d", k);
        env[1] = NULL;
        rc = model_lspctl(&R, &A, env, "%s", args);
        check(rc == 0, "changed before call %d: exit %d\n%s\n%s", k, rc, R.out, R.err);
        test_lspctl(0, "status");
        test_lspctl(0, "uninstall");
        test_without_intruder(start, k);

        model_put(start);
        env[1] = fail;
        rc = model_lspctl(&R, &A, env, "%s", args);
        check(rc == 6, "changed before call %d, failing: exit %d\n%s", k, rc, R.err);
        /* Unless it came before lspctl first read the catalogs. */
        stays += strstr(R.err, "was added by another program during this run; it stays") != NULL;
        test_without_intruder(start, k);
    }
    printf("another installer's entry before each of %d calls: installed every time; with the "
           "install failing, undone around it, %d times named as another's\n",
           calls, stays);
    check(stays >= calls - 4);
    model_put(start);
    free(start);
}

static void test_install_args(char *args, size_t n, const char *extra)
{
    snprintf(args, n, "install --dll64 \"%s\" --dll32 \"%s\" %s", A.dll64, A.dll32, extra);
}

static void test_other_lsp(void)
{
    DWORD id;
    int err = 0;

    check(catmodel_WSCInstallProviderAndChains64_32(&model_other, L"C:\\other64.dll",
                                                    L"C:\\other32.dll", L"Other LSP",
                                                    XP1_IFS_HANDLES, NULL, 0, &id, &err) == 0);
}

int main(int argc, char **argv)
{
    char args[1024];
    int err = 0, calls;

    model_args(argc, argv, &A);

    model_init("faults");
    test_install_args(args, sizeof args, "");
    calls = test_each_call("install", args);
    test_lspctl(0, "uninstall");
    test_changed_midway(args, calls);
    test_install_args(args, sizeof args, "--legacy");
    model_init("faults");
    calls = test_each_call("install --legacy", args);
    test_lspctl(0, "uninstall");
    test_failed_undo(args, calls);
    test_killed(args, calls);
    test_changed_midway(args, calls);
    test_no_install64_32(args);
    test_lspctl(0, args);
    test_install_args(args, sizeof args, "--force");
    test_each_call("install --force", args);
    test_each_call("uninstall", "uninstall");

    model_init("faults");
    test_other_lsp();
    test_install_args(args, sizeof args, "");
    test_each_call("install over another LSP", args);
    test_each_call("uninstall from over another LSP", "uninstall");

    model_init("faults");
    test_other_lsp();
    check(catmodel_WSCDeinstallProvider(&model_other, &err) == 0);
    test_each_call("repair of orphaned chains", "repair");

    model_init("faults");
    test_install_args(args, sizeof args, "");
    test_lspctl(0, args);
    {
        GUID id = siot_layered_guid;

        check(catmodel_WSCDeinstallProvider32(&id, &err) == 0);
    }
    test_each_call("repair of a half-installed siotrace", "repair");
    return 0;
}
