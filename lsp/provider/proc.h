/* proc: this process's identity as records and log file names show it. */
#ifndef SIOT_PROC_H
#define SIOT_PROC_H

#include <stdint.h>
#include <wchar.h>

#define PROC_IMAGE_MAX 260

/* Reads the image name and start time; called once per start-up, before
 * any record. */
void proc_init(void);
/* The executable's file name, e.g. L"curl.exe" (L"unknown" if unreadable). */
const wchar_t *proc_image_w(void);
/* The same in UTF-8. */
const char *proc_image_utf8(void);
/* The process's start time, UTC microseconds since 1970: with the pid it
 * names one process instance, where a pid alone may be reused. */
uint64_t proc_instance_us(void);

#endif
