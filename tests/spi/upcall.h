/* The upcall table the host hands to each provider's WSPStartup, ws2_32's
 * side of the SPI: socket handle registration (WPUModifyIFSHandle,
 * WPUCreateSocketHandle, ...), events, APCs, threads, messages. */
#ifndef SIOT_SPI_UPCALL_H
#define SIOT_SPI_UPCALL_H

#include <winsock2.h>
#include <ws2spi.h>

/* Every entry set. */
WSPUPCALLTABLE upcall_table(void);

/* WPUCompleteOverlappedRequest, which providers import from ws2_32 by name
 * (it is not in the table): the host points their import at this. Stores the
 * error and byte count in the overlapped (Internal, InternalHigh) and signals
 * its event. */
int WSPAPI upcall_complete_overlapped(SOCKET s, LPWSAOVERLAPPED ov, DWORD error, DWORD bytes,
                                      LPINT lpErrno);

/* The calling thread's WSATHREADID, opened once per thread, as ws2_32 passes
 * it to the lpThreadId parameters. */
LPWSATHREADID upcall_thread(void);

#endif
