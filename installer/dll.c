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

/* One of Windows' folders (get: GetSystemDirectoryW and its kin) into buf:
 * its length, or 0. */
static size_t dll__folder(UINT(WINAPI *get)(LPWSTR, UINT), WCHAR buf[MAX_PATH])
{
    UINT len = get(buf, MAX_PATH);

    return len < MAX_PATH ? len : 0;
}

/* path as WOW64 file system redirection shows it to a 32-bit process, into
 * file: System32 is SysWOW64, but for the folders of dll__shared;
 * %windir%\Sysnative, which only a 32-bit process sees, is System32 itself. */
static int dll__redirect(const WCHAR *path, WCHAR *file, size_t n)
{
    WCHAR sys[MAX_PATH], win[MAX_PATH], native[MAX_PATH], wow[MAX_PATH];
    size_t slen = dll__folder(GetSystemDirectoryW, sys), k;

    if (!slen || !dll__folder(GetSystemWindowsDirectoryW, win) ||
        out_wpath(native, MAX_PATH, L"%ls\\Sysnative", win))
        return -1;
    if (dll__under(path, native, wcslen(native)))
        return out_wpath(file, n, L"%ls%ls", sys, path + wcslen(native));
    if (!dll__under(path, sys, slen))
        return out_wpath(file, n, L"%ls", path);
    for (k = 0; k < _countof(dll__shared); k++)
        if (dll__under(path + slen + 1, dll__shared[k], wcslen(dll__shared[k])))
            return out_wpath(file, n, L"%ls", path);
    if (!dll__folder(GetSystemWow64DirectoryW, wow))
        return -1;
    return out_wpath(file, n, L"%ls%ls", wow, path + slen);
}

/* The variables WOW64 gives a 32-bit process values of its own ("WOW64
 * Implementation Details"), each with the variable of the 64-bit environment
 * it takes its value from (NULL: x86), in an order that reads a variable
 * before it is changed. ProgramW6432 and CommonProgramW6432 name the 64-bit
 * folders in both. */
static const WCHAR *const dll__wow64_vars[][2] = {
    {L"ProgramFiles", L"ProgramFiles(x86)"},
    {L"CommonProgramFiles", L"CommonProgramFiles(x86)"},
    {L"PROCESSOR_ARCHITEW6432", L"PROCESSOR_ARCHITECTURE"},
    {L"PROCESSOR_ARCHITECTURE", NULL},
};

/* registered expanded into path (MAX_PATH) as a 32-bit process expands it:
 * in lspctl's environment with the variables of dll__wow64_vars set as WOW64
 * sets them, for this one expansion, so that names and '%' are read as
 * ExpandEnvironmentStrings reads them; the environment is then put back
 * whole. What ExpandEnvironmentStringsW returns, 0 on failure. */
static DWORD dll__expand32(const WCHAR *registered, WCHAR *path)
{
    WCHAR *saved = GetEnvironmentStringsW(), value[MAX_PATH];
    DWORD len = 0, got = 0;
    size_t k;

    for (k = 0; saved && k < _countof(dll__wow64_vars); k++) {
        const WCHAR *from = dll__wow64_vars[k][1];

        if ((from && (got = GetEnvironmentVariableW(from, value, MAX_PATH)) >= MAX_PATH) ||
            !SetEnvironmentVariableW(dll__wow64_vars[k][0], !from ? L"x86"
                                                            : got ? value
                                                                  : NULL))
            break;
    }
    if (saved && k == _countof(dll__wow64_vars))
        len = ExpandEnvironmentStringsW(registered, path, MAX_PATH);
    if (saved && !SetEnvironmentStringsW(saved))
        len = 0;
    FreeEnvironmentStringsW(saved);
    return len;
}

int dll_file(catalog_which_t w, const WCHAR *registered, WCHAR *file, size_t n)
{
    /* A 32-bit lspctl runs only on 32-bit Windows, where nothing differs. */
    int wow64 = sizeof(void *) == 8 && w == CATALOG_32;
    WCHAR path[MAX_PATH];
    DWORD len = wow64 ? dll__expand32(registered, path)
                      : ExpandEnvironmentStringsW(registered, path, MAX_PATH);

    if (len == 0 || len > MAX_PATH)
        return -1;
    return wow64 ? dll__redirect(path, file, n) : out_wpath(file, n, L"%ls", path);
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
    return machine == IMAGE_FILE_MACHINE_AMD64   ? "x64"
           : machine == IMAGE_FILE_MACHINE_I386  ? "x86"
           : machine == IMAGE_FILE_MACHINE_ARM64 ? "ARM64"
                                                 : "another processor";
}

