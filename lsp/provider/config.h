/* config: siotrace's settings, from HKLM\SOFTWARE\siotrace only. A missing
 * key means the defaults; a value of the wrong type or out of range is
 * ignored in favour of its default, so no setting can stop a program. */
#ifndef SIOT_CONFIG_H
#define SIOT_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

#define CONFIG_KEY L"SOFTWARE\\siotrace"
#define CONFIG_DIR_MAX 1024
#define CONFIG_DEFAULT_DIR L"%ProgramData%\\siotrace\\logs"
#define CONFIG_DEFAULT_MAX_FILE_BYTES (64ULL * 1024 * 1024)
#define CONFIG_MIN_FILE_BYTES 4096ULL

typedef struct config {
    bool traced;              /* Enabled, and this image passes Include/Exclude */
    bool audit;               /* Audit: capture calls audited, whatever `traced` says */
    bool json, text;          /* Formats */
    uint64_t max_file_bytes;  /* MaxFileBytes, per file */
    wchar_t log_dir[CONFIG_DIR_MAX]; /* LogDirectory, expanded, absolute */
} config_t;

/* Reads the configuration for the process whose image file name (for
 * example L"curl.exe") is `image`. Always yields a usable configuration. */
void config_load(config_t *c, const wchar_t *image);

#endif
