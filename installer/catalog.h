/* The Winsock catalogs, through the WSC* functions of ws2_32.dll, each
 * resolved by name so that a missing one (Wine has none of the *32
 * functions, nor WSCSetProviderInfo) is an error to report, never a process
 * that aborts. The test build resolves the same names to the catalog model's
 * catmodel_WSC* functions (backend_model.c), so the code that drives
 * Windows' catalog is the code the tests run.
 *
 * A 64-bit Windows has two catalogs, one read by 64-bit processes and one by
 * 32-bit processes; a 32-bit Windows has only the second. Each function below
 * is one catalog call: it maps onto one WSC* function (the comments name it),
 * so a failure can be reported by the name a Windows administrator knows.
 *
 * Every function returns 0 on success or -1 with cat->error describing the
 * failure. Nothing here retries or rolls back: that is txn.c's business. */
#ifndef SIOT_INSTALLER_CATALOG_H
#define SIOT_INSTALLER_CATALOG_H

#include <winsock2.h>
#include <ws2spi.h>
#include <stddef.h>

typedef enum catalog_which_t { CATALOG_64 = 0, CATALOG_32 = 1 } catalog_which_t;

#define CATALOG_COUNT  2
#define CATALOG_BIT(w) (1u << (w))
#define CATALOG_BOTH   (CATALOG_BIT(CATALOG_64) | CATALOG_BIT(CATALOG_32))

/* Runs the statement that follows once for each catalog w among the
 * CATALOG_BITs of bits, 64-bit first: `CATALOG_EACH (w, cat->catalogs) {...}`. */
#define CATALOG_EACH(w, bits)                                                                      \
    for (catalog_which_t w = CATALOG_64; w < CATALOG_COUNT; w = (catalog_which_t)(w + 1))          \
        if (!((bits)&CATALOG_BIT(w))) {                                                            \
        } else

typedef enum catalog_op_t {
    CATALOG_OP_ENUMERATE,      /* WSCEnumProtocols(32) */
    CATALOG_OP_PATH,           /* WSCGetProviderPath(32) */
    CATALOG_OP_INSTALL,        /* WSCInstallProvider, WSCInstallProvider64_32 */
    CATALOG_OP_INSTALL_CHAINS, /* WSCInstallProviderAndChains(64_32) */
    CATALOG_OP_DEINSTALL,      /* WSCDeinstallProvider(32) */
    CATALOG_OP_WRITE_ORDER,    /* WSCWriteProviderOrder(32) */
    CATALOG_OP_GET_CATEGORY,   /* WSCGetProviderInfo(32), ProviderInfoLspCategories */
    CATALOG_OP_SET_CATEGORY,   /* WSCSetProviderInfo(32), ProviderInfoLspCategories */
    CATALOG_OP_SET_APP,        /* WSCSetApplicationCategory */
    CATALOG_OP_GET_APP,        /* WSCGetApplicationCategory */
    CATALOG_OP_COUNT
} catalog_op_t;

typedef enum catalog_fail_t {
    CATALOG_OK = 0,
    CATALOG_FAILED,     /* the call returned an error (code) */
    CATALOG_MISSING,    /* the function does not exist here (Wine lacks the *32 ones) */
    CATALOG_NO_EFFECT,  /* the call said it succeeded but did not do it */
    CATALOG_UNSUPPORTED /* no function can do this here */
} catalog_fail_t;

typedef struct catalog_error_t {
    catalog_fail_t kind;
    int code;         /* WSA or Win32 error when kind is CATALOG_FAILED */
    char call[48];    /* the function, as Windows names it */
    char detail[200]; /* what was being done, in words */
} catalog_error_t;

