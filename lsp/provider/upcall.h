/* upcall: the part of ws2_32's upcall table this layer calls itself. The SPI
 * says a provider must use the table of the most recent WSPStartup; the one
 * entry used here is kept as an atomic pointer, so that a start-up may
 * replace it while sockets are being created. */
#ifndef SIOT_UPCALL_H
#define SIOT_UPCALL_H

#include <winsock2.h>
#include <ws2spi.h>

void upcall_set(const WSPUPCALLTABLE *table);
/* WPUModifyIFSHandle of the latest table; WSAEPROVIDERFAILEDINIT if none. */
SOCKET upcall_modify_ifs_handle(DWORD catalog_id, SOCKET s, LPINT err);

#endif
