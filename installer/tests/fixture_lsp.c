/* A DLL with the shape lspctl checks for (a PE image exporting WSPStartup), for
 * the checks of lspctl's DLL inspection and for catalog entries in the model
 * that nothing ever loads. It refuses to start, should anything try. */
#include <winsock2.h>
#include <ws2spi.h>

int WSPAPI WSPStartup(WORD version, LPWSPDATA data, LPWSAPROTOCOL_INFOW info,
                      WSPUPCALLTABLE upcalls, LPWSPPROC_TABLE procs)
{
    (void)version;
    (void)data;
    (void)info;
    (void)upcalls;
    (void)procs;
    return WSAEPROVIDERFAILEDINIT;
}
