#include "cli.h"

#include <stdio.h>

#include "exitcode.h"
#include "out.h"
#include "show.h"

/* One catalog, as text or as one member of the JSON "catalogs" array. A
 * catalog that cannot be read sets *rc; one read only in part (a path or
 * the categories of an entry unknown) sets it when nothing else has. */
static void cmd_show__catalog(catalog_t *cat, catalog_which_t w, emit_t *o, int *rc)
{
    char msg[CLI_WHY_MAX];
    snap_t s;
    int loaded = snap_load(cat, w, &s) == 0, failed = !loaded || snap_read_details(cat, &s);

    if (failed) {
        out_error(loaded ? "paths or LSP categories of the %s catalog are unknown: %s"
                         : "the %s catalog cannot be read: %s",
                  catalog_name(w), cli_why(cat, msg));
        if (!loaded || *rc == EXIT_DONE)
            *rc = cli_catalog_exit(cat);
    }
    if (emit_json(o)) {
        emit_open(o, NULL, '{');
        if (loaded)
            show_catalog(o, &s);
        else
            emit_str(o, "catalog", catalog_name(w));
        if (failed)
            emit_str(o, loaded ? "details_error" : "error", msg);
        emit_close(o);
    } else if (loaded) {
        show_catalog(o, &s);
    }
    if (loaded)
        snap_free(&s);
}

int cmd_show(cli_t *c)
{
    int as_json = 0, rc;
    emit_t o;

    if ((rc = cli_args(c, "show", (cli_opt_t[]){{"json", &as_json, NULL}, {0}})) != EXIT_DONE)
        return rc;
    emit_init_sink(&o, out_stream, stdout, as_json ? EMIT_JSON : EMIT_TEXT);
    if (as_json) {
        emit_open(&o, NULL, '{');
        emit_open(&o, "catalogs", '[');
    }
    CATALOG_EACH (w, c->cat->catalogs)
        cmd_show__catalog(c->cat, w, &o, &rc);
    if (as_json) {
        emit_close(&o);
        emit_close(&o);
        emit_raw(&o, "\n");
    }
    return rc;
}
