/* e2e: what the end-to-end test programs share: check() and checkf(), and finding and
 * reading this process's (or a child's) siotrace log. The programs are
 * ordinary Winsock programs; the log directory is their first argument, set
 * in the registry by the test fixture as a user would set it. */
#ifndef SIOT_E2E_H
#define SIOT_E2E_H

#include <winsock2.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "jdoc.h"

/* Seeds the model catalog `<name>.catalog` with the default base entries
 * (the test base provider) and installs siotrace.dll from beside the program
 * over every one of them, as lspctl install does: one layered entry, IFS
 * chains placed first. */
void e2e_setup(const char *name);
/* The same over another base provider DLL (beside the program). */
void e2e_setup_over(const char *name, const wchar_t *base_dll);
/* Installs siotrace.dll from beside the program over every base entry
 * (over NULL), as e2e_setup does, or over what serves each of the n
 * (af, type, protocol) of `over` now (another layer's chains included). */
void e2e_install(const WSAPROTOCOL_INFOW *over, DWORD n);
/* The same for another layered provider: the DLL `file` beside the program,
 * under provider id and LSP name. */
void e2e_install_layer(const GUID *id, const wchar_t *file, const wchar_t *name,
                       const WSAPROTOCOL_INFOW *over, DWORD n);
/* An IPv4 (af, type, protocol) for the lists above. */
WSAPROTOCOL_INFOW e2e_ip4(int type, int protocol);
/* dir of this program + file, in out (MAX_PATH). */
void e2e_beside(const wchar_t *file, WCHAR *out);

/* A log file read whole, split into lines. */
typedef struct e2e_log {
    char *text;
    size_t size;
    char **lines;
    size_t *lens;
    size_t count;
    bool ends_with_newline;
    size_t set_aside; /* whole socket lines e2e_log_read left out */
} e2e_log_t;

/* The instance part of a process's log names: its start time as
 * 20261201T091623123456Z (pid: this process, or one a handle is open to). */
void e2e_instance(DWORD pid, char *out, size_t n);
/* dir\<this program's file name>.<pid>.<instance>.<load>.<ext> (ext "jsonl",
 * "log" or "audit.jsonl"; load 1 for the first start-up's files). */
void e2e_log_path(char *out, size_t n, const char *dir, DWORD pid, unsigned load, const char *ext);
/* Reads that log of process pid (load 1); false when there is no such file.
 * Whole socket lines (created, bound, closed) are left out and counted, so
 * that lines[] holds the calls and notices; e2e_log_read_all keeps every
 * line. */
bool e2e_log_read(e2e_log_t *log, const char *dir, DWORD pid, const char *ext);
bool e2e_log_read_all(e2e_log_t *log, const char *dir, DWORD pid, const char *ext);
bool e2e_log_read_load(e2e_log_t *log, const char *dir, DWORD pid, unsigned load, const char *ext);
/* The same for a file named in full. */
bool e2e_log_read_file(e2e_log_t *log, const char *path);
void e2e_log_free(e2e_log_t *log);
/* Parses line i into d; false when it is not one well-formed JSON object. */
bool e2e_log_json(const e2e_log_t *log, size_t i, jdoc_t *d);

/* Runs this program again with args (a child of the test), waits up to a
 * minute for it to end with status 0, and returns its pid. Its process
 * handle stays open: its log files' names carry its start time, which is
 * read from the process. */
DWORD e2e_run_self(const char *args);

/* Loopback listener and a connected pair over it (af AF_INET or AF_INET6). */
SOCKET e2e_listener(int af, struct sockaddr_storage *addr, int *addrlen);
bool e2e_tcp_pair(int af, SOCKET *client, SOCKET *server);

#endif
