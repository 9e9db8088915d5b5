/* config: siotrace's settings, from HKLM\SOFTWARE\siotrace only, read with
 * the rules of lsp/settings. A missing key means the defaults; a value the
 * rules refuse is ignored in favour of its default, so no setting can stop
 * a program, and the log says which was ignored. */
#ifndef SIOT_PROVIDER_CONFIG_H
#define SIOT_PROVIDER_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

#include "settings.h"

#define CONFIG_KEY L"SOFTWARE\\siotrace"

typedef struct config {
    bool traced;             /* Enabled, and this image passes Include/Exclude */
    bool audit;              /* Audit: capture calls audited, whatever `traced` says */
    bool json, text;         /* Formats */
    uint64_t max_file_bytes; /* MaxFileBytes, per file */
    wchar_t log_dir[SETTINGS_PATH_MAX + 1];     /* LogDirectory, expanded; empty when unknown */
    settings_refusal_t ignored[SETTINGS_COUNT]; /* why each ignored value was, else SETTINGS_OK */
} config_t;

/* Reads the configuration for the process whose image file name (for
 * example L"curl.exe") is `image`. Always yields a usable configuration. */
void config_load(config_t *c, const wchar_t *image);

#endif
