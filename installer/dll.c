#include "dll.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "out.h"

WORD dll_machine(catalog_which_t w)
{
    return w == CATALOG_64 ? IMAGE_FILE_MACHINE_AMD64 : IMAGE_FILE_MACHINE_I386;
}

/* The folders of System32 that WOW64 does not redirect ("File System
 * Redirector"). */
static const WCHAR *const dll__shared[] = {
    L"catroot", L"catroot2", L"driverstore", L"drivers\\etc", L"logfiles", L"spool",
};

/* Whether path is inside the folder dir (len characters long). */
static int dll__under(const WCHAR *path, const WCHAR *dir, size_t len)
{
    return wcslen(path) > len && _wcsnicmp(path, dir, len) == 0 && path[len] == L'\\';
}

/* file with its first len characters replaced by to. */
static int dll__replace(WCHAR *file, size_t n, size_t len, const WCHAR *to)
{
    WCHAR rest[MAX_PATH];

    if (wcslen(file + len) >= MAX_PATH || wcslen(to) + wcslen(file + len) >= n)
        return -1;
    wcscpy(rest, file + len);
    wcscpy(file, to);
    wcscat(file, rest);
    return 0;
}

/* What WOW64 file system redirection does for a 32-bit process: System32 is
 * SysWOW64, but for the folders of dll__shared; %windir%\Sysnative, which
 * only a 32-bit process sees, is System32 itself. */
static int dll__redirect(WCHAR *file, size_t n)
{
    WCHAR sys[MAX_PATH], other[MAX_PATH];
    UINT slen = GetSystemDirectoryW(sys, MAX_PATH);
    UINT olen = GetSystemWindowsDirectoryW(other, MAX_PATH);
    size_t k;

    if (slen == 0 || slen >= MAX_PATH || olen == 0 || olen + 10 >= MAX_PATH)
        return -1;
    wcscat(other, L"\\Sysnative");
    if (dll__under(file, other, olen + 10))
        return dll__replace(file, n, olen + 10, sys);
    if (!dll__under(file, sys, slen))
        return 0;
    for (k = 0; k < sizeof dll__shared / sizeof dll__shared[0]; k++)
        if (dll__under(file + slen + 1, dll__shared[k], wcslen(dll__shared[k])))
            return 0;
    olen = GetSystemWow64DirectoryW(other, MAX_PATH);
    if (olen == 0 || olen >= MAX_PATH)
        return -1;
    return dll__replace(file, n, slen, other);
}

/* The variables WOW64 gives a 32-bit process values of its own ("WOW64
 * Implementation Details"), each as that value is named in the 64-bit
 * environment lspctl expands in. ProgramW6432 and CommonProgramW6432 name the
 * 64-bit folders in both. */
static const struct dll_wow64_var_t {
    const WCHAR *name, *as32;
} dll__wow64_vars[] = {
    {L"ProgramFiles", L"%ProgramFiles(x86)%"},
    {L"CommonProgramFiles", L"%CommonProgramFiles(x86)%"},
    {L"PROCESSOR_ARCHITECTURE", L"x86"},
    {L"PROCESSOR_ARCHITEW6432", L"%PROCESSOR_ARCHITECTURE%"},
};

/* The length of the text or %NAME% at s, cut as ExpandEnvironmentStrings
 * cuts it: a '%' opens a name the next '%' closes, and one never closed is
 * text. */
static size_t dll__token(const WCHAR *s)
{
    const WCHAR *close;

    if (s[0] != L'%')
        return wcscspn(s, L"%");
    close = wcschr(s + 1, L'%');
    return close ? (size_t)(close - s) + 1 : wcslen(s);
}

static const WCHAR *dll__as32_name(const WCHAR *token, size_t len)
{
    size_t k;

    if (len < 2 || token[0] != L'%' || token[len - 1] != L'%')
        return NULL;
    for (k = 0; k < sizeof dll__wow64_vars / sizeof dll__wow64_vars[0]; k++)
        if (wcslen(dll__wow64_vars[k].name) == len - 2 &&
            _wcsnicmp(token + 1, dll__wow64_vars[k].name, len - 2) == 0)
            return dll__wow64_vars[k].as32;
    return NULL;
}

/* path with each variable of dll__wow64_vars replaced by what it is in a
 * 32-bit process. Each replacement is a whole %NAME% or holds no '%', so the
 * expansion cuts the rest of the path as it would have. */
