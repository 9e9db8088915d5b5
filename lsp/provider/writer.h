/* writer: turns queued records into log lines, off the application's
 * threads. A thread started lazily on the first record decodes each record
 * (rec_json, rec_text) and hands the lines to the file sinks; the thread
 * holds a reference on this DLL, so the DLL cannot be unloaded under it.
 *
 * Records still queued when the process ends are written by
 * writer_exit_flush from DLL_PROCESS_DETACH. On Windows every other thread
 * has been ended by then; Wine ends them a moment later, so a writer thread
 * still running is first told to stop and given a moment to finish the
 * record in hand. The flush takes no lock (one held by a terminated thread
 * would never be released), frees and allocates nothing, loads nothing, and
 * finishes what the writer thread may have left half done: a write cut
 * short is completed from the file's size, and a record whose lines were
 * queued but not yet released is not written twice. */
#ifndef SIOT_WRITER_H
#define SIOT_WRITER_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "record.h"

/* Sets what the next writer thread writes, and where. */
void writer_configure(const config_t *cfg);
/* Queues a copy of r (which hands over its private-heap block) and wakes
 * the writer when it should be woken. A trace record never waits and never
 * locks: without room it is dropped and counted. An audit record is never
 * dropped for room: the caller waits for the writer to make some. */
void writer_submit(record_t *r);
/* Waits up to timeout_ms for every record queued so far to be written,
 * then lets the writer thread end; returns at once when that thread has
 * ended already (terminated at process exit). */
void writer_drain(uint32_t timeout_ms);
/* From DLL_PROCESS_DETACH only (see above). */
void writer_exit_flush(void);
/* From DLL_PROCESS_DETACH when the DLL is unloaded (its writer thread, which
 * held it, has ended): closes the thread's handle and the events, which
 * would otherwise stay open, one set per load. */
void writer_unload(void);

#endif
