#include "model.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

static char model__path[MAX_PATH];
static WCHAR model__wpath[MAX_PATH];

void model_args(int argc, char **argv, model_args_t *a)
{
    check(argc >= 4);
    a->lspctl = argv[1];
    a->dll64 = argv[2];
    a->dll32 = argv[3];
}

void model_init(const char *name)
{
    char dir[MAX_PATH];
    int err = 0;

    check(GetTempPathA(MAX_PATH, dir) > 0);
    snprintf(model__path, sizeof model__path, "%ssiot-%s.catalog", dir, name);
    MultiByteToWideChar(CP_UTF8, 0, model__path, -1, model__wpath, MAX_PATH);
    DeleteFileW(model__wpath);
    catmodel_use(model__wpath);
    check(catmodel_seed(L"C:\\windows\\system32\\mswsock.dll",
                        L"C:\\windows\\syswow64\\mswsock.dll", &err) == 0);
}

char *model_bytes(void)
{
    FILE *f = fopen(model__path, "rb");
    long n;
    char *buf;

    check(f != NULL);
    check(fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0);
    rewind(f);
    buf = malloc((size_t)n + 1);
    check(buf && fread(buf, 1, (size_t)n, f) == (size_t)n);
    buf[n] = 0;
    fclose(f);
    return buf;
}

/* A copy of a line with the fields a restore may change masked. */
static void model__mask(const char *line, size_t len, int renumbered, char *out, size_t n)
{
    char *p;
    int siot;

    if (len >= n)
        len = n - 1;
    memcpy(out, line, len);
    out[len] = 0;
    if ((p = strstr(out, "next=")) != NULL)
        for (p += 5; *p >= '0' && *p <= '9'; p++)
            *p = '#';
    siot = strstr(out, "guid={17084EE7-") != NULL || strstr(out, "name=siotrace") != NULL;
    if (!renumbered || !siot)
        return;
    /* Its own id, and its first link (the layered entry, reinstalled too). */
    if ((p = strstr(out, "\tid=")) != NULL)
        for (p += 4; *p >= '0' && *p <= '9'; p++)
            *p = '#';
    if ((p = strstr(out, "\tchain=")) != NULL)
        for (p += 7; *p >= '0' && *p <= '9'; p++)
            *p = '#';
}

int model_same(const char *a, const char *b, int renumbered)
{
    char la[2048], lb[2048];

    for (;;) {
        size_t na = strcspn(a, "\n"), nb = strcspn(b, "\n");

        model__mask(a, na, renumbered, la, sizeof la);
        model__mask(b, nb, renumbered, lb, sizeof lb);
        if (strcmp(la, lb) != 0) {
            fprintf(stderr, "model differs:\n  was: %s\n  now: %s\n", la, lb);
            return 0;
        }
        if (!a[na] || !b[nb])
            return !a[na] && !b[nb];
        a += na + 1;
        b += nb + 1;
    }
}

int model_lspctl(runproc_t *r, const model_args_t *a, const char *const *env, const char *fmt,
                 ...)
{
    const char *vars[8];
    char catalog[MAX_PATH + 16], args[2048];
    size_t n = 0;
    va_list ap;

    snprintf(catalog, sizeof catalog, "SIOT_CATALOG=%s", model__path);
    vars[n++] = catalog;
    while (env && *env && n < 7)
        vars[n++] = *env++;
    vars[n] = NULL;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    check(runprocf(r, vars, "\"%s\" %s", a->lspctl, args) == 0);
    return (int)r->exit_code;
}

int model_entries(int which, WSAPROTOCOL_INFOW *out, int max)
{
    DWORD size = (DWORD)(max * (int)sizeof *out);
    int err = 0, n;

    n = which == CATFILE_64 ? catmodel_WSCEnumProtocols(NULL, out, &size, &err)
                            : catmodel_WSCEnumProtocols32(NULL, out, &size, &err);
    check(n != SOCKET_ERROR);
    return n;
}
