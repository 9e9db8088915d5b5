/* recread: a call record read back from its JSON line into the rec_call_t
 * that rec_text renders, so that a tool prints a logged call exactly as the
 * DLL's text file does. The buffers keep no bytes (the line holds them
 * decoded): they point at their objects in the document instead. */
#ifndef SIOT_RECREAD_H
#define SIOT_RECREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "jdoc.h"
#include "rec.h"

#define RECREAD_IMAGE_MAX 520

typedef struct recread {
    rec_call_t call;
    char image[RECREAD_IMAGE_MAX]; /* call.image points here (or is NULL) */
} recread_t;

/* Fills r from the call record d (a line without "event"); r borrows from d.
 * False, with the reason in *why, when a field is missing or malformed. */
bool recread_call(recread_t *r, const jdoc_t *d, const char **why);

/* "0x..." of 1 to 16 hex digits into *v; *digits gets how many were written. */
bool recread_hex(const jnode_t *n, uint64_t *v, int *digits);

#endif
