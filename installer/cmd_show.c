#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "exitcode.h"
#include "out.h"
#include "show.h"

/* What a catalog that could not be read, or read only in part, lacks:
 * "<what, of catalog w>: <the catalog error>", that error in msg too. */
static int cmd_show__failure(catalog_t *cat, const char *what, catalog_which_t w, char *msg,
                             size_t n)
{
    char about[96];

    catalog_describe_error(cat, msg, n);
    snprintf(about, sizeof about, what, catalog_name(w));
    out_error("%s: %s", about, msg);
    return cli_catalog_exit(cat);
}

/* One catalog, as text or as one member of the JSON "catalogs" array. A
 * catalog that cannot be read sets *rc; one read only in part sets it when
 * nothing else has. */
static void cmd_show__catalog(catalog_t *cat, catalog_which_t w, emit_t *j, int *rc)
{
    catalog_error_t first;
    char msg[320];
    int failed, code;
    snap_t s;

    if (snap_load(cat, w, &s)) {
        *rc = cmd_show__failure(cat, "the %s catalog cannot be read", w, msg, sizeof msg);
        if (j) {
            emit_open(j, NULL, '{');
            emit_str(j, "catalog", catalog_name(w));
            emit_str(j, "error", msg);
            emit_close(j);
        }
        return;
    }
    if ((failed = snap_read_details(cat, &s, &first) > 0)) {
        cat->error = first; /* the first detail that failed, not the last */
        code = cmd_show__failure(cat, "paths or LSP categories of the %s catalog are unknown", w,
                                 msg, sizeof msg);
        if (*rc == EXIT_DONE)
            *rc = code;
    }
    if (j) {
        emit_open(j, NULL, '{');
        show_json(j, &s);
        if (failed)
            emit_str(j, "details_error", msg);
        emit_close(j);
    } else {
        show_text(stdout, &s);
    }
    snap_free(&s);
}

int cmd_show(cli_t *c)
{
    int as_json = 0, rc;
    emit_t j;

    if ((rc = cli_args(c, "show", (cli_opt_t[]){{"json", &as_json, NULL}, {0}})) != EXIT_DONE)
        return rc;
    emit_init_sink(&j, out_stream, stdout, EMIT_JSON);
    if (as_json) {
        emit_open(&j, NULL, '{');
        emit_open(&j, "catalogs", '[');
    }
    CATALOG_EACH (w, c->cat->catalogs)
        cmd_show__catalog(c->cat, w, as_json ? &j : NULL, &rc);
    if (as_json) {
        emit_close(&j);
        emit_close(&j);
        emit_raw(&j, "\n");
    }
    return rc;
}
