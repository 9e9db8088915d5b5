/* lspctl's exit codes; `lspctl --help` says what each means in full. */
#ifndef SIOT_EXITCODE_H
#define SIOT_EXITCODE_H

typedef enum exitcode_t {
    EXIT_DONE = 0,          /* success (status: installed and whole) */
    EXIT_NOT_INSTALLED = 1, /* status: siotrace is not installed */
    EXIT_USAGE = 2,         /* bad command line or value */
    EXIT_NOT_ADMIN = 3,     /* needs an elevated administrator */
    EXIT_BAD_DLL = 4,      /* a siotrace DLL is missing, for another machine, or lacks WSPStartup */
    EXIT_REFUSED = 5,      /* the catalogs' state does not allow it; nothing changed */
    EXIT_UNDONE = 6,       /* a catalog call failed; what this run changed was undone */
    EXIT_LEFT_CHANGED = 7, /* a catalog call failed and undoing failed too: run `lspctl repair` */
    EXIT_NO_API = 8,       /* a catalog function this needs is missing; nothing changed */
    EXIT_SYSTEM = 9        /* registry or file system error (configuration, log directory) */
} exitcode_t;

#endif