typedef struct catalog_t {
    unsigned catalogs;     /* CATALOG_BITs of the catalogs this system has */
    catalog_error_t error; /* the last failure */
    char last_call[48];    /* the function the last call reached, by Windows' name */
    /* Run before each call reaches its function (lspctl-model's fault
     * injection counts and fails calls here); nonzero fails the call, with
     * cat->error set. NULL in lspctl itself. */
    int (*before_call)(struct catalog_t *cat);
    HMODULE ws2;                                 /* ws2_32.dll, or NULL */
    FARPROC fn[CATALOG_OP_COUNT][CATALOG_COUNT]; /* NULL where it is missing */
} catalog_t;

/* Windows' catalogs, through ws2_32.dll. NULL with *error set when it cannot
 * be loaded. */
catalog_t *catalog_open(catalog_error_t *error);

/* The same over other functions with the WSC* signatures: resolve gives the
 * function of that WSC* name, or NULL when there is none. */
typedef void (*catalog_fn_t)(void);
typedef catalog_fn_t (*catalog_resolve_t)(void *ctx, const char *name);
catalog_t *catalog_open_with(catalog_resolve_t resolve, void *ctx, catalog_error_t *error);

const char *catalog_name(catalog_which_t w); /* "64-bit", "32-bit" */

int catalog_supports(catalog_t *cat, catalog_op_t op, catalog_which_t w);

/* The entries of catalog w in catalog order; free *out with free(). */
int catalog_enumerate(catalog_t *cat, catalog_which_t w, WSAPROTOCOL_INFOW **out, size_t *count);
/* The DLL path of provider id, unexpanded, as installed. */
int catalog_path(catalog_t *cat, catalog_which_t w, const GUID *id, WCHAR *path, size_t cap);
/* Installs count entries under id in each catalog of which_bits; the catalog
 * gives them new ids and appends them to its order. */
int catalog_install(catalog_t *cat, unsigned which_bits, const GUID *id, const WCHAR *path,
                    const WSAPROTOCOL_INFOW *infos, size_t count);
/* Installs a layered entry under id and one chain over each entry of over[],
 * in every catalog, chains first in the order (WSCInstallProviderAndChains). */
int catalog_install_chains(catalog_t *cat, const GUID *id, const WCHAR *path64, const WCHAR *path32,
                           const WCHAR *name, DWORD service_flags, const WSAPROTOCOL_INFOW *over,
                           size_t count);
/* Removes every entry of provider id from catalog w. */
int catalog_deinstall(catalog_t *cat, catalog_which_t w, const GUID *id);
/* ids must be a permutation of every id in catalog w. */
int catalog_write_order(catalog_t *cat, catalog_which_t w, const DWORD *ids, size_t count);
int catalog_get_category(catalog_t *cat, catalog_which_t w, const GUID *id, DWORD *categories);
int catalog_set_category(catalog_t *cat, catalog_which_t w, const GUID *id, DWORD categories);
/* Adds categories to the LSP categories the program at path permits, and
 * reads the result back into *now; *previous gets the value before (0 for a
 * program never categorized). WSCSetApplicationCategory ORs what it is given
 * into what the program had, and Windows has no call that takes a category
 * back, so *now is previous | categories: a read-back that differs is a
 * failure (CATALOG_NO_EFFECT). */
int catalog_set_app(catalog_t *cat, const WCHAR *path, DWORD categories, DWORD *previous,
                    DWORD *now);
/* The LSP categories the program at path permits: *categorized 1 and
 * *categories, or *categorized 0 when it was never categorized (Windows then
 * loads every LSP into it). */
int catalog_get_app(catalog_t *cat, const WCHAR *path, DWORD *categories, int *categorized);
void catalog_close(catalog_t *cat);

/* Records a failure in cat->error and returns -1. */
int catalog_fail(catalog_t *cat, catalog_fail_t kind, const char *call, int code, const char *fmt,
                 ...) __attribute__((format(printf, 5, 6)));

/* One line describing cat->error, e.g. "WSCEnumProtocols32 is missing from
 * ws2_32.dll (reading the 32-bit catalog)". */
size_t catalog_describe_error(const catalog_t *cat, char *buf, size_t n);

#endif