static int dll__as32(const WCHAR *path, WCHAR *out, size_t n)
{
    size_t used = 0;

    while (*path) {
        size_t len = dll__token(path);
        const WCHAR *as32 = dll__as32_name(path, len);
        const WCHAR *text = as32 ? as32 : path;
        size_t tlen = as32 ? wcslen(as32) : len;

        if (tlen >= n - used)
            return -1;
        wmemcpy(out + used, text, tlen);
        used += tlen;
        path += len;
    }
    out[used] = 0;
    return 0;
}

int dll_file(catalog_which_t w, const WCHAR *registered, WCHAR *file, size_t n)
{
    /* A 32-bit lspctl runs only on 32-bit Windows, where nothing differs. */
    int wow64 = sizeof(void *) == 8 && w == CATALOG_32;
    WCHAR as32[2 * MAX_PATH];
    DWORD len;

    if (wow64 && dll__as32(registered, as32, sizeof as32 / sizeof as32[0]))
        return -1;
    len = ExpandEnvironmentStringsW(wow64 ? as32 : registered, file, (DWORD)n);
    if (len == 0 || len > n)
        return -1;
    return wow64 ? dll__redirect(file, n) : 0;
}

/* LSP DLLs are small; anything larger than this is not one. */
#define DLL_MAX_BYTES (64u << 20)

typedef struct dll_image_t {
    const unsigned char *p;
    size_t size;
    size_t sections; /* offset of the section table */
    unsigned nsections;
} dll_image_t;

/* Copies n bytes at off of the image: 0, or -1 past its end. PE images are
 * little-endian, as x86 and x64 are. */
static int dll__get(const dll_image_t *im, size_t off, void *out, size_t n)
{
    if (off > im->size || im->size - off < n)
        return -1;
    memcpy(out, im->p + off, n);
    return 0;
}

/* The file offset of an RVA, through the section that holds it (read up to
 * its PointerToRawData). */
static int dll__offset(const dll_image_t *im, DWORD rva, size_t *off)
{
    IMAGE_SECTION_HEADER h;

    for (unsigned i = 0; i < im->nsections; i++) {
        if (dll__get(im, im->sections + (size_t)i * sizeof h, &h,
                     offsetof(IMAGE_SECTION_HEADER, PointerToRelocations)))
            return -1;
        DWORD at = rva - h.VirtualAddress, vsize = h.Misc.VirtualSize;

        if (rva >= h.VirtualAddress && at < h.SizeOfRawData &&
            at < (vsize ? vsize : h.SizeOfRawData)) {
            *off = h.PointerToRawData + at;
            return *off < im->size ? 0 : -1;
        }
    }
    return -1;
}

/* Whether the export directory at rva lists want among its names. */
static int dll__exports(const dll_image_t *im, DWORD rva, const char *want)
{
    IMAGE_EXPORT_DIRECTORY dir;
    size_t at, table, name, len = strlen(want);
    DWORD name_rva;

    if (rva == 0 || dll__offset(im, rva, &at) ||
        dll__get(im, at, &dir, offsetof(IMAGE_EXPORT_DIRECTORY, AddressOfNameOrdinals)) ||
        dll__offset(im, dir.AddressOfNames, &table))
        return 0;
    for (DWORD i = 0; i < dir.NumberOfNames; i++) {
        if (dll__get(im, table + i * 4, &name_rva, 4) || dll__offset(im, name_rva, &name))
            return 0;
        if (im->size - name > len && memcmp(im->p + name, want, len + 1) == 0)
            return 1;
    }
    return 0;
}

const char *dll_machine_name(WORD machine)
{
    switch (machine) {
    case IMAGE_FILE_MACHINE_AMD64:
        return "x64";
    case IMAGE_FILE_MACHINE_I386:
        return "x86";
    case IMAGE_FILE_MACHINE_ARM64:
        return "ARM64";
    default:
        return "another processor";
    }
}

