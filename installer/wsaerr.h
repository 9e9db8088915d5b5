/* Names of Winsock and Win32 error codes, for messages a person reads. */
#ifndef SIOT_WSAERR_H
#define SIOT_WSAERR_H

#include <stddef.h>

/* "WSANO_RECOVERY" for 10109; NULL for a code it does not know. */
const char *wsaerr_name(int code);

/* "WSANO_RECOVERY (10109)", or "error 1234" for an unknown code. */
size_t wsaerr_format(int code, char *buf, size_t n);

#endif
