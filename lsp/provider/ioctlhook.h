/* ioctlhook: WSPIoctl. The lower provider gets exactly the arguments the
 * application passed, and the application exactly the lower provider's
 * result (return value, *lpErrno, bytes returned, output, and the thread's
 * last error). Around that call the hook copies what it may of the input
 * and, after a synchronous completion, of the output, both without ever
 * faulting, and queues a record for the writer. No code is treated
 * specially: SIO_BASE_HANDLE, SIO_BSP_HANDLE*, SIO_GET_EXTENSION_FUNCTION_POINTER
 * pass through untouched and are recorded like the rest. */
#ifndef SIOT_IOCTLHOOK_H
#define SIOT_IOCTLHOOK_H

#include <winsock2.h>
#include <ws2spi.h>

#include <stdbool.h>

int WSPAPI ioctlhook_ioctl(SOCKET s, DWORD code, LPVOID in, DWORD in_size, LPVOID out,
                           DWORD out_size, LPDWORD bytes, LPWSAOVERLAPPED overlapped,
                           LPWSAOVERLAPPED_COMPLETION_ROUTINE completion, LPWSATHREADID thread,
                           LPINT err);

/* Which calls are recorded: every call for the trace (the configuration may
 * exclude this process), and capture calls (capture_audited) for the audit,
 * whatever the trace's setting. */
void ioctlhook_enable(bool trace, bool audit);
/* Whether a capture call has been recorded since the last enable: the
 * clean-up then ends any session still open. */
bool ioctlhook_captured(void);

#endif
