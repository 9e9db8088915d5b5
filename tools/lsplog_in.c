#include "lsplog_in.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#endif

#include "rec.h"

#define LIN__CHUNK (64u * 1024)

struct lin_file {
    char *path;
    FILE *f;
    char *data; /* data[beg..end) read, not yet consumed */
    size_t beg, end, cap;
    unsigned long line; /* lines taken so far */
    bool peeked;        /* data[beg..beg+peek_len) is the next whole line */
    size_t peek_len;
    uint64_t peek_time;
    bool taken;      /* the peeked line was handed out: advance first */
    bool discarding; /* inside a line too long to keep */
    bool at_end;     /* the last read found no more */
    uint64_t bytes;  /* read in all */
};

static char *lin__dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static bool lin__known(const lin_t *in, const char *path)
{
    for (size_t i = 0; i < in->count; i++)
        if (strcmp(in->files[i]->path, path) == 0)
            return true;
    return false;
}

static bool lin__open(lin_t *in, const char *path, FILE *f)
{
    if (in->count == in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 16;
        lin_file_t **files = realloc(in->files, cap * sizeof *files);
        if (!files)
            return false;
        in->files = files;
        in->cap = cap;
    }
    lin_file_t *lf = calloc(1, sizeof *lf);
    if (!lf)
        return false;
    lf->path = lin__dup(path);
    lf->cap = LIN__CHUNK;
    lf->data = malloc(lf->cap);
    lf->f = f ? f : fopen(path, "rb");
    if (!lf->path || !lf->data || !lf->f) {
        if (!lf->f)
            fprintf(stderr, "lsplog: %s: %s\n", path, strerror(errno));
        free(lf->path);
        free(lf->data);
        free(lf);
        return false;
    }
    in->files[in->count++] = lf;
    return true;
}

static bool lin__is_log(const char *name)
{
    size_t n = strlen(name);
    return n > 6 && strcmp(name + n - 6, ".jsonl") == 0;
}

typedef struct lin__names {
    char **v;
    size_t n, cap;
} lin__names_t;

static bool lin__push(lin__names_t *names, char *path)
{
    if (names->n == names->cap) {
        size_t cap = names->cap ? names->cap * 2 : 64;
        char **v = realloc(names->v, cap * sizeof *v);
        if (!v)
            return false;
        names->v = v;
        names->cap = cap;
    }
    names->v[names->n++] = path;
    return true;
}

static int lin__cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Opens the *.jsonl files of dir not open yet, in name order; how many. */
static size_t lin__scan(lin_t *in, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    lin__names_t names = {0};
    size_t added = 0;
    size_t dl = strlen(dir);
    bool sep = dl && (dir[dl - 1] == '/' || dir[dl - 1] == '\\');
    for (struct dirent *e; (e = readdir(d));) {
        if (!lin__is_log(e->d_name))
            continue;
        size_t len = dl + 1 + strlen(e->d_name) + 1;
        char *path = malloc(len);
        if (!path)
            break;
        snprintf(path, len, "%s%s%s", dir, sep ? "" : "/", e->d_name);
        if (lin__known(in, path) || !lin__push(&names, path))
            free(path);
    }
    closedir(d);
    if (names.n)
        qsort(names.v, names.n, sizeof *names.v, lin__cmp);
    for (size_t i = 0; i < names.n; i++) {
        struct stat st;
        if (stat(names.v[i], &st) == 0 && S_ISREG(st.st_mode) && lin__open(in, names.v[i], NULL))
            added++;
        free(names.v[i]);
    }
    free(names.v);
    return added;
}

bool lin_add(lin_t *in, const char *path)
{
    struct stat st;
    if (strcmp(path, "-") == 0) {
#ifdef _WIN32
        _setmode(_fileno(stdin), _O_BINARY);
#endif
        return lin__open(in, "(stdin)", stdin);
    }
    if (stat(path, &st) != 0) {
        fprintf(stderr, "lsplog: %s: %s\n", path, strerror(errno));
        return false;
    }
    if (!S_ISDIR(st.st_mode))
        return lin__open(in, path, NULL);
    char **dirs = realloc(in->dirs, (in->dir_count + 1) * sizeof *dirs);
    if (!dirs || !(dirs[in->dir_count] = lin__dup(path)))
        return false;
    in->dirs = dirs;
    in->dir_count++;
    if (lin__scan(in, path) == 0 && !in->follow) {
        fprintf(stderr, "lsplog: %s: no siotrace logs (*.jsonl) in this directory\n", path);
        return false;
    }
    return true;
}

