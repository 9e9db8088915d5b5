/* e2e: what the end-to-end test programs share: check(), and finding and
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

#define checkf(cond, ...)                                                                \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);     \
            fprintf(stderr, __VA_ARGS__);                                                \
            fputc('\n', stderr);                                                         \
            exit(1);                                                                     \
        }                                                                                \
    } while (0)

/* Seeds the model catalog `<name>.catalog` with the default base entries
 * (the test base provider) and installs siotrace.dll from beside the program
 * over every one of them, as lspctl install does: one layered entry, IFS
 * chains placed first. */
void e2e_setup(const char *name);
/* The same over another base provider DLL (beside the program). */
void e2e_setup_over(const char *name, const wchar_t *base_dll);

/* A log file read whole, split into lines. */
typedef struct e2e_log {
    char *text;
    size_t size;
    char **lines;
    size_t *lens;
    size_t count;
    bool ends_with_newline;
    size_t set_aside;  /* whole socket lines e2e_log_read left out */
} e2e_log_t;

/* dir\<this program's file name>.<pid>.jsonl (ext "jsonl" or "log"). */
void e2e_log_path(char *out, size_t n, const char *dir, DWORD pid, const char *ext);
/* Reads the log of process pid; false when there is no such file. Whole
 * socket lines (created, bound, closed) are left out and counted, so that
 * lines[] holds the calls and notices; e2e_log_read_all keeps every line. */
bool e2e_log_read(e2e_log_t *log, const char *dir, DWORD pid, const char *ext);
bool e2e_log_read_all(e2e_log_t *log, const char *dir, DWORD pid, const char *ext);
void e2e_log_free(e2e_log_t *log);
/* Parses line i into d; false when it is not one well-formed JSON object. */
bool e2e_log_json(const e2e_log_t *log, size_t i, jdoc_t *d);

/* Loopback listener and a connected pair over it (af AF_INET or AF_INET6). */
SOCKET e2e_listener(int af, struct sockaddr_storage *addr, int *addrlen);
bool e2e_tcp_pair(int af, SOCKET *client, SOCKET *server);

#endif
