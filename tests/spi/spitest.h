/* What the host tests share: a fresh seeded catalog for the test, and the base
 * provider's call log. */
#ifndef SIOT_SPITEST_H
#define SIOT_SPITEST_H

#include "baselog.h"

/* Seeds `<name>.catalog` in the current directory with the default entries
 * served by siot_baseprov.dll beside the test program (named as
 * %SIOT_TEST_BIN%\siot_baseprov.dll), and points SIOT_CATALOG at it. Exits
 * on failure. */
void spitest_catalog(const char *name);

/* Installs siot_testlsp.dll (beside the test program) under `guid` over every
 * base entry, as WSCInstallProviderAndChains64_32 does. Exits on failure. */
void spitest_install_testlsp(GUID *guid);

/* The call log of the loaded siot_baseprov.dll. Exits when it is not loaded. */
typedef struct spitest_log_t {
    baselog_next_fn next;
    baselog_get_fn get;
    baselog_name_fn name;
} spitest_log_t;
spitest_log_t spitest_log(void);

/* The first record of `fn` at or after `from`; exits when there is none. */
baselog_call_t spitest_find(const spitest_log_t *log, LONG from, baselog_fn_t fn);

/* How many records of `fn` there are at or after `from`. */
int spitest_count(const spitest_log_t *log, LONG from, baselog_fn_t fn);

#endif
