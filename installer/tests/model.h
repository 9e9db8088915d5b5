/* A catalog model file for one test, and lspctl-model run on it. */
#ifndef SIOT_INSTALLER_MODEL_H
#define SIOT_INSTALLER_MODEL_H

#include "catfile.h"
#include "catmodel.h"
#include "runproc.h"

/* The programs and DLLs a model test gets on its command line:
 * lspctl-model.exe, the x64 and the x86 fixture DLLs (Windows paths). */
typedef struct model_args_t {
    const char *lspctl, *dll64, *dll32;
} model_args_t;

/* Takes them from argv (argc must be at least 4). */
void model_args(int argc, char **argv, model_args_t *a);

/* A fresh model with Windows' default base entries in %TEMP%\siot-<name>.catalog,
 * used by this process's catmodel_* calls and by model_lspctl. */
void model_init(const char *name);

/* The same, its base entries served by the DLL at base (both catalogs). */
void model_init_base(const char *name, const WCHAR *base);

/* From now on lspctl-secfake, run by this process, keeps the security it sets
 * on directories in a fresh %TEMP%\siot-<name>.acl (aclstore.h), as Windows
 * would, and reads it back from there. */
void model_acl(const char *name);

/* The model's file (a Windows path). */
const char *model_file(void);

/* The file's bytes (malloc'd, NUL-terminated). */
char *model_bytes(void);

/* Puts bytes back as the model's file. */
void model_put(const char *bytes);

/* Runs lspctl-model with args, as model_lspctl does, and checks that it
 * exits with `want`, showing its output when it does not. */
void model_expect(runproc_t *r, const model_args_t *a, int want, const char *args);

/* model_expect, and the model's file is byte for byte as it was. */
void model_expect_unchanged(runproc_t *r, const model_args_t *a, int want, const char *args);

/* `install` with the fixture DLLs and extra arguments, through model_expect. */
void model_install(runproc_t *r, const model_args_t *a, int want, const char *extra);

/* {0BADC0DE-1111-2222-3333-444444444444}: another vendor's LSP (not const:
 * the catalog functions take an LPGUID). */
extern GUID model_other;

/* Whether two model files hold the same catalogs: byte for byte except the
 * next-id counters (Windows' catalog keeps one too, and no call turns it
 * back), and except the ids lspctl's restore report (its stderr, or NULL)
 * says were renumbered: "entry 1008 of the 64-bit catalog is now entry 1015";
 * those are renumbered in a, links included, before comparing. */
int model_same(const char *a, const char *b, const char *report);

/* Whether the model's file holds the same catalogs as bytes (model_same). */
int model_holds(const char *bytes);

/* Runs `lspctl-model ARGS` on the model; env adds variables (NULL-terminated). */
int model_lspctl(runproc_t *r, const model_args_t *a, const char *const *env, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The same, not as an (elevated) administrator. */
int model_lspctl_unelevated(runproc_t *r, const model_args_t *a, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The entries of a catalog (CATFILE_64 or _32) through the model's API. */
int model_entries(int which, WSAPROTOCOL_INFOW *out, int max);

#endif
