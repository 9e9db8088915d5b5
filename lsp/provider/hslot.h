/* hslot: where the handles this layer creates lazily land. Handle values are
 * reused as soon as they are freed, so a handle created after a program
 * closed a socket may take that socket's value, and the program would find
 * its stale value valid again. Values are therefore set aside at the first
 * start-up, before the program holds any socket of this layer's, and each
 * handle created later (the writer's events and thread, the log files) is
 * made to take one of them: the reserved handle is closed and the values the
 * system would hand out before it (the lowest free ones under Wine, the
 * latest freed on Windows) are held by fillers for the one creation, then
 * freed again. Best effort: another thread creating a handle at that moment
 * may take the value instead. */
#ifndef SIOT_HSLOT_H
#define SIOT_HSLOT_H

#include <windows.h>

/* The writer's two events and thread, the log directory and three log files. */
#define HSLOT_RESERVED    7
#define HSLOT_FILLERS_MAX 64

typedef struct hslot_fill {
    HANDLE h[HSLOT_FILLERS_MAX];
    unsigned n;
} hslot_fill_t;

/* Sets values aside (first start-up) and frees those left (last clean-up). */
void hslot_reserve(void);
void hslot_release(void);

/* Around the creation of one handle on this thread: begin frees a reserved
 * value and makes it the next one handed out; end frees the fillers. */
void hslot_begin(hslot_fill_t *f);
void hslot_end(hslot_fill_t *f);

#endif
