/* lsplog: reads, follows, filters and summarises siotrace's logs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _WIN32
#include <windows.h>
#include <fcntl.h>
#include <io.h>
#endif

#include "lsplog_cmd.h"

/* Exit statuses (the README's table). */
#define LSPLOG_OK      0
#define LSPLOG_SKIPPED 1 /* some lines were not siotrace records: each reported */
#define LSPLOG_USAGE   2 /* bad command line */
#define LSPLOG_INPUT   3 /* a file or directory missing, unreadable, or with no log */

#define LSPLOG__FOLLOW_MS 250

static const char usage[] =
    "usage: lsplog COMMAND [options] [FILE|DIR|-]...\n"
    "\n"
    "Reads siotrace's JSON Lines logs: files, directories (every *.jsonl in them,\n"
    "*.audit.jsonl included) or standard input (no argument, or -).\n"
    "\n"
    "commands:\n"
    "  cat            every record as a text line (a call as the DLL's .log has it),\n"
    "                 in time order across files\n"
    "  tail [-n N] [-f]  the newest N records (10); -f: then follow the files and\n"
    "                 directories as they are written, new processes' files included\n"
    "  summary [--top N]  per process and code: calls, failures, errors by name,\n"
    "                 lower_ns median, 99th percentile and maximum; the N slowest\n"
    "                 calls (5); drops and capped files\n"
    "  sockets        per socket, its story in order: created, bound, calls, closed\n"
    "  audit          the capture sessions: from, until, user, process, pid, mode,\n"
    "                 interface, result\n"
    "\n"
    "filters (every command):\n"
    "  --pid N  --image NAME  --code NAME|NUMBER  --error any|NAME|NUMBER\n"
    "  --socket HANDLE  --since TIME  --until TIME  --audit\n"
    "  TIME is 2026-11-24T03:09:21Z, 2026-11-24 03:09 (UTC unless it says +01:00)\n"
    "  or an age: 30s, 10m, 2h, 1d\n"
    "  --json         the same answer as JSON Lines\n"
    "\n"
    "Exit status: 0 ok; 1 some lines were skipped (each reported as FILE:LINE: why);\n"
    "2 bad command line; 3 a file or directory missing, unreadable or without logs.\n";

typedef struct lsplog__cmd {
    const char *name;
    void (*take)(const lcmd_opts_t *, const lrec_t *);
    void (*done)(const lcmd_opts_t *);
} lsplog__cmd_t;

static const lsplog__cmd_t lsplog__cmds[] = {
    {"cat", lcat_take, lcat_done},     {"tail", ltail_take, ltail_done},
    {"summary", lsum_take, lsum_done}, {"sockets", lsock_take, lsock_done},
    {"audit", laud_take, laud_done},
};

static int lsplog__usage(const char *what, const char *arg)
{
    fprintf(stderr, "lsplog: %s%s%s\n(lsplog --help for usage)\n", what, arg ? ": " : "",
            arg ? arg : "");
    return LSPLOG_USAGE;
}

static bool lsplog__count(const char *s, size_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *s == '-' || *end || v > 1000000)
        return false;
    *out = (size_t)v;
    return true;
}

typedef struct lsplog__args {
    const lsplog__cmd_t *cmd;
    lcmd_opts_t opts;
    lrec_filter_t filter;
    const char **paths;
    int npath;
} lsplog__args_t;

