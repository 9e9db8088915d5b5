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

void model_init_base(const char *name, const WCHAR *base)
{
    char dir[MAX_PATH];
    int err = 0;

    check(GetTempPathA(MAX_PATH, dir) > 0);
    snprintf(model__path, sizeof model__path, "%ssiot-%s.catalog", dir, name);
    MultiByteToWideChar(CP_UTF8, 0, model__path, -1, model__wpath, MAX_PATH);
    DeleteFileW(model__wpath);
    catmodel_use(model__wpath);
    check(catmodel_seed(base, base, &err) == 0);
}

void model_init(const char *name)
{
    model_init_base(name, L"%SystemRoot%\\system32\\mswsock.dll");
}

void model_acl(const char *name)
{
    char dir[MAX_PATH], file[MAX_PATH];

    check(GetTempPathA(MAX_PATH, dir) > 0);
    snprintf(file, sizeof file, "%ssiot-%s.acl", dir, name);
    DeleteFileA(file);
    check(SetEnvironmentVariableA("SIOT_ACL_FILE", file));
}

const char *model_file(void)
{
    return model__path;
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

void model_put(const char *bytes)
{
    FILE *f = fopen(model__path, "wb");

    check(f != NULL);
    check(fwrite(bytes, 1, strlen(bytes), f) == strlen(bytes));
    check(fclose(f) == 0);
}

#define MODEL_MAX_MAP 64

typedef struct model_map_t {
    int count;
    int bits[MODEL_MAX_MAP];
    unsigned long from[MODEL_MAX_MAP], to[MODEL_MAX_MAP];
} model_map_t;

static void model__read_map(const char *report, model_map_t *m)
{
    const char *p = report;

    m->count = 0;
    while (p && (p = strstr(p, "entry ")) != NULL && m->count < MODEL_MAX_MAP) {
        unsigned long from, to;
        int bits;

        if (sscanf(p, "entry %lu of the %d-bit catalog is now entry %lu", &from, &bits, &to) == 3) {
            m->from[m->count] = from;
            m->to[m->count] = to;
            m->bits[m->count++] = bits;
        }
        p += 6;
    }
}

static unsigned long model__mapped(const model_map_t *m, int bits, unsigned long id)
{
    int i;

    for (i = 0; i < m->count; i++)
        if (m->bits[i] == bits && m->from[i] == id)
            return m->to[i];
    return id;
}

/* Renumbers the digits after key (a comma list for chain=) through the map. */
static void model__renumber(const char *in, const char *key, const model_map_t *m, int bits,
                            char *out, size_t n)
{
    const char *at = strstr(in, key);
    size_t len;
    char *end;

    if (!at) {
        snprintf(out, n, "%s", in);
        return;
    }
    at += strlen(key);
    len = (size_t)(at - in);
    snprintf(out, n, "%.*s", (int)len, in);
    while (*at >= '0' && *at <= '9') {
        unsigned long id = strtoul(at, &end, 10);

        len = strlen(out);
        snprintf(out + len, n - len, "%lu%s", model__mapped(m, bits, id), *end == ',' ? "," : "");
        at = *end == ',' ? end + 1 : end;
    }
    len = strlen(out);
    snprintf(out + len, n - len, "%s", at);
}

/* A line as compared: the next-id counter masked, a's ids renumbered. */
static void model__line(const char *line, size_t len, const model_map_t *m, int bits, char *out,
                        size_t n)
{
    char raw[2048], tmp[2048];
    char *p;

    snprintf(raw, sizeof raw, "%.*s", (int)len, line);
    if ((p = strstr(raw, "next=")) != NULL)
        for (p += 5; *p >= '0' && *p <= '9'; p++)
            *p = '#';
    if (!m) {
        snprintf(out, n, "%s", raw);
        return;
    }
    model__renumber(raw, "\tid=", m, bits, tmp, sizeof tmp);
    model__renumber(tmp, "\tchain=", m, bits, out, n);
}

int model_same(const char *a, const char *b, const char *report)
{
    char la[2048], lb[2048];
    model_map_t map;
    int bits = 0;

    model__read_map(report, &map);
    for (;;) {
        size_t na = strcspn(a, "\n"), nb = strcspn(b, "\n");

        if (strncmp(a, "catalog\t", 8) == 0)
            bits = atoi(a + 8);
        model__line(a, na, &map, bits, la, sizeof la);
        model__line(b, nb, NULL, bits, lb, sizeof lb);
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

int model_lspctl(runproc_t *r, const model_args_t *a, const char *const *env, const char *fmt, ...)
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
    check(runprocf(r, vars, "\"%s\" %s", a->lspctl, args) == 0, "%s: %s", args, r->err);
    return (int)r->exit_code;
}

int model_lspctl_unelevated(runproc_t *r, const model_args_t *a, const char *fmt, ...)
{
    char catalog[MAX_PATH + 16], args[2048], cmd[4096];
    const char *vars[2] = {catalog, NULL};
    va_list ap;

    snprintf(catalog, sizeof catalog, "SIOT_CATALOG=%s", model__path);
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof cmd, "\"%s\" %s", a->lspctl, args);
    check(runproc_unelevated(cmd, vars, r) == 0, "%s: %s", args, r->err);
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

void model_expect(runproc_t *r, const model_args_t *a, int want, const char *args)
{
    int rc = model_lspctl(r, a, NULL, "%s", args);

    if (rc != want)
        fprintf(stderr, "lspctl-model %s: exit %d, want %d\n--- out:\n%s\n--- err:\n%s\n", args, rc,
                want, r->out, r->err);
    check(rc == want);
}

void model_expect_unchanged(runproc_t *r, const model_args_t *a, int want, const char *args)
{
    char *before = model_bytes(), *after;

    model_expect(r, a, want, args);
    after = model_bytes();
    check(strcmp(before, after) == 0, "%s changed the model", args);
    free(before);
    free(after);
}

void model_install(runproc_t *r, const model_args_t *a, int want, const char *extra)
{
    char args[1024];

    snprintf(args, sizeof args, "install --dll64 \"%s\" --dll32 \"%s\" %s", a->dll64, a->dll32,
             extra);
    model_expect(r, a, want, args);
}

GUID model_other = {0x0badc0de, 0x1111, 0x2222, {0x33, 0x33, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44}};

int model_holds(const char *bytes)
{
    char *now = model_bytes();
    int same = model_same(bytes, now, NULL);

    free(now);
    return same;
}
