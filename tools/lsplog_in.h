/* lsplog_in: the lines of siotrace's log files, read while they are being
 * written. Inputs are files, directories (every *.jsonl in them, the
 * *.audit.jsonl files included; names are never parsed) or standard input.
 * Lines come out merged across files in time order (each file is already in
 * order), one line in memory per file. A last line without its newline is
 * a line still being written: it is left for later (lin_poll) or reported. */
#ifndef LSPLOG_IN_H
#define LSPLOG_IN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Longer lines are not siotrace records (the DLL writes at most 64 KiB). */
#define LIN_LINE_MAX (256u * 1024)

typedef struct lin_file lin_file_t;

typedef struct lin {
    lin_file_t **files;
    size_t count, cap;
    char **dirs; /* directories named, rescanned when following */
    size_t dir_count;
    bool follow;
    unsigned long skipped; /* lines reported and skipped */
} lin_t;

typedef struct lin_line {
    const char *file;   /* as named or found */
    unsigned long line; /* 1-based */
    const char *text;   /* no newline; valid until the next lin_next */
    size_t len;
} lin_line_t;

/* Adds one argument: a file, a directory or "-" (standard input). False,
 * with the message printed, when it is missing, unreadable or holds no log. */
bool lin_add(lin_t *in, const char *path);
/* The next whole line in time order; false when every file is at its end
 * (for now: following, lin_poll may bring more). */
bool lin_next(lin_t *in, lin_line_t *out);
/* Following: looks for what was appended and for new files in the
 * directories. True when there is something to read. */
bool lin_poll(lin_t *in);
/* At the end: reports each partial last line on stderr (not an error). */
void lin_finish(lin_t *in);
/* Reports "FILE:LINE: why" for a line that is skipped, and counts it. */
void lin_skip(lin_t *in, const lin_line_t *l, const char *why);
void lin_free(lin_t *in);

#endif
