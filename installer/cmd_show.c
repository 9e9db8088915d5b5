#include "cmd.h"

#include <stdio.h>
#include <string.h>

#include "exitcode.h"
#include "out.h"
#include "show.h"

/* What a catalog that could not be read, or read only in part, lacks. */
static int cmd_show__failure(catalog_t *cat, const catalog_error_t *e, const char *what, char *msg,
                             size_t n)
{
    catalog_error_t saved = cat->error;

    cat->error = *e;
    catalog_describe_error(cat, msg, n);
    cat->error = saved;
    out_error("%s: %s", what, msg);
    return e->kind == CATALOG_MISSING ? EXIT_NO_API : EXIT_UNDONE;
}

int cmd_show(cli_t *c)
{
    int as_json = 0, rc = EXIT_DONE, i, w;
    json_t j;

    for (i = 0; i < c->argc; i++) {
        if (cli_flag(c->argv[i], "json")) {
            as_json = 1;
            continue;
        }
        out_error("show: unknown argument %s", c->argv[i]);
        return EXIT_USAGE;
    }
    json_init(&j, stdout);
    if (as_json) {
        json_object(&j, NULL);
        json_array(&j, "catalogs");
    }
    for (w = 0; w < CATALOG_COUNT; w++) {
        snap_t s;
        catalog_error_t first;
        char what[96], msg[320];
        int failed;

        if (!catalog_has(c->cat, (catalog_which_t)w))
            continue;
        if (snap_load(c->cat, (catalog_which_t)w, &s)) {
            snprintf(what, sizeof what, "the %s catalog cannot be read",
                     catalog_name((catalog_which_t)w));
            rc = cmd_show__failure(c->cat, &c->cat->error, what, msg, sizeof msg);
            if (as_json) {
                json_object(&j, NULL);
                json_str(&j, "catalog", catalog_name((catalog_which_t)w));
                json_str(&j, "error", msg);
                json_end(&j);
            }
            continue;
        }
        failed = snap_read_details(c->cat, &s, &first) > 0;
        if (failed) {
            int code;

            snprintf(what, sizeof what, "paths or LSP categories of the %s catalog are unknown",
                     catalog_name((catalog_which_t)w));
            code = cmd_show__failure(c->cat, &first, what, msg, sizeof msg);
            if (rc == EXIT_DONE)
                rc = code;
        }
        if (as_json) {
            json_object(&j, NULL);
            show_json(&j, &s);
            if (failed)
                json_str(&j, "details_error", msg);
            json_end(&j);
        } else {
            show_text(stdout, &s);
        }
        snap_free(&s);
    }
    if (as_json) {
        json_end(&j);
        json_end(&j);
        json_finish(&j);
    }
    return rc;
}
