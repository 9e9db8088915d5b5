/* lsplog_cmd: the commands of lsplog. Each takes the records that pass the
 * filters, in time order, and prints its answer when the input ends. */
#ifndef LSPLOG_CMD_H
#define LSPLOG_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "lsplog_rec.h"

typedef struct lcmd_opts {
    bool json;
    size_t count; /* tail: records shown; summary: slowest calls shown */
    bool follow;  /* tail -f */
} lcmd_opts_t;

/* The text line of any record, as the DLL's .log file has it for calls,
 * socket lines and notices. Like snprintf. */
size_t lcat_text(char *buf, size_t n, const lrec_t *r);
/* Prints r as text or, with --json, as its own line. */
void lcat_print(const lcmd_opts_t *o, const lrec_t *r);

void lcat_take(const lcmd_opts_t *o, const lrec_t *r);
void lcat_done(const lcmd_opts_t *o);
void ltail_take(const lcmd_opts_t *o, const lrec_t *r);
void ltail_done(const lcmd_opts_t *o);
void lsum_take(const lcmd_opts_t *o, const lrec_t *r);
void lsum_done(const lcmd_opts_t *o);
void lsock_take(const lcmd_opts_t *o, const lrec_t *r);
void lsock_done(const lcmd_opts_t *o);
void laud_take(const lcmd_opts_t *o, const lrec_t *r);
void laud_done(const lcmd_opts_t *o);

/* The text line of an audit or audit_end record (the DLL writes them to
 * JSON files only). */
size_t laud_text(char *buf, size_t n, const lrec_t *r);

/* Keeps a copy of a line so that it can be parsed again later. */
typedef struct lcmd_line {
    char *text;
    size_t len;
    char *file;
    unsigned long line;
} lcmd_line_t;
bool lcmd_keep(lcmd_line_t *k, const lrec_t *r);
/* Parses a kept line back into r (which then borrows from k). */
bool lcmd_reread(lrec_t *r, const lcmd_line_t *k);
void lcmd_free(lcmd_line_t *k);

#endif
