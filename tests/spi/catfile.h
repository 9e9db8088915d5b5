/* The text file that holds a model Winsock catalog: both catalogs (64-bit and
 * 32-bit) and the application categories, in memory and on disk.
 *
 * Format (UTF-8, one record a line, fields separated by one TAB, `key=value`):
 *
 *   siotrace-catalog-model 1
 *   catalog 64  next=1007                      (TAB-separated; 64 first, then 32)
 *   entry   id=1001  guid={E70F1AA0-...}  chain=1001  sf=0x00020066,0x0,0x0,0x0
 *           pfl=0x00000008  ver=2  af=2  addr=16,16  type=1  proto=6  maxoff=0
 *           order=0  sec=0  msg=0  reserved=0  lspcat=0x00000000
 *           name=MSAFD Tcpip [TCP/IP]  path=Z:\...\siot_baseprov.dll
 *   app     cat=0x00000001  path=C:\x\a.exe  extra=
 *
 * `entry` lines belong to the last `catalog` line; their order is the catalog
 * order. `chain` lists ProtocolChain.ChainEntries (empty: ChainLen 0, a layered
 * entry). `next` is the catalog's id counter: the id the next entry installed
 * into that catalog alone gets (see catmodel.h for calls that write both).
 * Strings hold no control characters. catfile_save writes exactly this
 * layout, so two equal catalogs give the same bytes. */
#ifndef SIOT_CATFILE_H
#define SIOT_CATFILE_H

#include <winsock2.h>
#include <ws2spi.h>

#define CATFILE_MAX_ENTRIES 128
#define CATFILE_MAX_APPS    64

typedef enum catfile_which_t { CATFILE_64 = 0, CATFILE_32 = 1 } catfile_which_t;

typedef struct catfile_entry_t {
    WSAPROTOCOL_INFOW info;
    WCHAR path[MAX_PATH]; /* unexpanded, as installed */
    DWORD lsp_categories; /* ProviderInfoLspCategories */
} catfile_entry_t;

typedef struct catfile_catalog_t {
    DWORD next_id;
    size_t count;
    catfile_entry_t entries[CATFILE_MAX_ENTRIES];
} catfile_catalog_t;

typedef struct catfile_app_t {
    WCHAR path[MAX_PATH];
    WCHAR extra[MAX_PATH];
    DWORD categories;
} catfile_app_t;

typedef struct catfile_t {
    catfile_catalog_t cat[2];
    size_t app_count;
    catfile_app_t apps[CATFILE_MAX_APPS];
} catfile_t;

/* Both return 0, or a Win32/WSA error: ERROR_FILE_NOT_FOUND when the file is
 * absent, ERROR_INVALID_DATA (with *line set) when it does not parse. */
int catfile_load(const WCHAR *path, catfile_t *cf, int *line);

/* Writes a temporary file beside `path` and renames it over `path`, so a
 * reader sees the old or the new catalog, never a part. */
int catfile_save(const WCHAR *path, const catfile_t *cf);

/* A string fits a field: shorter than `cap` and free of control characters. */
int catfile_valid_string(const WCHAR *s, size_t cap);

#endif
