/* The call log of the test base provider (siot_baseprov.dll): one record per
 * SPI call it receives, with the arguments exactly as they arrived, so a test
 * can prove a layer above passed a call through unchanged.
 *
 * The log is a ring of BASELOG_CAP records; each record has a sequence number.
 * A test takes baselog_next() before the call under test and reads the records
 * from there with baselog_get(). Both are exported by siot_baseprov.dll: a test
 * resolves them with GetProcAddress on the loaded module (see the typedefs). */
#ifndef SIOT_BASELOG_H
#define SIOT_BASELOG_H

#include <winsock2.h>
#include <ws2spi.h>

#define BASELOG_CAP 4096

/* Every entry of WSPPROC_TABLE, in its order, then WSPStartup. */
/* A table: one entry a line. */
/* clang-format off */
#define BASELOG_FUNCTIONS(X) \
    X(Accept) \
    X(AddressToString) \
    X(AsyncSelect) \
    X(Bind) \
    X(CancelBlockingCall) \
    X(Cleanup) \
    X(CloseSocket) \
    X(Connect) \
    X(DuplicateSocket) \
    X(EnumNetworkEvents) \
    X(EventSelect) \
    X(GetOverlappedResult) \
    X(GetPeerName) \
    X(GetSockName) \
    X(GetSockOpt) \
    X(GetQOSByName) \
    X(Ioctl) \
    X(JoinLeaf) \
    X(Listen) \
    X(Recv) \
    X(RecvDisconnect) \
    X(RecvFrom) \
    X(Select) \
    X(Send) \
    X(SendDisconnect) \
    X(SendTo) \
    X(SetSockOpt) \
    X(Shutdown) \
    X(Socket) \
    X(StringToAddress) \
    X(Startup)
/* clang-format on */

typedef enum baselog_fn_t {
#define BASELOG_ENUM(name) BASELOG_##name,
    BASELOG_FUNCTIONS(BASELOG_ENUM)
#undef BASELOG_ENUM
        BASELOG_COUNT
} baselog_fn_t;

/* The meaning of the fields depends on the function:
 *   s        the socket (Select: nfds)
 *   code     Ioctl: dwIoControlCode; Get/SetSockOpt: optname; Send*, Recv*: the
 *            flags value (Recv*: *lpFlags on entry); Listen: backlog; Shutdown: how;
 *            Socket: type; EventSelect/AsyncSelect: lNetworkEvents
 *   arg      Get/SetSockOpt: level; Socket: af << 16 | protocol; Accept: callback data
 *   in/in_len     Ioctl: lpvInBuffer, cbInBuffer; Send*: lpBuffers, dwBufferCount;
 *                 Bind, Connect, SendTo, JoinLeaf: the address and its length;
 *                 SetSockOpt: optval, optlen
 *   out/out_len   Ioctl: lpvOutBuffer, cbOutBuffer; Recv*: lpBuffers, dwBufferCount;
 *                 GetSockOpt, GetSockName, GetPeerName, Accept, RecvFrom: the
 *                 buffer and the length on entry
 *   count    lpcbBytesReturned / lpNumberOfBytes* / lpcbTransfer / optlen pointer
 *   ov, cr, thread   lpOverlapped, lpCompletionRoutine, lpThreadId
 *   result   the return value (a socket for Socket/Accept/JoinLeaf);
 *   error    *lpErrno when the call failed, else 0
 *   bytes    *count after a successful call, else 0 */
typedef struct baselog_call_t {
    LONG seq;
    baselog_fn_t fn;
    DWORD tid;
    SOCKET s;
    DWORD code;
    INT_PTR arg;
    const void *in;
    DWORD in_len;
    void *out;
    DWORD out_len;
    void *count;
    LPWSAOVERLAPPED ov;
    LPWSAOVERLAPPED_COMPLETION_ROUTINE cr;
    LPWSATHREADID thread;
    INT_PTR result;
    int error;
    DWORD bytes;
} baselog_call_t;

/* Appends a record (its seq is assigned); used by the provider itself. */
void baselog_add(baselog_call_t *call);

/* The seq the next record will get. */
LONG WINAPI baselog_next(void);

/* Copies the record `seq` into *out: TRUE, or FALSE when it is not written yet
 * or was overwritten. */
BOOL WINAPI baselog_get(LONG seq, baselog_call_t *out);

/* "Ioctl", "Send", ... */
const char *WINAPI baselog_name(baselog_fn_t fn);

typedef LONG(WINAPI *baselog_next_fn)(void);
typedef BOOL(WINAPI *baselog_get_fn)(LONG, baselog_call_t *);
typedef const char *(WINAPI *baselog_name_fn)(baselog_fn_t);

#endif