static dll_result_t dll__image(dll_image_t *im, WORD machine, char *why, size_t n)
{
    DWORD lfanew, sig, export_rva;
    IMAGE_FILE_HEADER fh;
    WORD magic;
    size_t opt;

    if (im->size < 64 || im->p[0] != 'M' || im->p[1] != 'Z' || dll__get(im, 0x3c, &lfanew, 4) ||
        dll__get(im, lfanew, &sig, 4) || sig != IMAGE_NT_SIGNATURE)
        return out_why(why, n, DLL_NOT_PE, "not a PE image");
    if (dll__get(im, lfanew + 4, &fh, sizeof fh))
        return out_why(why, n, DLL_NOT_PE, "its PE header is cut short");
    if (fh.Machine != machine)
        return out_why(why, n, DLL_WRONG_MACHINE, "built for %s (machine 0x%04x), not %s (0x%04x)",
                       dll_machine_name(fh.Machine), fh.Machine, dll_machine_name(machine),
                       machine);
    if (!(fh.Characteristics & IMAGE_FILE_DLL))
        return out_why(why, n, DLL_NOT_DLL, "an executable, not a DLL");
    opt = lfanew + offsetof(IMAGE_NT_HEADERS, OptionalHeader);
    im->sections = opt + fh.SizeOfOptionalHeader;
    im->nsections = fh.NumberOfSections;
    /* The export directory is data directory 0: at 96 in PE32, 112 in PE32+. */
    if (dll__get(im, opt, &magic, 2) || (magic != 0x10b && magic != 0x20b) ||
        dll__get(im, opt + (magic == 0x10b ? 96 : 112), &export_rva, 4))
        return out_why(why, n, DLL_NOT_PE, "its optional header is damaged");
    if (!dll__exports(im, export_rva, "WSPStartup"))
        return out_why(why, n, DLL_NO_EXPORT, "exports no function named WSPStartup%s",
                       dll__exports(im, export_rva, "WSPStartup@76")
                           ? " (only the decorated WSPStartup@76: build it with a .def file)"
                           : "");
    return DLL_OK;
}

/* The whole of the file h into im->p (free it): DLL_OK, or what stopped it. */
static dll_result_t dll__read(HANDLE h, dll_image_t *im, char *why, size_t n)
{
    LARGE_INTEGER size;
    DWORD got = 0;

    if (!GetFileSizeEx(h, &size) || size.QuadPart > DLL_MAX_BYTES)
        return out_why(why, n, DLL_NOT_PE, "larger than %u MiB: not an LSP DLL",
                       DLL_MAX_BYTES >> 20);
    unsigned char *buf = malloc((size_t)size.QuadPart + 1);

    im->p = buf;
    im->size = (size_t)size.QuadPart;
    if (!buf || !ReadFile(h, buf, (DWORD)im->size, &got, NULL) || got != im->size)
        return out_why(why, n, DLL_UNREADABLE, "cannot be read");
    return DLL_OK;
}

dll_result_t dll_check(const WCHAR *file, WORD machine, char *why, size_t n)
{
    HANDLE h = CreateFileW(file, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    DWORD err = GetLastError();
    dll_image_t im = {0};
    dll_result_t r;

    if (h == INVALID_HANDLE_VALUE && (err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND))
        return out_why(why, n, DLL_MISSING, "no such file");
    if (h == INVALID_HANDLE_VALUE)
        return out_why(why, n, DLL_UNREADABLE, "cannot be opened (error %lu)", (unsigned long)err);
    r = dll__read(h, &im, why, n);
    CloseHandle(h);
    if (r == DLL_OK)
        r = dll__image(&im, machine, why, n);
    free((void *)im.p);
    return r;
}

/* "version 1.2.3.4" from the version resource, or what is missing. */
static void dll__version(const WCHAR *file, char *buf, size_t n)
{
    DWORD handle = 0, size = GetFileVersionInfoSizeW(file, &handle);
    VS_FIXEDFILEINFO *fixed = NULL;
    UINT len = 0;
    void *data = size ? malloc(size) : NULL;

    snprintf(buf, n, "version (no version resource)");
    if (data && GetFileVersionInfoW(file, 0, size, data) &&
        VerQueryValueW(data, L"\\", (void **)&fixed, &len) && len >= sizeof *fixed)
        snprintf(buf, n, "version %lu.%lu.%lu.%lu", (unsigned long)HIWORD(fixed->dwFileVersionMS),
                 (unsigned long)LOWORD(fixed->dwFileVersionMS),
                 (unsigned long)HIWORD(fixed->dwFileVersionLS),
                 (unsigned long)LOWORD(fixed->dwFileVersionLS));
    free(data);
}

dll_result_t dll_judge(catalog_which_t w, const WCHAR *registered, char *file, size_t fn, char *why,
                       size_t n)
{
    WCHAR path[MAX_PATH];
    char version[80];
    dll_result_t r;

    file[0] = 0;
    if (dll_file(w, registered, path, MAX_PATH))
        return out_why(why, n, DLL_UNEXPANDED, "does not expand to a file name");
    out_utf8(path, file, fn);
    if ((r = dll_check(path, dll_machine(w), why, n)) != DLL_OK)
        return r;
    dll__version(path, version, sizeof version);
    return out_why(why, n, DLL_OK, "%s, exports WSPStartup, %s", dll_machine_name(dll_machine(w)),
                   version);
}
