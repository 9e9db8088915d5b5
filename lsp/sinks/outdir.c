#include <windows.h>
#include <winternl.h>

#include "adminsid.h"
#include "outdir.h"

/* ntstatus.h's value (that header clashes with windows.h's own). */
#define OUTDIR__NAME_COLLISION ((NTSTATUS)0xC0000035L)
#define OUTDIR__NAME_NOT_FOUND ((NTSTATUS)0xC0000034L)
#define OUTDIR__SD_MAX         4096

static outdir_status_t outdir__owner(HANDLE dir, bool at_exit)
{
    union {
        SECURITY_DESCRIPTOR sd;
        BYTE bytes[OUTDIR__SD_MAX];
    } buf;
    DWORD need = 0;
    PSID owner = NULL;
    BOOL defaulted = FALSE;
    /* A caller's buffer, not GetSecurityInfo's allocation: this may run at
     * process exit, where the heap may be locked by a thread that is gone. */
    if (!GetKernelObjectSecurity(dir, OWNER_SECURITY_INFORMATION, &buf.sd, sizeof buf, &need) ||
        !GetSecurityDescriptorOwner(&buf.sd, &owner, &defaulted))
        return OUTDIR_ERROR;
    return adminsid_is_admin(owner, at_exit) ? OUTDIR_OK : OUTDIR_OWNER;
}

outdir_status_t outdir_open(const wchar_t *path, bool at_exit, HANDLE *dir)
{
    HANDLE h = CreateFileW(
        path,
        FILE_LIST_DIRECTORY | FILE_TRAVERSE | READ_CONTROL | FILE_READ_ATTRIBUTES | SYNCHRONIZE,
        FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
        FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        return e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND ? OUTDIR_MISSING
                                                                      : OUTDIR_ERROR;
    }
    BY_HANDLE_FILE_INFORMATION info;
    outdir_status_t st = OUTDIR_OK;
    if (!GetFileInformationByHandle(h, &info))
        st = OUTDIR_ERROR;
    else if ((info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) ||
             !(info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY))
        st = OUTDIR_REPARSE;
    else
        st = outdir__owner(h, at_exit);
    if (st != OUTDIR_OK) {
        CloseHandle(h);
        return st;
    }
    *dir = h;
    return OUTDIR_OK;
}

const char *outdir_status_text(outdir_status_t s)
{
    switch (s) {
    case OUTDIR_OK:
        return "usable";
    case OUTDIR_MISSING:
        return "does not exist (siotrace never creates it: lspctl install does)";
    case OUTDIR_REPARSE:
        return "is a junction, symbolic link or other reparse point, or not a directory";
    case OUTDIR_OWNER:
        return "is not owned by SYSTEM, Administrators or a member of Administrators";
    default:
        return "cannot be opened or examined";
    }
}

outdir_create_status_t outdir_create(HANDLE dir, const wchar_t *name, HANDLE *file)
{
    UNICODE_STRING us;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK io;
    RtlInitUnicodeString(&us, name);
    InitializeObjectAttributes(&oa, &us, OBJ_CASE_INSENSITIVE, dir, NULL);
    NTSTATUS st =
        NtCreateFile(file, FILE_APPEND_DATA | FILE_READ_ATTRIBUTES | SYNCHRONIZE, &oa, &io, NULL,
                     FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ | FILE_SHARE_DELETE, FILE_CREATE,
                     FILE_NON_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
    if (st == 0)
        return OUTDIR_CREATED;
    *file = INVALID_HANDLE_VALUE;
    return st == OUTDIR__NAME_COLLISION ? OUTDIR_EXISTS : OUTDIR_FAILED;
}

bool outdir_taken(HANDLE dir, const wchar_t *name)
{
    UNICODE_STRING us;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK io;
    HANDLE h;
    RtlInitUnicodeString(&us, name);
    InitializeObjectAttributes(&oa, &us, OBJ_CASE_INSENSITIVE, dir, NULL);
    NTSTATUS st = NtOpenFile(&h, FILE_READ_ATTRIBUTES | SYNCHRONIZE, &oa, &io,
                             FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                             FILE_SYNCHRONOUS_IO_NONALERT);
    if (st == 0)
        CloseHandle(h);
    return st != OUTDIR__NAME_NOT_FOUND;
}
