/* 18. Invalid pointers and short buffers, for every IOCTL siotrace knows, on
 * a TCP and a UDP socket: siotrace never faults where the base provider
 * would not have, the application gets the base provider's result, and the
 * base provider receives the very pointers and lengths the application
 * passed. The log records what could not be read as such.
 * usage: e2e_badptr LOG_DIR */
#include <winsock2.h>

#include <string.h>

#include "e2e.h"
#include "ioctl.h"
#include "twin.h"

#define BAD ((void *)1)

typedef struct shape {
    const char *what;
    bool bad_in, bad_out;
    DWORD in_len, out_len;
} shape_t;

static const shape_t shapes[] = {
    {"input (void*)1, 100 bytes", true, false, 100, 64},
    {"input and output (void*)1, 100 bytes", true, true, 100, 100},
    {"input and output of 1 byte", false, false, 1, 1},
    {"output of 3 bytes", false, false, 0, 3},
};

/* Codes whose buffers Wine's own ws2_32 reads or writes in the process,
 * without checking the pointer (even NULL) or the length, rather than
 * handing them to the server (which fails the call with WSAEFAULT): there an
 * invalid pointer faults in ws2_32, inside the base provider, with or
 * without a layer above it, so those codes are not given one. (siotrace's
 * own reads of such pointers are proved safe by every other code.) */
static bool listed(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

static bool wine_reads_input(const ioctl_info_t *io)
{
    static const char *const names[] = {"SIO_GET_EXTENSION_FUNCTION_POINTER",
                                        "SIO_ROUTING_INTERFACE_QUERY"};
    return listed(names, sizeof names / sizeof names[0], io->name);
}

static bool wine_writes_output(const ioctl_info_t *io)
{
    static const char *const names[] = {"SIO_GET_EXTENSION_FUNCTION_POINTER", "SIO_BASE_HANDLE",
                                        "SIO_IDEAL_SEND_BACKLOG_QUERY"};
    return listed(names, sizeof names / sizeof names[0], io->name);
}

static int run_shape(const twin_t *t, const shape_t *sh)
{
    int n = 0;
    for (size_t i = 0; i < ioctl_count(); i++) {
        const ioctl_info_t *io = ioctl_at(i);
        bool no_in = sh->bad_in || sh->in_len == 0, no_out = sh->bad_out || sh->out_len == 0;
        if ((no_in && wine_reads_input(io)) || (no_out && wine_writes_output(io)))
            continue;
        uint8_t in[16] = {0};
        twin_args_t a = {0};
        a.in = sh->bad_in ? BAD : (sh->in_len ? in : NULL);
        a.in_len = sh->in_len;
        a.out = sh->bad_out ? BAD : NULL;
        a.bad_out = sh->bad_out;
        a.out_len = sh->out_len;
        twin_outcome_t lsp, base;
        printf("%-44s %s, %s: ", io->name, t->kind, sh->what);
        fflush(stdout);
        twin_call(t, io->name, io->code, &a, &lsp, &base);
        printf("ret %d err %d bytes %lu\n", lsp.ret, lsp.err, (unsigned long)lsp.bytes);
        checkf(twin_equal(t, &lsp, &base),
               "%s on %s, %s: through siotrace %d/%d/%lu, on the base entry %d/%d/%lu", io->name,
               t->kind, sh->what, lsp.ret, lsp.err, (unsigned long)lsp.bytes, base.ret, base.err,
               (unsigned long)base.bytes);
        n++;
    }
    return n;
}

/* Every line of the log is well formed, and each call whose input was (void*)1
 * says so: state "unreadable", the declared size, the pointer. */
static void check_log(const char *dir, int calls, int unreadable)
{
    static jdoc_t d;
    e2e_log_t log;
    int seen = 0;
    check(e2e_log_read(&log, dir, GetCurrentProcessId(), "jsonl"));
    checkf(log.count == (size_t)calls + TWIN_OPEN_LSP_IOCTLS, "%zu lines for %d calls", log.count,
           calls + TWIN_OPEN_LSP_IOCTLS);
    for (size_t i = 0; i < log.count; i++) {
        long long size;
        checkf(e2e_log_json(&log, i, &d), "line %zu: %.*s", i, (int)log.lens[i], log.lines[i]);
        if (jdoc_str_is(&d, "in.state", "unreadable")) {
            check(jdoc_int(&d, "in.size", &size) && size == 100);
            check(jdoc_str_is(&d, "in.addr", "0x0000000000000001"));
            seen++;
        }
    }
    checkf(seen == unreadable, "%d unreadable inputs logged for %d calls", seen, unreadable);
    e2e_log_free(&log);
}

int main(int argc, char **argv)
{
    check(argc == 2);
    e2e_setup("e2e_badptr");
    WSADATA wsa;
    check(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    twin_t tcp, udp;
    twin_open(&tcp, &udp);
    int n = 0, unreadable = 0;
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        int k = run_shape(&tcp, &shapes[s]) + run_shape(&udp, &shapes[s]);
        n += k;
        if (shapes[s].bad_in)
            unreadable += k;
    }
    twin_close(&tcp);
    twin_close(&udp);
    check(WSACleanup() == 0);
    check_log(argv[1], n, unreadable);
    printf("%d calls with invalid pointers or short buffers: no fault, the base provider's "
           "result each time\n",
           n);
    return 0;
}
