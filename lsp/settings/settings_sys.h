/* settings_sys: the system folders LogDirectory may name (settings.h's
 * settings_sys_t), found the way a DLL loaded into every process must find
 * them: a service, a process started early in boot, one with no user
 * profile or with an environment its user chose. Windows only. */
#ifndef SIOT_SETTINGS_SYS_H
#define SIOT_SETTINGS_SYS_H

#include "settings.h"

/* Fills both folders, leaving empty one that cannot be found. */
void settings_sys_load(settings_sys_t *sys);

#endif
