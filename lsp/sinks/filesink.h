/* filesink: one append-only log file of whole lines. Lines are gathered in
 * a buffer and written by whole lines only, so a reader never sees half a
 * line, and a file never grows past its cap (except for the one line that
 * says the cap was reached). One thread uses a sink at a time.
 *
 * The file is opened on first use with FILE_APPEND_DATA, creating the
 * directory when missing; a file that is a reparse point or has other hard
 * links is refused, so that nobody can point a privileged process's log at
 * another file. An unopenable file is retried at most every few seconds. */
#ifndef SIOT_FILESINK_H
#define SIOT_FILESINK_H

#include <windows.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FILESINK_BUF (128u * 1024)
/* The longest line a sink takes, newline included. */
#define FILESINK_LINE_MAX (FILESINK_BUF / 2)
#define FILESINK_PATH_MAX 1100

typedef enum filesink_status {
    FILESINK_OK,
    FILESINK_FULL,  /* the cap leaves no room for this line: not queued */
    FILESINK_NOROOM,/* the buffer is full: flush, then queue the line again */
    FILESINK_LOST   /* longer than FILESINK_LINE_MAX: never queued */
} filesink_status_t;

typedef struct filesink {
    wchar_t path[FILESINK_PATH_MAX];
    HANDLE file;
    uint64_t size;       /* bytes in the file after the last completed write */
    volatile uint64_t size_before; /* its size when the current write began */
    uint64_t cap;
    DWORD retry_tick;    /* when opening may be tried again */
    bool refused;        /* the file is not one this sink may write */
    /* Whole lines waiting to be written; `len` moves only after a line is
     * complete, and `writing` is set while they are being written, so that
     * the process-exit flush can finish the job of a thread that is gone. */
    volatile size_t len;
    volatile size_t lines;
    volatile bool writing;
    char buf[FILESINK_BUF];
} filesink_t;

/* Prepares a sink for dir\name. An empty dir or name, or a path that does
 * not fit, leaves the sink without a file: its lines are then lost, and
 * filesink_flush says how many. */
void filesink_init(filesink_t *fs, const wchar_t *dir, const wchar_t *name, uint64_t cap);
/* Queues one line (without its newline, which the sink adds). */
filesink_status_t filesink_line(filesink_t *fs, const char *line, size_t n);
/* Queues a line even past the cap: the single line that says the cap was hit. */
filesink_status_t filesink_final_line(filesink_t *fs, const char *line, size_t n);
/* Writes the queued lines. Returns the number of lines lost (0 if written). */
size_t filesink_flush(filesink_t *fs);
/* After a thread using the sink was terminated: learns from the file's size
 * how much of its last write went through, and keeps only the rest, so that
 * no line is written twice or left torn. */
void filesink_recover(filesink_t *fs);
void filesink_close(filesink_t *fs);

#endif
