/* sockev: the socket lines of the trace (created, bound, closed), so that a
 * reader can tell each socket's story. They travel as records through the
 * same queue as calls and are rendered by the writer: the application's
 * thread only fills a record, as for an IOCTL. */
#ifndef SIOT_SOCKEV_H
#define SIOT_SOCKEV_H

#include <winsock2.h>

#include <stdbool.h>
#include <stdint.h>

#include "evline.h"
#include "record.h"
#include "sockreg.h"

void sockev_enable(bool on);

/* how: RECORD_SOCKET, RECORD_ACCEPT or RECORD_JOIN. */
void sockev_created(SOCKET s, const sockreg_entry_t *e, record_kind_t how);
/* The local address of a successful bind (at most a SOCKADDR_STORAGE). */
void sockev_bound(SOCKET s, const void *addr, int len);
/* The time of a call about to be made, for its socket line (no clock is
 * read when tracing is off). */
uint64_t sockev_time(void);
/* time_us: when closesocket was called (sockev_time). Its value may belong to a new socket
 * before this record is queued; the time tells the two apart. */
void sockev_closed(SOCKET s, uint64_t time_us, int ret, int err);

/* The writer's view of a socket record; false for a call record. */
bool sockev_view(const record_t *r, const char *image, evline_t *e);

#endif