static dll_result_t dll__image(const dll_image_t *in, WORD machine, char *why, size_t n)
{
    dll_image_t im = *in;
    DWORD lfanew, sig, export_rva;
    IMAGE_FILE_HEADER fh;
    WORD magic;
    size_t opt;

    if (im.size < 64 || im.p[0] != 'M' || im.p[1] != 'Z' || dll__get(&im, 0x3c, &lfanew, 4) ||
        dll__get(&im, lfanew, &sig, 4) || sig != IMAGE_NT_SIGNATURE) {
        snprintf(why, n, "not a PE image");
        return DLL_NOT_PE;
    }
    if (dll__get(&im, lfanew + 4, &fh, sizeof fh)) {
        snprintf(why, n, "its PE header is cut short");
        return DLL_NOT_PE;
    }
    if (fh.Machine != machine) {
        snprintf(why, n, "built for %s (machine 0x%04x), not %s (0x%04x)",
                 dll_machine_name(fh.Machine), fh.Machine, dll_machine_name(machine), machine);
        return DLL_WRONG_MACHINE;
    }
    if (!(fh.Characteristics & IMAGE_FILE_DLL)) {
        snprintf(why, n, "an executable, not a DLL");
        return DLL_NOT_DLL;
    }
    opt = lfanew + 24;
    im.sections = opt + fh.SizeOfOptionalHeader;
    im.nsections = fh.NumberOfSections;
    /* The export directory is data directory 0: at 96 in PE32, 112 in PE32+. */
    if (dll__get(&im, opt, &magic, 2) || (magic != 0x10b && magic != 0x20b) ||
        dll__get(&im, opt + (magic == 0x10b ? 96 : 112), &export_rva, 4)) {
        snprintf(why, n, "its optional header is damaged");
        return DLL_NOT_PE;
    }
    if (!dll__exports(&im, export_rva, "WSPStartup")) {
        snprintf(why, n, "exports no function named WSPStartup%s",
                 dll__exports(&im, export_rva, "WSPStartup@76")
                     ? " (only the decorated WSPStartup@76: build it with a .def file)"
                     : "");
        return DLL_NO_EXPORT;
    }
    return DLL_OK;
}

dll_result_t dll_check(const WCHAR *file, WORD machine, char *why, size_t n)
{
    HANDLE h = CreateFileW(file, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    LARGE_INTEGER size;
    dll_image_t im = {0};
    unsigned char *buf;
    DWORD got = 0;
    dll_result_t r;

    if (h == INVALID_HANDLE_VALUE) {
        DWORD err = GetLastError();

        if (err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND) {
            snprintf(why, n, "no such file");
            return DLL_MISSING;
        }
        snprintf(why, n, "cannot be opened (error %lu)", (unsigned long)err);
        return DLL_UNREADABLE;
    }
    if (!GetFileSizeEx(h, &size) || size.QuadPart > DLL_MAX_BYTES) {
        CloseHandle(h);
        snprintf(why, n, "larger than %u MiB: not an LSP DLL", DLL_MAX_BYTES >> 20);
        return DLL_NOT_PE;
    }
    buf = malloc((size_t)size.QuadPart + 1);
    if (!buf || !ReadFile(h, buf, (DWORD)size.QuadPart, &got, NULL) ||
        got != (DWORD)size.QuadPart) {
        free(buf);
        CloseHandle(h);
        snprintf(why, n, "cannot be read");
        return DLL_UNREADABLE;
    }
    CloseHandle(h);
    im.p = buf;
    im.size = got;
    r = dll__image(&im, machine, why, n);
    free(buf);
    return r;
}

/* "1.2.3.4" from the version resource, or "" when it has none. */
static void dll__version(const WCHAR *file, char *buf, size_t n)
{
    DWORD handle = 0, size = GetFileVersionInfoSizeW(file, &handle);
    VS_FIXEDFILEINFO *fixed = NULL;
    UINT len = 0;
    void *data;

    if (n)
        buf[0] = 0;
    if (size == 0 || !(data = malloc(size)))
        return;
    if (GetFileVersionInfoW(file, 0, size, data) &&
        VerQueryValueW(data, L"\\", (void **)&fixed, &len) && len >= sizeof *fixed)
        snprintf(buf, n, "%lu.%lu.%lu.%lu", (unsigned long)HIWORD(fixed->dwFileVersionMS),
                 (unsigned long)LOWORD(fixed->dwFileVersionMS),
                 (unsigned long)HIWORD(fixed->dwFileVersionLS),
                 (unsigned long)LOWORD(fixed->dwFileVersionLS));
    free(data);
}

dll_result_t dll_judge(catalog_which_t w, const WCHAR *registered, char *file, size_t fn, char *why,
                       size_t n)
{
    WCHAR path[MAX_PATH];
    char version[64];
    dll_result_t r;

    file[0] = 0;
    if (dll_file(w, registered, path, MAX_PATH)) {
        snprintf(why, n, "does not expand to a file name");
        return DLL_UNEXPANDED;
    }
    out_utf8(path, file, fn);
    if ((r = dll_check(path, dll_machine(w), why, n)) != DLL_OK)
        return r;
    dll__version(path, version, sizeof version);
    snprintf(why, n, "%s, exports WSPStartup, version %s", dll_machine_name(dll_machine(w)),
             version[0] ? version : "(no version resource)");
    return DLL_OK;
}