/* One option at argv[*i]; LSPLOG_OK when taken. */
static int lsplog__option(lsplog__args_t *a, int argc, char **argv, int *i)
{
    const char *arg = argv[*i], *val = *i + 1 < argc ? argv[*i + 1] : NULL;
    bool tail = strcmp(a->cmd->name, "tail") == 0, summary = strcmp(a->cmd->name, "summary") == 0;
    if (strcmp(arg, "--json") == 0)
        return a->opts.json = true, LSPLOG_OK;
    if (tail && strcmp(arg, "-f") == 0)
        return a->opts.follow = true, LSPLOG_OK;
    if ((tail && strcmp(arg, "-n") == 0) || (summary && strcmp(arg, "--top") == 0)) {
        if (!val || !lsplog__count(val, &a->opts.count))
            return lsplog__usage("needs a count (0 to 1000000)", arg);
        (*i)++;
        return LSPLOG_OK;
    }
    if (strncmp(arg, "--", 2) != 0)
        return lsplog__usage("unknown option", arg);
    int taken = lrec_filter_option(&a->filter, arg + 2, val, (uint64_t)time(NULL) * 1000000u);
    if (taken < 0)
        return LSPLOG_USAGE;
    if (taken == 0)
        return lsplog__usage("unknown option", arg);
    if (strcmp(arg, "--audit") != 0)
        (*i)++;
    return LSPLOG_OK;
}

static int lsplog__parse(lsplog__args_t *a, int argc, char **argv)
{
    if (argc < 2)
        return lsplog__usage("no command (cat, tail, summary, sockets, audit)", NULL);
    for (size_t k = 0; k < sizeof lsplog__cmds / sizeof lsplog__cmds[0]; k++)
        if (strcmp(argv[1], lsplog__cmds[k].name) == 0)
            a->cmd = &lsplog__cmds[k];
    if (!a->cmd)
        return lsplog__usage("unknown command", argv[1]);
    a->opts.count = strcmp(a->cmd->name, "tail") == 0 ? 10 : 5;
    a->paths = calloc((size_t)argc, sizeof *a->paths);
    if (!a->paths)
        return lsplog__usage("out of memory", NULL);
    for (int i = 2; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1]) {
            int st = lsplog__option(a, argc, argv, &i);
            if (st != LSPLOG_OK)
                return st;
        } else {
            a->paths[a->npath++] = argv[i];
        }
    }
    if (a->npath == 0)
        a->paths[a->npath++] = "-";
    return LSPLOG_OK;
}

static void lsplog__sleep(void)
{
#ifdef _WIN32
    Sleep(LSPLOG__FOLLOW_MS);
#else
    struct timespec ts = {0, LSPLOG__FOLLOW_MS * 1000000L};
    nanosleep(&ts, NULL);
#endif
}

static lrec_t lsplog__rec;

/* Reads every whole line there is now, handing the matching records to take. */
static void lsplog__drain(lin_t *in, const lsplog__args_t *a,
                          void (*take)(const lcmd_opts_t *, const lrec_t *))
{
    lin_line_t l;
    const char *why;
    while (lin_next(in, &l)) {
        if (!lrec_read(&lsplog__rec, &l, &why))
            lin_skip(in, &l, why);
        else if (lrec_match(&a->filter, &lsplog__rec))
            take(&a->opts, &lsplog__rec);
    }
}

static void lsplog__follow(lin_t *in, const lsplog__args_t *a)
{
    for (;;) {
        fflush(stdout);
        lsplog__sleep();
        if (lin_poll(in))
            lsplog__drain(in, a, lcat_take);
    }
}

int main(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage, stdout);
        return LSPLOG_OK;
    }
#ifdef _WIN32
    /* Lines end in "\n" alone, as in the DLL's files, so cat's output is theirs. */
    _setmode(_fileno(stdout), _O_BINARY);
#endif
    lsplog__args_t a = {0};
    int st = lsplog__parse(&a, argc, argv);
    if (st != LSPLOG_OK)
        return st;
    lin_t in = {.follow = a.opts.follow};
    for (int i = 0; i < a.npath; i++) {
        if (!lin_add(&in, a.paths[i])) {
            lin_free(&in);
            free(a.paths);
            return LSPLOG_INPUT;
        }
    }
    lsplog__drain(&in, &a, a.cmd->take);
    a.cmd->done(&a.opts);
    if (a.opts.follow)
        lsplog__follow(&in, &a);
    lin_finish(&in);
    st = in.skipped ? LSPLOG_SKIPPED : LSPLOG_OK;
    lin_free(&in);
    free(a.paths);
    return st;
}
