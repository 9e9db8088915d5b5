/* safecopy: copies bytes from an address an application handed over, without
 * ever faulting. A copy stops at the first byte that cannot be read, so a
 * buffer that is readable only in part yields exactly its readable prefix.
 * Pages are looked up first (VirtualQuery; not for the caller's own
 * committed stack): guard pages count as unreadable and are never touched.
 * An access violation or in-page error (a mapped file on failed media) at
 * the copy instruction ends the copy there. */
#ifndef SIOT_SAFECOPY_H
#define SIOT_SAFECOPY_H

#include <stdbool.h>
#include <stddef.h>

/* Installs the fault handler; calls nest. Until it succeeds every copy
 * returns 0 (nothing is ever read without the handler in place). */
bool safecopy_init(void);
/* After the last fini, copies return 0; the handler itself stays installed
 * for a copy still running on another thread, until safecopy_unload. */
void safecopy_fini(void);
/* Removes the handler whatever the count: the DLL is being unloaded, and a
 * handler left behind would point into unmapped code. */
void safecopy_unload(void);

/* Returns the number of bytes copied from src to dst, at most n. */
size_t safecopy(void *dst, const void *src, size_t n);

#endif
