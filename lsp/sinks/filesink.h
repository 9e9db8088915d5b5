/* filesink: one append-only log file of whole lines. Lines are gathered in
 * a buffer and written by whole lines only, so a reader never sees half a
 * line, and a file never grows past its cap (except for the one line that
 * says the cap was reached). One thread uses a sink at a time.
 *
 * The file is created on first use, relative to the log directory's handle
 * (outdir), as <stem>.<n>.<ext>: only a name that does not exist yet is
 * used, so no file another account created is ever written. When the name
 * is taken, the next few n are tried, then the taken run is skipped (each
 * load of the DLL starts again at 1), in at most FILESINK_NAME_TRIES
 * look-ups; n is shared by the sinks of one writer, so that one load's files
 * share it when they can. A file that cannot be created for another reason
 * is tried again at most every few seconds. */
#ifndef SIOT_FILESINK_H
#define SIOT_FILESINK_H

#include <windows.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FILESINK_BUF (128u * 1024)
/* The longest line a sink takes, newline included. */
#define FILESINK_LINE_MAX   (FILESINK_BUF / 2)
#define FILESINK_NAME_MAX   400
#define FILESINK_NAME_TRIES 64

typedef enum filesink_status {
    FILESINK_OK,
    FILESINK_FULL,   /* the cap leaves no room for this line: not queued */
    FILESINK_NOROOM, /* the buffer is full: flush, then queue the line again */
    FILESINK_LOST    /* longer than FILESINK_LINE_MAX: never queued */
} filesink_status_t;

typedef struct filesink {
    HANDLE dir; /* the log directory (not owned), or NULL */
    wchar_t stem[FILESINK_NAME_MAX];
    const wchar_t *ext;
    unsigned *seq;                   /* the next n to try, shared */
    wchar_t name[FILESINK_NAME_MAX]; /* the file's name once created */
    HANDLE file;
    uint64_t size;                 /* bytes in the file after the last completed write */
    volatile uint64_t size_before; /* its size when the current write began */
    uint64_t cap;
    DWORD retry_tick; /* when opening may be tried again */
    bool refused;     /* every name tried was taken: nothing is written */
    /* Whole lines waiting to be written; `len` moves only after a line is
     * complete, and `writing` is set while they are being written, so that
     * the process-exit flush can finish the job of a thread that is gone. */
    volatile size_t len;
    volatile size_t lines;
    volatile bool writing;
    char buf[FILESINK_BUF];
} filesink_t;

/* Prepares a sink for dir\<stem>.<n>.<ext>. No dir (NULL), an empty stem or
 * one that does not fit leaves the sink without a file: its lines are then
 * lost, and filesink_flush says how many. `ext` must outlive the sink. */
void filesink_init(filesink_t *fs, HANDLE dir, const wchar_t *stem, const wchar_t *ext,
                   unsigned *seq, uint64_t cap);
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
