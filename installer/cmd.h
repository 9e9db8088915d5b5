/* The lspctl commands. Each returns an exit code (exitcode.h). */
#ifndef SIOT_CMD_H
#define SIOT_CMD_H

#include "cli.h"

int cmd_show(cli_t *c);
int cmd_install(cli_t *c);
int cmd_uninstall(cli_t *c);
int cmd_repair(cli_t *c);
int cmd_status(cli_t *c);
int cmd_config(cli_t *c);
int cmd_exclude(cli_t *c);
int cmd_include(cli_t *c);
int cmd_bypass(cli_t *c);
int cmd_unbypass(cli_t *c);

#endif