/* Reads more of lf; false when nothing came. */
static bool lin__fill(lin_file_t *lf)
{
    if (lf->beg > 0) {
        memmove(lf->data, lf->data + lf->beg, lf->end - lf->beg);
        lf->end -= lf->beg;
        lf->beg = 0;
    }
    if (lf->end == lf->cap) {
        if (lf->cap >= LIN_LINE_MAX + LIN__CHUNK)
            return false;
        char *data = realloc(lf->data, lf->cap * 2);
        if (!data)
            return false;
        lf->data = data;
        lf->cap *= 2;
    }
    clearerr(lf->f);
    size_t got = fread(lf->data + lf->end, 1, lf->cap - lf->end, lf->f);
    lf->end += got;
    lf->bytes += got;
    lf->at_end = got == 0;
    return got > 0;
}

/* The time at the head of a siotrace line, for ordering only; 0 when the
 * line does not start the way siotrace's do (it is reported when parsed). */
static uint64_t lin__time(const char *s, size_t n)
{
    static const char head[] = "{\"time\":\"";
    size_t h = sizeof head - 1;
    uint64_t t = 0;
    if (n >= h + 28 && memcmp(s, head, h) == 0 && s[h + 27] == '"')
        rec_time_read(s + h, 27, &t);
    return t;
}

/* Makes lf's next whole line ready to hand out, if one has been written. */
static void lin__peek(lin_t *in, lin_file_t *lf)
{
    if (lf->taken) {
        lf->beg += lf->peek_len + 1;
        lf->taken = lf->peeked = false;
    }
    while (!lf->peeked) {
        char *nl = memchr(lf->data + lf->beg, '\n', lf->end - lf->beg);
        if (nl && lf->discarding) {
            lf->beg = (size_t)(nl - lf->data) + 1;
            lf->discarding = false;
            continue;
        }
        if (nl) {
            lf->peek_len = (size_t)(nl - (lf->data + lf->beg));
            lf->peek_time = lin__time(lf->data + lf->beg, lf->peek_len);
            lf->peeked = true;
            return;
        }
        if (!lf->discarding && lf->end - lf->beg >= LIN_LINE_MAX) {
            lf->line++;
            lin_skip(in, &(lin_line_t){lf->path, lf->line, NULL, 0},
                     "line longer than 256 KiB: not a siotrace record");
            lf->discarding = true;
        }
        if (lf->discarding)
            lf->beg = lf->end;
        if (!lin__fill(lf))
            return;
    }
}

bool lin_next(lin_t *in, lin_line_t *out)
{
    lin_file_t *best = NULL;
    for (size_t i = 0; i < in->count; i++) {
        lin_file_t *lf = in->files[i];
        lin__peek(in, lf);
        if (lf->peeked && (!best || lf->peek_time < best->peek_time))
            best = lf;
    }
    if (!best)
        return false;
    best->taken = true;
    best->line++;
    out->file = best->path;
    out->line = best->line;
    out->text = best->data + best->beg;
    out->len = best->peek_len;
    return true;
}

bool lin_poll(lin_t *in)
{
    bool more = false;
    for (size_t i = 0; i < in->dir_count; i++)
        more |= lin__scan(in, in->dirs[i]) > 0;
    for (size_t i = 0; i < in->count; i++) {
        lin__peek(in, in->files[i]);
        more |= in->files[i]->peeked;
    }
    return more;
}

void lin_finish(lin_t *in)
{
    for (size_t i = 0; i < in->count; i++) {
        lin_file_t *lf = in->files[i];
        if (lf->bytes == 0)
            fprintf(stderr, "lsplog: %s: empty file\n", lf->path);
        else if (!lf->discarding && lf->end > lf->beg + (lf->peeked ? lf->peek_len + 1 : 0))
            fprintf(stderr,
                    "lsplog: %s:%lu: last line not complete (still being written?): "
                    "left unread\n",
                    lf->path, lf->line + 1);
    }
}

void lin_skip(lin_t *in, const lin_line_t *l, const char *why)
{
    fprintf(stderr, "%s:%lu: %s\n", l->file, l->line, why);
    in->skipped++;
}

void lin_free(lin_t *in)
{
    for (size_t i = 0; i < in->count; i++) {
        lin_file_t *lf = in->files[i];
        if (lf->f != stdin)
            fclose(lf->f);
        free(lf->path);
        free(lf->data);
        free(lf);
    }
    for (size_t i = 0; i < in->dir_count; i++)
        free(in->dirs[i]);
    free(in->files);
    free(in->dirs);
    memset(in, 0, sizeof *in);
}
