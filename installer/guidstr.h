/* GUIDs as text in registry form: {E70F1AA0-AB8B-11CF-8CA3-00805F48A192}. */
#ifndef SIOT_GUIDSTR_H
#define SIOT_GUIDSTR_H

#include <windows.h>

#define GUIDSTR_LEN 39 /* 38 characters and the terminating NUL */

void guidstr_format(const GUID *id, char out[GUIDSTR_LEN]);

#endif
