/* lspctl's exit codes; `lspctl --help` lists them. */
#ifndef SIOT_EXITCODE_H
#define SIOT_EXITCODE_H

typedef enum exitcode_t {
    /* success (status: installed and whole) */
    EXIT_DONE = 0,
    /* status: siotrace is not installed */
    EXIT_NOT_INSTALLED = 1,
    /* bad command line or value */
    EXIT_USAGE = 2,
    /* needs an elevated administrator */
    EXIT_NOT_ADMIN = 3,
    /* a siotrace DLL is missing, for the wrong machine, or lacks WSPStartup */
    EXIT_BAD_DLL = 4,
    /* the catalogs' state does not allow it; nothing changed (status: partly installed) */
    EXIT_REFUSED = 5,
    /* a catalog call failed; what this run changed was undone */
    EXIT_UNDONE = 6,
    /* a catalog call failed and undoing failed too: the catalogs are changed as the
     * message says; run `lspctl repair` */
    EXIT_LEFT_CHANGED = 7,
    /* a catalog function this needs is missing; nothing changed */
    EXIT_NO_API = 8,
    /* registry or file system error (configuration, log directory) */
    EXIT_SYSTEM = 9
} exitcode_t;

#endif
